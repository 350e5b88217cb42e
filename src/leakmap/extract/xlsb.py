"""Excel binary workbooks (XLSB) → rows keyed by header, like XLSX.

An XLSB is a ZIP like an XLSX, its parts binary records (BIFF12) instead of XML:
``xl/workbook.bin`` lists the sheets, ``xl/sharedStrings.bin`` the strings that cells
point at, ``xl/styles.bin`` the number formats that make a number a date. ``pyxlsb``
decodes the records; the rows are built here, sparse: a sheet's declared dimension is
not trusted (a hostile one would make every row 16,384 cells, or a cell out of range
crash the reader), only the cells present are kept, within Excel's own limits, columns
no cell uses are dropped, and a sheet past ``MAX_GRID_CELLS`` is cut (``partial``).

Dates are numbers under a date format, written ISO as the XLSX reader writes them;
whole numbers are written without ``.0`` (an IPP is not a float).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from datetime import datetime, time

from defusedxml import ElementTree
from pyxlsb import biff12, convert_date
from pyxlsb.reader import BIFF12Reader

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import split_table
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason

#: Excel's own grid limits: a cell beyond them is not a cell of a real sheet.
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
#: Cells of a sheet's padded rows kept at most (a hostile sheet may put one cell at the
#: last column of every row): past this the sheet is cut and the file is ``partial``.
MAX_GRID_CELLS = 4_000_000
_WORKBOOK = "xl/workbook.bin"
_WORKBOOK_RELS = "xl/_rels/workbook.bin.rels"
_SHARED_STRINGS = "xl/sharedStrings.bin"
_STYLES = "xl/styles.bin"
#: A number format record (BrtFmt), in pyxlsb's byte-form record ids like ``biff12``'s.
_BRT_FMT = 0x002C
#: Built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian ones).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
#: What a format code shows once its quoted text, escapes and [brackets] are gone.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_NUMBER_CELLS = frozenset({biff12.NUM, biff12.FLOAT, biff12.FORMULA_FLOAT})
_TEXT_CELLS = frozenset({biff12.FORMULA_STRING})
_BOOL_CELLS = frozenset({biff12.BOOL, biff12.FORMULA_BOOL})
#: What pyxlsb raises on a record cut short or garbled (it reads missing bytes as None).
_DAMAGED_RECORD = (TypeError, ValueError, struct.error, UnicodeDecodeError, OverflowError)


def extract_xlsb(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every worksheet's rows, keyed by its header row; title rows as text (page = sheet)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = _sheet_parts(book)
        strings, strings_reason = _shared_strings(book)
        dates = _date_styles(book)
        blocks: list[TextBlock] = []
        rows: list[TableRow] = []
        reasons = [strings_reason] if strings_reason else []
        for number, (name, part) in enumerate(sheets, start=1):
            if part not in book.namelist():
                reasons.append(f"{Reason.CORRUPT.value}: a sheet's part is missing")
                continue
            grid, reason = _grid(book.read(part), strings, dates)
            table = split_table(name, grid, page=number)
            if table.title:
                blocks.append(TextBlock(number, table.title))
            rows.extend(table.rows)
            reasons += [reason] if reason else []
    pages = max(1, len(sheets))
    if reasons:
        return ExtractedParts(
            tuple(blocks), tuple(rows), pages=pages, status=ReadStatus.PARTIAL, reason=reasons[0]
        )
    return ExtractedParts(tuple(blocks), tuple(rows), pages=pages)


def _sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order; the relationships parsed defused."""
    targets = {
        element.get("Id", ""): element.get("Target", "")
        for element in ElementTree.fromstring(book.read(_WORKBOOK_RELS))
    }
    sheets = []
    for recid, record in BIFF12Reader(fp=io.BytesIO(book.read(_WORKBOOK))):
        if recid == biff12.SHEET and record.rId in targets:
            target = targets[record.rId]
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheets.append((str(record.name), part))
        elif recid == biff12.SHEETS_END:
            break
    return sheets


def _shared_strings(book: zipfile.ZipFile) -> tuple[list[str], str]:
    """The shared strings in order, and why they are only partly read, if they are: the
    strings before a damaged record still fill the cells that point at them."""
    if _SHARED_STRINGS not in book.namelist():
        return [], ""
    strings: list[str] = []
    try:
        for recid, record in BIFF12Reader(fp=io.BytesIO(book.read(_SHARED_STRINGS))):
            if recid == biff12.SI:
                strings.append(record.t if isinstance(record.t, str) else "")
            elif recid == biff12.SST_END:
                break
    except _DAMAGED_RECORD as error:
        return strings, f"{Reason.CORRUPT.value}: damaged record ({type(error).__name__})"
    return strings, ""


def _grid(part: bytes, strings: list[str], dates: frozenset[int]) -> tuple[list[list[str]], str]:
    """The sheet's rows in order, each as long as its last cell, empty rows left out; and
    why the sheet is only partly read, if it is (a damaged record, too many cells)."""
    cells: dict[int, dict[int, str]] = {}
    reason = ""
    try:
        if not _read_cells(part, strings, dates, cells):
            reason = f"{Reason.CORRUPT.value}: truncated"
    except _DAMAGED_RECORD as error:  # pyxlsb reads a short record's fields as None
        reason = f"{Reason.CORRUPT.value}: damaged record ({type(error).__name__})"
    grid, cut = _padded(cells)
    if cut:
        reason = f"{Reason.TOO_LARGE.value}: sheet cut at {MAX_GRID_CELLS} cells"
    return grid, reason


def _read_cells(
    part: bytes, strings: list[str], dates: frozenset[int], cells: dict[int, dict[int, str]]
) -> bool:
    """Fill ``cells`` (row → column → text) record by record: what was read before a
    damaged record stays read. False when the sheet data has no end (the part was cut)."""
    row = -1
    for recid, record in BIFF12Reader(fp=io.BytesIO(part)):
        if recid == biff12.ROW:
            row = record.r if isinstance(record.r, int) and record.r < MAX_ROWS else -1
        elif recid == biff12.SHEETDATA_END:
            return True
        elif biff12.BLANK <= recid <= biff12.FORMULA_BOOLERR and row >= 0:
            column = record.c
            if isinstance(column, int) and column < MAX_COLUMNS:
                text = _cell_text(recid, record.v, record.style, strings, dates)
                if text:
                    cells.setdefault(row, {})[column] = text
    return False


def _padded(cells: dict[int, dict[int, str]]) -> tuple[list[list[str]], bool]:
    """Rows as lists, the columns no cell uses left out (the others keep their order, so
    a value stays under its header); cut at ``MAX_GRID_CELLS`` (then true)."""
    order = {
        column: rank for rank, column in enumerate(sorted({c for r in cells.values() for c in r}))
    }
    grid: list[list[str]] = []
    budget = MAX_GRID_CELLS
    for _, values in sorted(cells.items()):
        width = max(order[c] for c in values) + 1
        budget -= width
        if budget < 0:
            return grid, True
        row = [""] * width
        for column, text in values.items():
            row[order[column]] = text
        grid.append(row)
    return grid, False


def _cell_text(
    recid: int, value: object, style: object, strings: list[str], dates: frozenset[int]
) -> str:
    """A cell as the sheet shows it: a shared string, a date, a number, TRUE or FALSE."""
    if recid == biff12.STRING:
        return strings[value] if isinstance(value, int) and value < len(strings) else ""
    if recid in _TEXT_CELLS:
        return str(value or "")
    if recid in _BOOL_CELLS:
        return "TRUE" if value else "FALSE"
    if recid in _NUMBER_CELLS and isinstance(value, int | float):
        if style in dates:
            return _date_text(value)
        return str(int(value)) if float(value).is_integer() else format(value, ".15g")
    return ""


def _date_text(serial: float) -> str:
    try:
        moment = convert_date(serial)
    except (OverflowError, ValueError):
        return format(serial, ".15g")
    if not isinstance(moment, datetime):
        return format(serial, ".15g")
    if moment.time() == time(0, 0):
        return moment.date().isoformat()
    return moment.isoformat(sep=" ", timespec="minutes")


def _date_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """The cell format (XF) indexes whose number format shows a date."""
    if _STYLES not in book.namelist():
        return frozenset()
    custom_dates: set[int] = set()
    formats: list[int] = []
    in_cell_formats = False
    for recid, body in _records(book.read(_STYLES)):
        if recid == _BRT_FMT and len(body) >= 6:  # noqa: PLR2004 - ifmt + string length
            custom_dates.update({struct.unpack_from("<H", body)[0]} if _is_date_code(body) else ())
        elif recid == biff12.CELLXFS:
            in_cell_formats = True
        elif recid == biff12.CELLXFS_END:
            in_cell_formats = False
        elif recid == biff12.XF and in_cell_formats and len(body) >= 4:  # noqa: PLR2004
            formats.append(struct.unpack_from("<H", body, 2)[0])
    date_ids = _DATE_FORMAT_IDS | custom_dates
    return frozenset(index for index, fmt in enumerate(formats) if fmt in date_ids)


def _is_date_code(body: bytes) -> bool:
    """A BrtFmt's code (a UTF-16 string after the 2-byte id) shows a day or a year."""
    (length,) = struct.unpack_from("<I", body, 2)
    code = body[6 : 6 + 2 * length].decode("utf-16-le", errors="replace")
    shown = _FORMAT_NOISE.sub("", code).lower()
    return "d" in shown or "y" in shown


def _records(part: bytes) -> Iterator[tuple[int, bytes]]:
    """Every record of a binary part as (id, body), including those pyxlsb has no
    handler for (its iterator skips them): the record framing is pyxlsb's."""
    stream = io.BytesIO(part)
    reader = BIFF12Reader(fp=stream)
    while True:
        recid, length = reader.read_id(), reader.read_len()
        if recid is None or length is None:
            return
        yield recid, stream.read(length)
