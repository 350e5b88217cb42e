"""Phone numbers (libphonenumber, French first) and e-mail addresses."""

from __future__ import annotations

import re

import phonenumbers

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "contact.v1"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")


#: Stretches that may hold a phone number: ten French digits in pairs, or an international
#: prefix — never a date or an id. libphonenumber then reads only these windows, not the whole text (it
#: took most of detection's time when run over every page).
_CANDIDATE = re.compile(
    r"(?:\+|\b00)[1-9][0-9 ().\-/]{6,20}[0-9]"  # international: +33 6 12…, 0044 20…
    r"|(?:(?<![0-9])0|(?<![0-9A-Za-z])O)[1-9](?:[ .\-/]?[0-9O]{2}){4}(?![0-9])"  # French: 06 12 34 56 78
)
#: Ten French digits in pairs with separators: the shape alone says "phone", even where
#: libphonenumber does not know the range (new or fictitious ranges, "06 39 ...").
_FRENCH_PAIRS = re.compile(
    r"(?:0|\+33 ?(?:\(0\) ?)?)[1-9](?P<sep>[ .\-/])[0-9]{2}(?:(?P=sep)[0-9]{2}){3}"
)
_WINDOW_MARGIN = 4


def find_phones(text: str, place: Place) -> list[Identifier]:
    """Valid phone numbers, French numbering first, international when prefixed with +.

    A number announced as a service's, secretariat's or switchboard's is found but marked
    ``INSTITUTIONAL_PHONE``: it is the hospital's, not a person's, and grouping gives it to
    nobody.
    """
    found: dict[tuple[int, int], Identifier] = {}
    for candidate in _CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in candidate.group()) < _MIN_DIGITS:
            continue
        before = text[max(0, candidate.start() - _CUE_WINDOW) : candidate.start()]
        detector = INSTITUTIONAL_PHONE if _INSTITUTIONAL.search(before) else "phonenumbers"
        for phone in _phones_in(text, candidate.start(), candidate.end(), place, detector):
            found.setdefault((phone.location.start, phone.location.end), phone)
    return list(found.values())


_MIN_DIGITS = 8
#: Words before a number that make it the hospital's, not a person's: a service's line is
#: printed in every letterhead and would otherwise be attached to the first patient named.
_INSTITUTIONAL = re.compile(
    r"(?i)(secr[ée]tariat|service|standard|accueil|fax|t[ée]l[ée]copie|poste|bureau|"
    r"urgences|consultations?|h[ôo]pital|centre|clinique|cabinet|pharmacie|laboratoire|"
    r"prise de rendez-vous|rdv)[^\n0-9]{0,20}$"
)
_CUE_WINDOW = 40
INSTITUTIONAL_PHONE = "phonenumbers.institutional"


def _phones_in(text: str, start: int, end: int, place: Place, detector: str) -> list[Identifier]:
    offset = max(0, start - _WINDOW_MARGIN)
    # An OCR slip reads a zero as a capital O ("O1.42.15.93.30"), and libphonenumber takes
    # slashes ("07/61/22/33/44") for a date: both mended, same length, same offsets.
    window = _ocr_zeros(text[offset : end + _WINDOW_MARGIN], start - offset, end - offset)
    found = []
    matches = list(
        phonenumbers.PhoneNumberMatcher(window, "FR", leniency=phonenumbers.Leniency.VALID)
    )
    if not matches and _FRENCH_PAIRS.fullmatch(window[start - offset : end - offset]):
        matches = list(
            phonenumbers.PhoneNumberMatcher(window, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
        )
    for match in matches:
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append(
            Identifier(
                kind=IdentifierKind.PHONE,
                value=value,
                raw=text[offset + match.start : offset + match.end],
                location=place.at(offset + match.start, offset + match.end),
                detector=detector,
                rule=RULE,
                score=0.9,
                score_before_context=0.9,
            )
        )
    return found


def _ocr_zeros(window: str, start: int, end: int) -> str:
    return window[:start] + window[start:end].replace("O", "0").replace("/", " ") + window[end:]


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
