"""Postal addresses: a street line (number + street type) and a postcode with its city.

A lone five-digit number is noise (a count, a lab value, an id), so a postcode counts only
where something says it is one: a street line just before it, a "CP" or "code postal"
label, or an address word ("adresse", "domicile", "demeurant") on the way to it. Its city
follows it ("75011 Paris", "33000, Bordeaux", "CP : 13005  Ville : Marseille") or, in
running prose, comes before it in brackets ("à Nantes (44000)").
"""

from __future__ import annotations

import re

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "address.v2"
#: The street number's first digit, then a check that no digit precedes it: the regex
#: engine skips to the next digit instead of trying every position.
_STREET = re.compile(
    r"[0-9](?<![0-9][0-9])[0-9]{0,3}(?:\s?(?:bis|ter|b))?,?\s+(?:rue|avenue|av\.|avn?|boulevard|bd|bld|chemin|"
    r"all[ée]e|place|impasse|route|quai|cours|square|r[ée]sidence|lotissement|lieu[- ]dit|passage|"
    r"chauss[ée]e|voie|villa|cit[ée]|hameau|rond[- ]point|mont[ée]e|sentier|esplanade|promenade)\b"
    r"[^\n]{2,60}",
    re.IGNORECASE,
)
#: A place named without a street number: "Lieu-dit Kerhuel", "Résidence Les Pins, bât. B".
_NAMED_PLACE = re.compile(
    r"\b(?:[Ll]ieu[- ]dit|LIEU[- ]DIT|R[ée]sidence|R[EÉ]SIDENCE|Lotissement|LOTISSEMENT|Hameau|"
    r"HAMEAU|Domaine|DOMAINE)[ \t]+(?=[A-ZÀ-Þ])[^\n,;:]{2,40}(?:,[ \t]*b[âa]t(?:iment|\.)?[ \t]*[A-Z0-9]+)?"
)
_CODE = r"(?:0[1-9]|[1-8][0-9]|9[0-8]) ?[0-9]{3}"
_CITY = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ' \-]{1,40}"
_POSTCODE = re.compile(
    rf"(?<![0-9])(?P<code>{_CODE})(?![0-9])[ \t]*,?[ \t]*(?:(?i:ville)[ \t]*:[ \t]*)?(?P<city>{_CITY})"
)
_CITY_WORD = r"[A-ZÀ-Ý][\w'’\-]+"
_CITY_THEN_CODE = re.compile(
    rf"(?P<city>{_CITY_WORD}(?:[ \-](?:sur|sous|en|l[eè]s|le|la|de|du|{_CITY_WORD}))*)"
    rf"[ \t]*\((?P<code>{_CODE})\)"
)
_POSTCODE_LABEL = re.compile(r"(?i)(?:\bCP|code postal)\s*:?\s*$")
_ADDRESS_CUE = re.compile(
    r"(?i)\b(?:adresse|domicil|demeurant|r[ée]sid|habit|vit [àa]|domicile)[^\n]{0,80}$"
)
_DIGIT = re.compile(r"[0-9]")
_POSTCODE_CONTEXT = 120  # a postcode counts when a street line is this close before it


def find_addresses(text: str, place: Place) -> list[Identifier]:
    """Street lines and named places, and postcodes that something marks as postcodes."""
    found = []
    street_ends: list[int] = []
    # Street lines and postcodes hold digits: a text without any is read for named places only.
    digits = _DIGIT.search(text) is not None
    for regex in (_STREET, _NAMED_PLACE) if digits else (_NAMED_PLACE,):
        for match in regex.finditer(text):
            street_ends.append(match.start())
            found.append(_identifier(IdentifierKind.ADDRESS, match.group().strip(), match, place))
    # A city before its postcode has the postcode in brackets.
    postcodes = (_POSTCODE, _CITY_THEN_CODE) if "(" in text else (_POSTCODE,)
    for regex in postcodes if digits else ():
        for match in regex.finditer(text):
            if _is_postcode(text, match.start(), street_ends):
                code = match["code"].replace(" ", "")
                found.append(_identifier(IdentifierKind.POSTCODE, code, match, place))
    return found


def _is_postcode(text: str, start: int, street_ends: list[int]) -> bool:
    before = text[max(0, start - _POSTCODE_CONTEXT) : start]
    near = any(0 <= start - street <= _POSTCODE_CONTEXT for street in street_ends)
    return near or bool(_POSTCODE_LABEL.search(before[-20:]) or _ADDRESS_CUE.search(before))


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
