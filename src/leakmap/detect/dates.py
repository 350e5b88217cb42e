"""Dates in the forms French documents write them, and which of them are birth dates.

A birth date is told from an exam, admission or signature date by its context: a label
just before it ("né(e) le", "DDN", "DN", "date de naissance", "D.N.") with nothing but a few
non-digit characters in between, or a table column whose header says so. The same date
without such context is a plain ``DATE`` (still useful: it says nothing of a person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from leakmap.detect.text import fold

_MONTHS = {
    "JANVIER": 1, "JANV": 1, "JAN": 1, "JANUARY": 1,
    "FEVRIER": 2, "FEVR": 2, "FEV": 2, "FEB": 2, "FEBRUARY": 2,
    "MARS": 3, "MAR": 3, "MARCH": 3,
    "AVRIL": 4, "AVR": 4, "APR": 4, "APRIL": 4,
    "MAI": 5, "MAY": 5,
    "JUIN": 6, "JUNE": 6, "JUN": 6,
    "JUILLET": 7, "JUIL": 7, "JULY": 7, "JUL": 7,
    "AOUT": 8, "AUG": 8, "AUGUST": 8,
    "SEPTEMBRE": 9, "SEPT": 9, "SEP": 9, "SEPTEMBER": 9,
    "OCTOBRE": 10, "OCT": 10, "OCTOBER": 10,
    "NOVEMBRE": 11, "NOV": 11, "NOVEMBER": 11,
    "DECEMBRE": 12, "DEC": 12, "DECEMBER": 12,
}  # fmt: skip
#: Month words (folded, abbreviations included) → month number.
MONTHS = _MONTHS
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# On folded text: separators are spaces, so "12/03/1965", "12.03.65" and "12-03-1965" all
# arrive as "12 03 1965"; the original is checked for a real separator below.
_NUMERIC = re.compile(
    r"(?<![0-9])([0-3]?[0-9]) ?[ ] ?([01]?[0-9]) ?[ ] ?([0-9]{4}|[0-9]{2})(?![0-9])"
)
_ISO = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2}) ([01][0-9]) ([0-3][0-9])(?![0-9])")
_TEXTUAL = re.compile(
    rf"(?<![0-9A-Z])([0-3]?[0-9]|1ER) {{0,2}}(?:{_MONTH_ALT})\b {{0,2}}((?:19|20)[0-9]{{2}})(?![0-9])"
)
#: A date written in the boxes of a printed form, one digit per box ("0 7 0 8 1 9 8 3"):
#: day, month, then a four-digit year starting 19 or 20.
_BOXED = re.compile(
    # The first digit, then what precedes it (no digit, no "digit space"): the regex engine
    # skips to the next digit instead of trying every position.
    r"[0-9](?<![0-9][0-9])(?<![0-9] [0-9]) (?:[0-9] ){3}(?:1 9|2 0) [0-9] [0-9](?![0-9]| [0-9])"
)
#: An undelimited date as hospital software writes it: ``YYYYMMDD`` or ``DDMMYYYY`` (HL7,
#: PMSI, lab systems), with ``HHMM`` or ``HHMMSS`` after a ``YYYYMMDD`` ("202205120930").
_UNDELIMITED = re.compile(r"(?<![0-9A-Z])([0-9]{8})((?:[0-9]{4}){0,1}(?:[0-9]{2})?)(?![0-9])")
_DIGIT = re.compile(r"[0-9]")
_SEPARATOR = re.compile(r"^[0-9]{1,2}\s?[/.\-|]\s?[0-9]{1,2}\s?[/.\-|]\s?[0-9]{2,4}$")
_BIRTH_CUE = re.compile(
    r"(?:\bNE(?:E|\(E\)| E)?\b(?: LE)?|\bNEE? S? LE\b|\bDDN\b|\bD N\b|\bDN\b|\bDATE DE NAISSANCE\b|"
    r"\bNAISSANCE\b|\bNAISS\b|\bNAIS\b|\bMISE AU MONDE\b|\bDOB\b|\bDATE OF BIRTH\b|\bBORN\b|\bBIRTH DATE\b)"
)
_AGE_AFTER = re.compile(r" {0,3}[0-9]{1,3} {0,2}ANS\b")
#: Years a date may have. Far-future years are kept: research extracts shift their dates by
#: years or decades, and a shifted date is still a date (a birth date must be past, below).
_FIRST_YEAR, _LAST_YEAR = 1880, 2099
_CUE_GAP = 18  # at most this many characters between a birth cue and its date


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date in text: its value, span, and whether context marks it as a birth date."""

    value: date
    start: int
    end: int
    is_birth: bool
    two_digit_year: bool


def find_dates(text: str, folded: str, *, today: date) -> list[FoundDate]:
    """Every well-formed date in ``text`` (``folded`` is ``fold(text)``), in order."""
    found: dict[int, FoundDate] = {}
    if not _DIGIT.search(folded):
        return []  # every form below holds digits
    for match in _ISO.finditer(folded):
        _add(found, text, folded, match.start(), match.end(),
             (int(match[3]), int(match[2]), int(match[1])), today, two_digit=False)  # fmt: skip
    for match in _numeric_matches(text, folded):
        if match.start() in found:
            continue
        year = match[3]
        _add(found, text, folded, match.start(), match.end(),
             (int(match[1]), int(match[2]), _full_year(year, today)), today,
             two_digit=len(year) == 2)  # fmt: skip
    for match in _BOXED.finditer(folded):
        if match.start() in found:
            continue
        digits = match.group().replace(" ", "")
        _add(found, text, folded, match.start(), match.end(),
             (int(digits[:2]), int(digits[2:4]), int(digits[4:])), today,
             two_digit=False)  # fmt: skip
    for match in _TEXTUAL.finditer(folded):
        if match.start() in found:
            continue
        day = 1 if match[1] == "1ER" else int(match[1])
        month = _month_of(folded[match.start() : match.end()])
        _add(found, text, folded, match.start(), match.end(), (day, month, int(match[2])), today,
             two_digit=False)  # fmt: skip
    for match in _UNDELIMITED.finditer(folded):
        dmy = undelimited_date(match[1], match[2], today=today)
        if dmy is not None and match.start() not in found:
            _add(found, text, folded, match.start(), match.end(), dmy, today, two_digit=False)
    return sorted(found.values(), key=lambda d: d.start)


def undelimited_date(
    digits: str, time_digits: str = "", *, today: date
) -> tuple[int, int, int] | None:
    """(day, month, year) of eight digits written ``YYYYMMDD`` or ``DDMMYYYY``, or None.

    ``YYYYMMDD`` is tried first (it is what HL7, PMSI and lab systems write, and what may
    carry a time after it: ``time_digits``, ``HHMM`` or ``HHMMSS``, must be a real time);
    ``DDMMYYYY`` only without a time. Both readings rarely fit one number: a day cannot be
    19 or 20 and the month after it a real month and the last four digits a year.
    """
    if time_digits and not _is_time(time_digits):
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if _FIRST_YEAR <= year <= _LAST_YEAR and _is_day(day, month, year):
        return day, month, year
    if time_digits:
        return None
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if _FIRST_YEAR <= year <= _LAST_YEAR and _is_day(day, month, year):
        return day, month, year
    return None


def _is_time(digits: str) -> bool:
    parts = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    return len(digits) in (4, 6) and parts[0] < 24 and all(p < 60 for p in parts[1:])  # noqa: PLR2004


def _is_day(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric_matches(text: str, folded: str) -> list[re.Match[str]]:
    """Numeric dates whose original has real separators.

    A match that fails the separator check is retried one character further, so that a
    number glued before a date ("C6 11/06/20", "J3 12.03.2024") does not hide it.
    """
    matches = []
    position = 0
    while (match := _NUMERIC.search(folded, position)) is not None:
        if _SEPARATOR.match(text[match.start() : match.end()]):
            matches.append(match)
            position = match.end()
        else:
            position = match.start() + 1
    return matches


def parse_date_cell(value: str, *, today: date, serial: bool = False) -> date | None:
    """A table cell holding a date, in any of the forms above (or an ISO datetime).

    ``serial``: the column is known to hold dates (its header says so), so a bare number
    is a spreadsheet serial day ("24176" is 1966-03-10 counted from 1899-12-30, as Excel
    and LibreOffice store dates an export wrote as numbers).
    """
    text = value.strip()[:10] if "T" in value or " 00:00" in value else value.strip()
    dates = find_dates(text, fold(text), today=today)
    if dates:
        return dates[0].value
    if serial and _SERIAL.fullmatch(text):
        day = _SERIAL_EPOCH + timedelta(days=int(float(text)))
        return day if _FIRST_YEAR <= day.year <= today.year else None
    return None


#: A spreadsheet serial day: a whole number of days (a fraction is the time of day).
_SERIAL = re.compile(r"[1-9][0-9]{1,4}(?:[.,][0-9]+)?")
_SERIAL_EPOCH = date(1899, 12, 30)


def is_birth_context(folded: str, start: int) -> bool:
    """True when a birth cue ends at most a few non-digit characters before ``start``."""
    window = folded[max(0, start - 40) : start]
    cues = list(_BIRTH_CUE.finditer(window))
    if not cues:
        return False
    gap = window[cues[-1].end() :]
    return len(gap.strip()) <= _CUE_GAP and not any(c.isdigit() for c in gap)


def _month_of(folded_span: str) -> int:
    for word in folded_span.split():
        if word in _MONTHS:
            return _MONTHS[word]
    return 0


def _full_year(year: str, today: date) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    return 2000 + short if 2000 + short <= today.year else 1900 + short


#: Digits OCR reads for one another on small or faxed print.
_OCR_DIGITS = {
    "0": "86",
    "1": "7",
    "3": "8",
    "5": "96",
    "6": "58",
    "7": "1",
    "8": "3609",
    "9": "58",
}


def _ocr_mended_year(year: int, today: date) -> int | None:
    """The one birth year in range that a single OCR digit slip turns ``year`` into
    ("09/11/1563" read for 1963 under a "Date de naissance" label), or None when there
    is no such year or more than one: linkage then sees the date as it is read."""
    digits = f"{year:04d}"
    mended = {
        int(digits[:i] + other + digits[i + 1 :])
        for i, digit in enumerate(digits)
        for other in _OCR_DIGITS.get(digit, "")
    }
    plausible = [y for y in mended if _FIRST_YEAR <= y <= today.year]
    return plausible[0] if len(plausible) == 1 else None


_MONTHS_IN_A_YEAR = 12


def _add(
    found: dict[int, FoundDate],
    text: str,
    folded: str,
    start: int,
    end: int,
    dmy: tuple[int, int, int],
    today: date,
    *,
    two_digit: bool,
) -> None:
    day, month, year = dmy
    if year < _FIRST_YEAR and is_birth_context(folded, start):
        year = _ocr_mended_year(year, today) or year
    if month > _MONTHS_IN_A_YEAR >= day and is_birth_context(folded, start):  # month first
        day, month = month, day
    try:
        value = date(year, month, day)
    except ValueError:
        return
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return
    aged = _AGE_AFTER.match(folded, end) is not None
    birth = (is_birth_context(folded, start) or aged) and value <= today
    found[start] = FoundDate(value, start, end, birth, two_digit)
