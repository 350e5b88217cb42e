"""Tables printed as plain text (an agenda, a lab worklist, a report of an old system):
columns aligned with spaces under a header line → ``TableRow``s keyed by that header.

Why: read as running text, such a list loses what its columns say. A misspelt family
name ("LE GOFFF") or a patient missing from the registry is then found by nobody, and the
health terms of one row are hard to keep from the others. As rows, detection reads each
cell by its header ("Nom d'usage", "Prénom", "Né(e) le") exactly as it reads a CSV.

A table is a header line of at least three labels two or more spaces apart, optionally a
rule line (dashes), then at least ``MIN_ROWS`` lines that split into cells under those
labels, up to the first line that does not (one run of text under a later column
continues the row above's cell). A data line is cut by runs of two or more
spaces when that gives as many cells as the header has labels (a value that overflows its
column stays whole), and at the header's column starts otherwise. Only lines that fit are
taken; the table's lines are emptied in the running text (each row is read once, as a
row), everything else stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leakmap.extract.document import TableRow
from leakmap.extract.tables import header_keys

#: Data lines a table needs to be one (fewer reads as text with a few aligned words).
MIN_ROWS = 3
#: Labels a header line needs.
MIN_COLUMNS = 3
#: A run of words one space apart: cells are two or more spaces (or a tab) apart.
_RUN = re.compile(r"[^ \t]+(?: [^ \t]+)*")
_RULE = re.compile(r"^[\s\-=_+|*]+$")
_DIGIT = re.compile(r"\d")
_MAX_LABEL = 40


@dataclass(frozen=True, slots=True)
class TextTables:
    """The running text left once the tables are taken out, and the tables' rows."""

    text: str
    rows: tuple[TableRow, ...]


def split_text_tables(text: str, *, sheet_prefix: str = "table") -> TextTables:
    """Find the space-aligned tables of ``text``; empty their lines in the text."""
    lines = text.split("\n")
    rows: list[TableRow] = []
    taken: set[int] = set()
    number = 0
    index = 0
    while index < len(lines):
        columns = _header_columns(lines[index])
        if columns is None:
            index += 1
            continue
        body = index + 1
        if body < len(lines) and lines[body].strip() and _RULE.match(lines[body]):
            body += 1
        cells: list[tuple[int, tuple[str, ...]]] = []
        continued: list[int] = []  # lines that go on the row above's cell
        line_at = body
        while line_at < len(lines):
            if cells and _page_top(lines[line_at], columns):
                resume = _after_page_top(lines, line_at, columns)
                if resume is None:
                    break
                line_at = resume  # the next page's rows: same table, its top stays text
                continue
            row = _cells(lines[line_at], columns)
            if row is None and cells and (more := _continuation(lines[line_at], columns)):
                column, text = more
                previous = list(cells[-1][1])
                previous[column] = f"{previous[column]} {text}".strip()
                cells[-1] = (cells[-1][0], tuple(previous))
                continued.append(line_at)
            elif row is None:
                break
            else:
                cells.append((line_at, row))
            line_at += 1
        if len(cells) < MIN_ROWS:
            index += 1
            continue
        number += 1
        sheet = f"{sheet_prefix}{number}"
        keys = header_keys([label for _, label in columns])
        for row_number, (_, values) in enumerate(cells, start=1):
            pairs = tuple((k, v) for k, v in zip(keys, values, strict=True) if v)
            rows.append(TableRow(sheet=sheet, index=row_number, cells=pairs))
        taken.update(range(index, body))
        taken.update(at for at, _ in cells)
        taken.update(continued)
        index = line_at
    if not rows:
        return TextTables(text, ())
    left = "\n".join("" if i in taken else line for i, line in enumerate(lines))
    return TextTables(left, tuple(rows))


#: Lines at the top of a printed page (title, rules, the header again) before its rows.
PAGE_TOP_LINES = 6


def _page_top(line: str, columns: list[tuple[int, str]]) -> bool:
    """A line that opens a new page of a printed listing: a form feed, a rule, or the
    header repeated. Report writers print the title and header on every page; the rows
    go on under them, and the table must too."""
    if line.startswith("\f") or (line.strip() and _RULE.match(line)):
        return True
    return [label for _, label in _by_gaps(line)] == [label for _, label in columns]


def _after_page_top(lines: list[str], at: int, columns: list[tuple[int, str]]) -> int | None:
    """The first row under the page top opening at ``at``, or None when no row of the
    table follows within ``PAGE_TOP_LINES`` lines (the table has ended)."""
    for index in range(at + 1, min(at + PAGE_TOP_LINES, len(lines))):
        line = lines[index]
        if _page_top(line, columns) or not line.strip():
            continue
        if _cells(line, columns) is not None:
            return index
    return None


def _header_columns(line: str) -> list[tuple[int, str]] | None:
    """(start, label) of each column when ``line`` reads as a table header."""
    if "\t" in line:
        return None
    columns = _by_gaps(line)
    if len(columns) < MIN_COLUMNS:
        return None
    if any(_DIGIT.search(label) or len(label) > _MAX_LABEL for _, label in columns):
        return None
    return columns


def _by_gaps(line: str) -> list[tuple[int, str]]:
    """(start, text) of the runs of ``line`` two or more spaces (or a tab) apart."""
    return [(m.start(), m.group()) for m in _RUN.finditer(line)]


def _continuation(line: str, columns: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(column, text) when ``line`` is one run of text under a column other than the
    first: the rest of the row above's cell (analyses or a reason on a second line)."""
    runs = _by_gaps(line)
    if len(runs) != 1 or runs[0][0] < columns[1][0] - 1:
        return None
    start, text = runs[0]
    column = max(i for i, (s, _) in enumerate(columns) if s <= start + 1)
    return column, text


def _cells(line: str, columns: list[tuple[int, str]]) -> tuple[str, ...] | None:
    """The line's cell under each column, or None when the line is not a row of them."""
    if not line.strip() or _RULE.match(line):
        return None
    runs = _by_gaps(line)
    if len(runs) == len(columns):
        return tuple(text for _, text in runs)
    starts = [start for start, _ in columns]
    if len(runs) < 2 or len(runs) > len(columns):
        return None
    # Cut at the header's column starts; every run must begin at a column boundary (at or
    # after its column's start, before the next one's), or the line is not of this table.
    values = [""] * len(columns)
    runs = [piece for start, text in runs for piece in _split_at_columns(start, text, starts)]
    if len(runs) > len(columns):
        return None
    for start, text in runs:
        column = max((i for i, s in enumerate(starts) if s <= start + 1), default=None)
        if column is None or values[column]:
            return None
        values[column] = text
    return tuple(values)


def _split_at_columns(start: int, text: str, starts: list[int]) -> list[tuple[int, str]]:
    """A run that crosses a column start at a single space is two values: a report writer
    that fills a column to its width leaves one space before the next ("23061323269
    02018825" under DEMANDE and IPP). Values sit left-aligned under their labels, so the
    cut is the space just before a column's start."""
    pieces: list[tuple[int, str]] = []
    offset = 0
    for column_start in starts:
        cut = column_start - start
        for at in (cut - 1, cut):
            if offset < at < len(text) - 1 and text[at] == " ":
                pieces.append((start + offset, text[offset:at]))
                offset = at + 1
                break
    pieces.append((start + offset, text[offset:]))
    return [(at, piece) for at, piece in pieces if piece]
