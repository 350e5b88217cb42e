"""Bank identifiers: IBANs checked by ISO 13616 mod 97, payment cards by Luhn.

A card number printed in groups of four ("4970 1012 3456 7895") is a card by its shape and
checksum; sixteen digits in one run are one in ten Luhn-valid by chance, so those count
only after a card word ("carte", "CB", "Visa").
"""

from __future__ import annotations

import re

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "bank.v2"
_CARD_GROUPED = re.compile(
    r"(?<![0-9])[0-9]{4}(?:[ \-][0-9]{4}){2}[ \-][0-9]{4}(?:[ \-]?[0-9]{1,3})?(?![0-9])"
)
_CARD_RUN = re.compile(r"(?<![0-9])[0-9]{13,19}(?![0-9])")
_CARD_CUE = re.compile(
    r"(?i)\b(?:carte|CB|visa|mastercard|master card|amex|american express|card|paiement)\b[^\n0-9]{0,30}$"
)
_CARD_CUE_WINDOW = 40
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


def luhn_is_valid(number: str) -> bool:
    """The Luhn check of payment card numbers: every second digit from the right doubled."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return len(digits) >= 13 and total % 10 == 0


def find_cards(text: str, place: Place) -> list[Identifier]:
    """Luhn-valid card numbers: grouped by fours, or in one run after a card word."""
    found = []
    for regex, needs_cue in ((_CARD_GROUPED, False), (_CARD_RUN, True)):
        for match in regex.finditer(text):
            before = text[max(0, match.start() - _CARD_CUE_WINDOW) : match.start()]
            cued = bool(_CARD_CUE.search(before))
            if not luhn_is_valid(match.group()) or (needs_cue and not cued):
                continue
            found.append(
                Identifier(
                    kind=IdentifierKind.CARD,
                    value=re.sub(r"[^0-9]", "", match.group()),
                    raw=match.group(),
                    location=place.at(match.start(), match.end()),
                    detector="card",
                    rule=RULE,
                    score=0.97 if cued else 0.9,
                    score_before_context=0.9,
                )
            )
    return found
