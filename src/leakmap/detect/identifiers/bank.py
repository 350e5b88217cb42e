"""Bank identifiers: IBANs checked by ISO 13616 mod 97."""

from __future__ import annotations

import re

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "bank.v1"
_IBAN = re.compile(r"\b([A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\b")


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 = 1."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def find_ibans(text: str, place: Place) -> list[Identifier]:
    """Valid IBANs."""
    return [
        Identifier(
            kind=IdentifierKind.IBAN,
            value=m.group(1).replace(" ", ""),
            raw=m.group(1),
            location=place.at(m.start(1), m.end(1)),
            detector="iban",
            rule=RULE,
            score=0.99,
            score_before_context=0.99,
        )
        for m in _IBAN.finditer(text)
        if iban_is_valid(m.group(1))
    ]
