"""Grids of cells (spreadsheet sheets, CSV files, DOCX tables) → ``TableRow``s keyed by header.

Detection reads a row by its headers ("NOM", "DDN", "IPP"), so finding the header row
matters: exports often open with a title ("Worklist labo du 12/05/2023") and a blank line
before the header. The header is the first row, within the first few, whose cells are
mostly non-empty labels (text that is neither a number nor a date). Without one, cells
are keyed ``col1..n`` and every row is data. Rows above the header are running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from leakmap.extract.document import TableRow

#: Rows looked at for a header: a title block longer than this is not a header's preamble.
HEADER_SCAN_ROWS = 10
#: Share of the table's width a header row must fill with labels.
HEADER_FILL = 0.5
#: A label longer than this is a sentence, not a column header.
MAX_LABEL_CHARS = 60
#: Share of a label table's label cells that must end with a colon.
LABEL_SHARE = 0.5
#: A page's heading, the title of the tables drawn on it: its first characters.
HEADING_CHARS = 400

_DATE = re.compile(r"\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}")

Grid = Sequence[Sequence[str]]


@dataclass(frozen=True, slots=True)
class Table:
    """A grid split into running text above the header, and data rows keyed by header."""

    title: str
    rows: tuple[TableRow, ...]


def split_table(sheet: str, grid: Grid, *, page: int = 1) -> Table:
    """Find the header of ``grid`` and key its data rows by it (``col1..n`` when none).

    The rows carry ``page`` (the sheet's number) and the title above their header.
    """
    width = max((_used_width(row) for row in grid[:HEADER_SCAN_ROWS]), default=0)
    header_at = find_header(grid, width=width)
    if header_at is None:
        full_width = max((_used_width(row) for row in grid), default=0)
        if full_width <= 1:  # one column of text is a text, not a table
            return Table(_as_text(grid), ())
        return Table("", keyed_rows(sheet, default_keys(full_width), grid, page=page))
    if is_sub_header(grid, header_at, width=width):
        # "Patient" merged over "Nom | Prénom", "Séjour" over "Entrée | UF": the lower
        # row names the columns, the group row above is a title.
        keys = header_keys(_under_groups(grid[header_at], grid[header_at + 1]))
        title = _as_text(grid[: header_at + 1])
        return Table(title, keyed_rows(sheet, keys, grid[header_at + 2 :], page=page, title=title))  # fmt: skip
    keys = header_keys(grid[header_at][: _used_width(grid[header_at])])
    title = _as_text(grid[:header_at])
    return Table(title, keyed_rows(sheet, keys, grid[header_at + 1 :], page=page, title=title))


#: Data rows looked at under a two-row header: most hold a digit (a date, an id).
_SUB_HEADER_LOOKAHEAD = 5


def is_sub_header(grid: Grid, header_at: int, *, width: int) -> bool:
    """True when the header row found is a group row over the real header.

    The group row has blank cells (its merged cells' tails); the row under it is labels
    only, at least twice as many (a group spans two columns or more), holds no digit,
    while the data rows under it mostly do. A list's first row of names under a header
    with one blank cell stays data: that header has more labels than half the row's.
    """
    if header_at + 1 >= len(grid):
        return False
    upper, lower = _cells_of(grid[header_at], width), _cells_of(grid[header_at + 1], width)
    if all(upper) or not looks_like_header(grid[header_at + 1], width=width):
        return False
    # Groups span two columns or more on average: the row under them has twice the labels.
    if 2 * sum(map(bool, upper)) > sum(map(bool, lower)) or any(_DIGIT.search(c) for c in lower):
        return False
    following = [row for row in grid[header_at + 2 :][:_SUB_HEADER_LOOKAHEAD] if any(c.strip() for c in row)]  # fmt: skip
    with_digits = sum(any(_DIGIT.search(cell) for cell in row) for row in following)
    return bool(following) and 2 * with_digits >= len(following)


def _cells_of(row: Sequence[str], width: int) -> list[str]:
    """The row's cells over ``width``, a merged cell's repeats blanked (a DOCX grid gives
    a merged cell's text under each of its columns)."""
    cells = [cell.strip() for cell in row[:width]] + [""] * (width - len(row))
    return [c if i == 0 or c != cells[i - 1] else "" for i, c in enumerate(cells)]


def _under_groups(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """Each column's label: the lower row's, else the group's above it (a merged group
    label sits in its first column and covers the blanks after it)."""
    width = max(_used_width(upper), _used_width(lower))
    labels, group = [], ""
    tops = _cells_of(upper, width)
    for index in range(width):
        above = tops[index]
        group = above or group
        below = lower[index].strip() if index < len(lower) else ""
        labels.append(below or group)
    return labels


_DIGIT = re.compile(r"[0-9]")


def find_header(grid: Grid, *, width: int) -> int | None:
    """Index of the first row, among the first few, that reads as a header."""
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        if looks_like_header(row, width=width):
            return index
    return None


def looks_like_header(cells: Sequence[str], *, width: int) -> bool:
    """True when the row's cells are mostly non-empty labels (2 at least)."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if len(filled) < 2 or len(filled) < HEADER_FILL * width:
        return False
    return all(_is_label(cell) for cell in filled)


def under_heading(rows: Sequence[TableRow], page_text: str) -> tuple[TableRow, ...]:
    """``rows`` of tables drawn on a page, titled by the page's text around them (its
    heading: "Bloc opératoire — semaine du 27/01/2025")."""
    heading = page_text.strip()[:HEADING_CHARS]
    return tuple(replace(row, title=heading) if heading else row for row in rows)


def header_keys(cells: Sequence[str]) -> tuple[str, ...]:
    """Headers as keys: blanks become ``colN``, repeats get `` (2)``."""
    keys: list[str] = []
    for number, cell in enumerate(cells, start=1):
        key = " ".join(cell.split()) or f"col{number}"
        repeat = 1
        while (candidate := key if repeat == 1 else f"{key} ({repeat})") in keys:
            repeat += 1
        keys.append(candidate)
    return tuple(keys)


def default_keys(width: int) -> tuple[str, ...]:
    """``col1..n``: the keys of a table without a header."""
    return tuple(f"col{number}" for number in range(1, width + 1))


def keyed_rows(
    sheet: str, keys: Sequence[str], grid: Grid, *, page: int = 1, title: str = ""
) -> tuple[TableRow, ...]:
    """Non-blank rows as ``TableRow``s; cells past the header's width get ``colN`` keys."""
    rows: list[TableRow] = []
    for values in grid:
        if not any(value.strip() for value in values):
            continue
        width = max(len(keys), _used_width(values))
        padded = [*values, *[""] * (width - len(values))][:width]
        names = [*keys, *[f"col{n}" for n in range(len(keys) + 1, width + 1)]]
        cells = tuple(zip(names, padded, strict=True))
        rows.append(TableRow(sheet, len(rows) + 1, cells, page=page, title=title))
    return tuple(rows)


def _as_text(grid: Grid) -> str:
    lines = (" ".join(cell.strip() for cell in row if cell.strip()) for row in grid)
    return "\n".join(line for line in lines if line)


def _is_label(cell: str) -> bool:
    if _DAY_COLUMN.fullmatch(cell):
        return True  # a planning's day columns ("12/05", "Lun 12/05"): a calendar header
    return (
        len(cell) <= MAX_LABEL_CHARS and any(c.isalpha() for c in cell) and not _DATE.search(cell)
    )


#: A day without its year, as a planning heads its columns ("12/05", "lun. 12/05", "J+1").
_DAY_COLUMN = re.compile(r"(?i)(?:[a-z]{2,4}\.?\s)?[0-3]?[0-9]/[01]?[0-9]")


def _used_width(row: Sequence[str]) -> int:
    """Cells up to the last non-empty one."""
    for index in range(len(row), 0, -1):
        if row[index - 1].strip():
            return index
    return 0


def table_rows(sheet: str, grid: Grid, *, page: int = 1) -> tuple[TableRow, ...]:
    """A table's rows keyed by its first row (when a header) or ``col1..n``."""
    if not grid:
        return ()
    if is_label_table(grid):
        return (label_row(sheet, grid, page=page),)
    width = max(len(row) for row in grid)
    if is_sub_header(grid, 0, width=width):
        keys = header_keys(_under_groups(grid[0], grid[1]))
        return keyed_rows(sheet, keys, grid[2:], page=page)
    if len(grid) > 1 and looks_like_header(grid[0], width=width):
        return keyed_rows(sheet, header_keys(grid[0]), grid[1:], page=page)
    return keyed_rows(sheet, default_keys(width), grid, page=page)


def is_label_table(grid: Sequence[Sequence[str]]) -> bool:
    """Label/value pairs across each row ("Nom :" | "DUPONT" | "Né le :" | "12/03/1965")."""
    if len(grid) < 2 or any(not row or len(row) % 2 for row in grid):
        return False
    labels = [row[i] for row in grid for i in range(0, len(row), 2) if row[i]]
    colons = sum(label.rstrip().endswith(":") for label in labels)
    return bool(labels) and colons >= LABEL_SHARE * len(labels)


def label_row(sheet: str, grid: Sequence[Sequence[str]], *, page: int = 1) -> TableRow:
    """A label table as one row: each label (colon dropped) keys the cell after it."""
    pairs = [(row[i], row[i + 1]) for row in grid for i in range(0, len(row), 2)]
    keys = header_keys([label.rstrip().rstrip(":").strip() for label, _ in pairs])
    cells = tuple(zip(keys, (value for _, value in pairs), strict=True))
    return TableRow(sheet, 1, cells, page=page)
