"""Phone numbers (libphonenumber, French first) and e-mail addresses."""

from __future__ import annotations

import re

import phonenumbers

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "contact.v1"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")


def find_phones(text: str, place: Place) -> list[Identifier]:
    """Valid phone numbers, French numbering first, international when prefixed with +."""
    found = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append(
            Identifier(
                kind=IdentifierKind.PHONE,
                value=value,
                raw=match.raw_string,
                location=place.at(match.start, match.end),
                detector="phonenumbers",
                rule=RULE,
                score=0.9,
                score_before_context=0.9,
            )
        )
    return found


def find_emails(text: str, place: Place) -> list[Identifier]:
    """E-mail addresses, lower-cased."""
    return [
        Identifier(
            kind=IdentifierKind.EMAIL,
            value=m.group().lower(),
            raw=m.group(),
            location=place.at(m.start(), m.end()),
            detector="email",
            rule=RULE,
            score=0.95,
            score_before_context=0.95,
        )
        for m in _EMAIL.finditer(text)
    ]
