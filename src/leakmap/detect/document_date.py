"""The date a document's rows sit under, and the partial dates it completes.

Plannings and worklists print a day and a month only ("28/01", "lun. 28/01 08:30", "le 28
janv.") under a title or a file name that says when: "Bloc opératoire — semaine du
27/01/2025", "Consultations janvier 2025", ``planning_2025-01.xlsx``. That date is the
document's: its rows' partial dates take its year, and an age printed on a row ("16 ans")
was true on that day, not on the scan's (linkage compares it there, strictly).

Read from the document's title (the first lines of its first block: a spreadsheet's rows
above its header, a PDF's heading), its sheet names, then its file and folder names, in
that order; a birth date ("né le …") is nobody's document date. A full date wins over a
period ("janvier 2025", "01/2025", "2025-01": the period's first day).
"""

from __future__ import annotations

import re
from datetime import date

from leakmap.detect.dates import MONTHS, find_dates
from leakmap.detect.text import fold
from leakmap.extract.document import ExtractedDocument

RULE = "document-date.v1"
TITLE_CHARS = 400  # the first characters of the first block that can be its title
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
#: A period on folded text (separators are spaces): "JANVIER 2025", "01 2025", "2025 01".
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ALT})\.? {{0,2}}((?:19|20)[0-9]{{2}})\b")
_NUMERIC_PERIOD = re.compile(
    r"(?<![0-9] )(?<![0-9])(?:(0?[1-9]|1[0-2]) ((?:19|20)[0-9]{2})|((?:19|20)[0-9]{2}) (0[1-9]|1[0-2]))"
    r"(?![0-9]| [0-9])"
)
#: A file name's date: "2025-01-27", "20250127", "27-01-2025", "2025_01" (folded: spaces);
#: "04-08-23", day first as French software names its exports, with separators only.
_NAME_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2}) ?(0[1-9]|1[0-2]) ?([0-3][0-9])(?![0-9])"
    r"|(?<![0-9])([0-3][0-9]) ?(0[1-9]|1[0-2]) ?((?:19|20)[0-9]{2})(?![0-9])"
    r"|(?<![0-9] )(?<![0-9])([0-3][0-9]) (0[1-9]|1[0-2]) ([0-9]{2})(?![0-9]| [0-9])"
)
#: A partial date: "28/01", "28.01", "28-01" (not part of a longer date or a number, not
#: a fraction's "3/4": two digits a side, separators in the original), or "28 janv.".
_PARTIAL_NUMERIC = re.compile(
    r"(?<![0-9/.,:\-])([0-3][0-9])[/.\-]([01][0-9])(?![0-9]|[/.\-,][0-9])"
)
_PARTIAL_TEXTUAL = re.compile(
    rf"(?<![0-9A-Z])([0-3]?[0-9]|1ER) {{0,2}}({_MONTH_ALT})\b(?! {{0,2}}[0-9])"
)
_HALF_YEAR = 183  # days: a partial date is put in the year that brings it nearest


def document_date(document: ExtractedDocument, *, today: date) -> date | None:
    """The date the document's rows sit under, or ``None`` when nothing says it."""
    title = document.blocks[0].text[:TITLE_CHARS] if document.blocks else ""
    sheets = " ".join(dict.fromkeys(row.sheet for row in document.rows))
    for text in (title, sheets):
        found = _full_date(text, today=today) or _period(text)
        if found is not None:
            return found
    return _name_date(document.path, today=today) or _period(_name_words(document.path))


#: A sheet named for its year alone ("2019", "Année 2019"): the middle of that year, from
#: which a "28/01" on it takes that year (``complete_partial_date``).
_YEAR_ONLY = re.compile(r"(?:ANNEE )?((?:19|20)[0-9]{2})")
_MID_YEAR = (7, 1)


def day_written(title: str, sheet: str = "", *, today: date) -> date | None:
    """The day a table's own title or sheet name says its rows were written ("Consultations
    du 12/05/2019", a sheet "mars 2024", a sheet "2019"), ``None`` when they say none."""
    for text in (title[:TITLE_CHARS], sheet):
        found = _full_date(text, today=today) or _period(text)
        if found is not None:
            return found
    year = _YEAR_ONLY.fullmatch(" ".join(fold(sheet).split()))
    if year is not None and int(year[1]) <= today.year:
        return date(int(year[1]), *_MID_YEAR)
    return None


def complete_partial_date(day: int, month: int, anchor: date) -> date | None:
    """``day``/``month`` in the year that puts it nearest ``anchor`` (a planning of late
    December lists early January of the next year); ``None`` for an impossible day."""
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best if best is not None and abs((best - anchor).days) <= _HALF_YEAR else None


def partial_date(text: str, anchor: date) -> date | None:
    """The first partial date of ``text`` (a cell: "28/01", "lun. 28/01 08:30", "le 28
    janv."), completed by ``anchor``; ``None`` when it holds none."""
    numeric = _PARTIAL_NUMERIC.search(text)
    if numeric is not None:
        return complete_partial_date(int(numeric[1]), int(numeric[2]), anchor)
    textual = _PARTIAL_TEXTUAL.search(fold(text))
    if textual is not None:
        day = 1 if textual[1] == "1ER" else int(textual[1])
        return complete_partial_date(day, MONTHS[textual[2]], anchor)
    return None


def is_partial_date(cell: str) -> bool:
    """Whether a cell reads as a day and month without a year ("28/01", "lun. 28/01")."""
    text = cell.strip()
    return bool(text) and len(text) <= _PARTIAL_CELL and partial_date(text, _ANY_YEAR) is not None


_PARTIAL_CELL = 24  # characters: a longer cell is a sentence holding a date, not a date
_ANY_YEAR = date(2000, 7, 1)  # an anchor half a year from every day (2000 is a leap year)


def _full_date(text: str, *, today: date) -> date | None:
    if not text:
        return None
    found = [d for d in find_dates(text, fold(text), today=today) if not d.is_birth]
    return found[0].value if found else None


def _period(text: str) -> date | None:
    folded = fold(text)
    if (match := _MONTH_YEAR.search(folded)) is not None:
        return date(int(match[2]), MONTHS[match[1]], 1)
    if (match := _NUMERIC_PERIOD.search(folded)) is not None:
        year, month = (match[2], match[1]) if match[1] else (match[3], match[4])
        return date(int(year), int(month), 1)
    return None


def _name_words(path: str) -> str:
    """The file and folder names of a leak path, their separators as spaces."""
    return re.sub(r"[_\-./!]+", " ", path)


def _name_date(path: str, *, today: date) -> date | None:
    for match in _NAME_DATE.finditer(fold(_name_words(path))):
        if match[1]:
            year, month, day = int(match[1]), int(match[2]), int(match[3])
        elif match[4]:
            year, month, day = int(match[6]), int(match[5]), int(match[4])
        else:  # a two-digit year: this century unless that is after today
            year, month, day = 2000 + int(match[9]), int(match[8]), int(match[7])
            year = year if year <= today.year else year - 100
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None
