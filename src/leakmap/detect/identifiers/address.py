"""Postal addresses: a street line (number + street type) and a postcode with its city."""

from __future__ import annotations

import re

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "address.v1"
_STREET = re.compile(
    r"(?<![0-9])[0-9]{1,4}(?:\s?(?:bis|ter|b))?,?\s+(?:rue|avenue|av\.|boulevard|bd|bld|chemin|all[ée]e|"
    r"place|impasse|route|quai|cours|square|r[ée]sidence|lotissement|lieu[- ]dit|passage|chauss[ée]e|"
    r"voie|villa|cit[ée]|hameau|rond[- ]point|mont[ée]e|sentier|esplanade|promenade)\b[^\n]{2,60}",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"(?<![0-9])((?:0[1-9]|[1-8][0-9]|9[0-8])[0-9]{3})\s+([A-ZÀ-Ý][A-Za-zÀ-ÿ' \-]{1,40})"
)
_POSTCODE_CONTEXT = 120  # a postcode counts when a street line is this close before it


def find_addresses(text: str, place: Place) -> list[Identifier]:
    """Street lines, and postcodes that follow a street line (a lone 5-digit number is noise)."""
    found = []
    street_ends = []
    for match in _STREET.finditer(text):
        street_ends.append(match.start())
        found.append(_identifier(IdentifierKind.ADDRESS, match.group().strip(), match, place))
    for match in _POSTCODE.finditer(text):
        labelled = re.search(
            r"(CP|code postal)\s*:?\s*$", text[max(0, match.start() - 20) : match.start()], re.I
        )
        near = any(0 <= match.start() - start <= _POSTCODE_CONTEXT for start in street_ends)
        if near or labelled:
            found.append(_identifier(IdentifierKind.POSTCODE, match.group(1), match, place))
    return found


def _identifier(kind: IdentifierKind, value: str, match: re.Match[str], place: Place) -> Identifier:
    return Identifier(
        kind=kind,
        value=value,
        raw=match.group(),
        location=place.at(match.start(), match.end()),
        detector="address",
        rule=RULE,
        score=0.85,
        score_before_context=0.85,
    )
