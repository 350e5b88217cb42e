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
#: Each branch starts with its first character and checks what precedes it after (same
#: matches as "(?:\+|\b00)…|(?:(?<![0-9])0|(?<![0-9A-Za-z])O)…"): the regex engine then
#: skips to the next "+", "0" or "O" instead of trying every position (twice as fast).
_CANDIDATE = re.compile(
    r"\+[1-9][0-9 ().\-/]{6,20}[0-9]"  # international: +33 6 12…
    r"|0(?<!\w0)0[1-9][0-9 ().\-/]{6,20}[0-9]"  # international: 0044 20…
    r"|0(?<![0-9]0)[1-9](?:[ .\-/]?[0-9O]{2}){4}(?![0-9])"  # French: 06 12 34 56 78
    r"|O(?<![0-9A-Za-z]O)[1-9](?:[ .\-/]?[0-9O]{2}){4}(?![0-9])"  # OCR: O6 12 34 56 78
)
#: Ten French digits in pairs with separators: the shape alone says "phone", even where
#: libphonenumber does not know the range (new or fictitious ranges, "06 39 ...").
_FRENCH_PAIRS = re.compile(
    r"(?:0|\+33 ?(?:\(0\) ?)?)[1-9](?P<sep>[ .\-/])[0-9]{2}(?:(?P=sep)[0-9]{2}){3}"
    r"|\+33[1-9][0-9]{8}"
)
#: Ten packed digits ("0639981234") are a phone only where something says so — a "Tél"
#: label before them or a phone column — else they may be a file or account number.
_FRENCH_PACKED = re.compile(r"0[1-9][0-9]{8}")
_PHONE_CUE = re.compile(
    r"(?i)(?<![a-z])(t[ée]l(?:[ée]phone)?|portable|mobile|gsm|port|phone)(?![a-z])[^\n0-9]{0,20}$"
)
_WINDOW_MARGIN = 4


def find_phones(text: str, place: Place, *, phone_column: bool = False) -> list[Identifier]:
    """Valid phone numbers, French numbering first, international when prefixed with +.

    A number announced as a service's, secretariat's or switchboard's is found but marked
    ``INSTITUTIONAL_PHONE``: it is the hospital's, not a person's, and grouping gives it to
    nobody. Numbers outside the ranges libphonenumber knows (new or fiction ranges, "06 39
    98…") are taken when their shape or place says phone: in pairs, after "+33", or packed
    after a "Tél" label or in a ``phone_column`` cell.
    """
    found: dict[tuple[int, int], Identifier] = {}
    headers: list[tuple[int, int, int]] | None = None
    for candidate in _CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in candidate.group()) < _MIN_DIGITS:
            continue
        before = text[max(0, candidate.start() - _CUE_WINDOW) : candidate.start()]
        institutional = _INSTITUTIONAL.search(before) or _under_institution(text, candidate.start())
        detector = INSTITUTIONAL_PHONE if institutional else "phonenumbers"
        if not institutional and _RELATIVE.search(before):
            detector = RELATIVE_PHONE
        cued = phone_column or _PHONE_CUE.search(before) is not None
        if not cued and _FRENCH_PACKED.fullmatch(candidate.group()):
            headers = _phone_headers(text) if headers is None else headers
            cued = _under_phone_header(text, candidate.start(), headers)
        for phone in _phones_in(text, candidate.start(), candidate.end(), place, detector, cued):
            found.setdefault((phone.location.start, phone.location.end), phone)
    return list(found.values())


_MIN_DIGITS = 8
#: A column header of a list printed as text ("Heure  Patient (DDN)   Téléphone  Motif"):
#: a phone word with wide gaps on its line.
_PHONE_HEADER = re.compile(
    r"(?i)(?<![a-z])(t[ée]l[ée]phone|t[ée]l\.?|portable|mobile|gsm)(?![a-z])"
)
_HEADER_GAP = re.compile(r"\S {2,}\S")
_COLUMN_SLACK = 3  # columns a value may stand off its header's first letter


def _phone_headers(text: str) -> list[tuple[int, int, int]]:
    """(offset, first column, last column) of each phone column header of the text."""
    found = []
    for match in _PHONE_HEADER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        if _HEADER_GAP.search(text, line_start, len(text) if line_end < 0 else line_end):
            column = match.start() - line_start
            found.append((match.start(), column, column + len(match.group())))
    return found


def _under_phone_header(text: str, start: int, headers: list[tuple[int, int, int]]) -> bool:
    """A number on a later line, in the column of a phone header: a phone column of a
    list printed as text, where packed numbers ("0639982763") have no label of their own."""
    column = start - (text.rfind("\n", 0, start) + 1)
    return any(
        offset < start and first - _COLUMN_SLACK <= column <= last
        for offset, first, last in headers
    )


#: Words before a number that make it the hospital's, not a person's: a service's line is
#: printed in every letterhead and would otherwise be attached to the first patient named.
_SERVICE_WORDS = (
    r"secr[ée]tariat|service|standard|accueil|fax|t[ée]l[ée]copie|poste|bureau|"
    r"urgences|consultations?|h[ôo]pital|centre|clinique|cabinet|pharmacie|laboratoire|"
    r"prise de rendez-vous|rdv|cadre de sant[ée]|cadre (?:infirmier|du service)|"
    r"ligne directe|dect|bip|astreinte|infirmerie|permanence|chu|c\.h\.u\.?|ch"
)
_INSTITUTIONAL = re.compile(rf"(?i)(?<![a-z])({_SERVICE_WORDS})(?![a-z])[^\n0-9]{{0,20}}\Z")
#: A line that names a desk, whatever else it holds ("Cardiologie - bureau 12",
#: "CHU - poste 2345"): a number alone on the line under it is that desk's. Narrower
#: than the words above: "3 place du Centre" above a patient's number is their address.
_INSTITUTION_LINE = re.compile(
    r"(?i)(?<![a-z])(secr[ée]tariat|service|standard|accueil|fax|t[ée]l[ée]copie|poste|"
    r"bureau|cadre de sant[ée]|dect|bip|astreinte|permanence|chu|urgences|laboratoire|"
    r"pharmacie|clinique|cabinet|centre hospitalier)(?![a-z])"
)
_CUE_WINDOW = 40
INSTITUTIONAL_PHONE = "phonenumbers.institutional"
#: Words before a number that make it a relative's or a contact's ("Personne à prévenir :
#: 06…", "Tél. fille : 06…"): grouping gives it only to a relative's name, never to the
#: patient whose identity block it is printed in.
_RELATIVE = re.compile(
    r"(?i)(?<![a-z])(personne (?:[àa] pr[ée]venir|de confiance)|[àa] pr[ée]venir|"
    r"contact d'urgence|m[èe]re|p[èe]re|conjointe?|[ée]poux|[ée]pouse|fils|fille|fr[èe]re|"
    r"s[œo]eur|tut(?:eur|rice)|curat(?:eur|rice)|aidant|famille|parents?)(?![a-z])"
    r"[^\n0-9]{0,20}\Z"
)
RELATIVE_PHONE = "phonenumbers.relative"


def _under_institution(text: str, start: int) -> bool:
    """A number that begins its line, under a line naming a service (a signature's or a
    letterhead's second line)."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0 or text[line_start:start].strip():
        return False
    previous = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    return _INSTITUTION_LINE.search(previous) is not None


def _phones_in(
    text: str, start: int, end: int, place: Place, detector: str, cued: bool
) -> list[Identifier]:
    offset = max(0, start - _WINDOW_MARGIN)
    # An OCR slip reads a zero as a capital O ("O1.42.15.93.30"), and libphonenumber takes
    # slashes ("07/61/22/33/44") for a date: both mended, same length, same offsets.
    window = _ocr_zeros(text[offset : end + _WINDOW_MARGIN], start - offset, end - offset)
    quick = _plain_french(window, start - offset, end - offset)
    if quick is not None:
        return [_phone(text, start, end, quick, place, detector)]
    found = []
    matches = list(
        phonenumbers.PhoneNumberMatcher(window, "FR", leniency=phonenumbers.Leniency.VALID)
    )
    shape = window[start - offset : end - offset]
    if not matches and (
        _FRENCH_PAIRS.fullmatch(shape) or (cued and _FRENCH_PACKED.fullmatch(shape))
    ):
        matches = list(
            phonenumbers.PhoneNumberMatcher(window, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
        )
    for match in matches:
        start, end = offset + match.start, offset + match.end
        found.append(_phone(text, start, end, match.number, place, detector))
    return found


def _phone(
    text: str,
    start: int,
    end: int,
    number: phonenumbers.PhoneNumber,
    place: Place,
    detector: str,
) -> Identifier:
    return Identifier(
        kind=IdentifierKind.PHONE,
        value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        raw=text[start:end],
        location=place.at(start, end),
        detector=detector,
        rule=RULE,
        score=0.9,
        score_before_context=0.9,
    )


#: A French number written plainly: ten digits in pairs, nothing around it that
#: libphonenumber's matcher would read as part of it (a digit, "+", a bracket, a letter).
_PLAIN_FRENCH = re.compile(r"0[1-9](?:[ .\-]?[0-9]{2}){4}")
_CLEAR_BEFORE = frozenset(" \t\n:;,=")
_CLEAR_AFTER = frozenset(" \t\n.,;")
_NOT_AROUND = re.compile(r"[0-9+]")


def _plain_french(window: str, start: int, end: int) -> phonenumbers.PhoneNumber | None:
    """The number of a plainly written, valid French candidate, checked directly with
    ``is_valid_number``: what ``PhoneNumberMatcher`` finds there at several times the cost.
    None: let the matcher read it.
    """
    if not _PLAIN_FRENCH.fullmatch(window, start, end):
        return None
    if (start > 0 and window[start - 1] not in _CLEAR_BEFORE) or (
        end < len(window) and window[end] not in _CLEAR_AFTER
    ):
        return None
    if _NOT_AROUND.search(window, 0, start) or _NOT_AROUND.search(window, end):
        return None
    national = int(_NON_DIGITS.sub("", window[start:end])[1:])
    number = phonenumbers.PhoneNumber(country_code=33, national_number=national)
    return number if phonenumbers.is_valid_number(number) else None


_NON_DIGITS = re.compile(r"[^0-9]")


def _ocr_zeros(window: str, start: int, end: int) -> str:
    number = window[start:end].replace("O", "0")
    if _SLASHED_PAIRS.fullmatch(number):  # "07/61/22/33/44", never "01/05/2017 10"
        number = number.replace("/", " ")
    return window[:start] + number + window[end:]


_SLASHED_PAIRS = re.compile(r"0[1-9](?:/[0-9]{2}){4}")


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
