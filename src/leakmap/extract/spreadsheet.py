"""Spreadsheets and delimited text (XLSX, CSV, TSV) → table rows keyed by header.

A worklist of 300 patients must stay 300 rows, so that detection sees one person per row.
Rows above the header (a title, an export date) become a text block; nothing else does.
XLSX is read with openpyxl in read-only mode (streamed XML) with cached formula values.
CSV encoding is detected (UTF-8, else Western code pages), and the delimiter is the one
among ``, ; TAB |`` that splits every sampled line alike, else ``csv.Sniffer``'s pick.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import date, datetime, time

import openpyxl

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text, unmangled
from leakmap.extract.long_lines import has_long_line, split_long_lines
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import split_table
from leakmap.extract.text import decode_windows, windowed_parts
from leakmap.settings import ScanSettings
from leakmap.walk.sniff import DELIMITERS, HEAD_BYTES, guess_delimiter, sample_lines

#: Sheet name given to the rows of a CSV file (it has only one table).
CSV_SHEET = "csv"
#: A CSV cell may be as long as a whole file (a pasted letter): lift the 128 KiB default.
MAX_CSV_FIELD_CHARS = 64 * 1024 * 1024
_ZERO_PADDED = re.compile(r"^0+$")


def extract_xlsx(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every worksheet's rows, keyed by its header row; title rows as text (page = sheet)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # style and validation warnings say nothing to us
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        blocks: list[TextBlock] = []
        rows: list[TableRow] = []
        for number, sheet in enumerate(book.worksheets, start=1):
            grid = [[cell_text(cell) for cell in row] for row in sheet.iter_rows()]
            table = split_table(sheet.title, grid, page=number)
            if table.title:
                blocks.append(TextBlock(number, table.title))
            rows.extend(table.rows)
        return ExtractedParts(tuple(blocks), tuple(rows), pages=len(book.worksheets))
    finally:
        book.close()


def extract_csv(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The rows of a delimited text file, keyed by its header row.

    A line of megabytes (a pasted document in one cell) is not a row anyone can read as
    one: it is cut out and read in windows as text blocks (``long_lines.py``); the other
    lines stay the table.
    """
    if has_long_line(data):
        split = split_long_lines(data)
        parts = _csv_parts(split.short_lines)
        windows = tuple(TextBlock(1, t) for t in decode_windows(data, split.windows(data)))
        return windowed_parts(ExtractedParts((*parts.blocks, *windows), parts.rows), split)
    return _csv_parts(data)


def _csv_parts(data: bytes) -> ExtractedParts:
    text = decode_text(data)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD_CHARS))
    grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=choose_delimiter(text)))
    table = split_table(CSV_SHEET, grid)
    blocks = (TextBlock(1, table.title),) if table.title else ()
    return ExtractedParts(blocks, table.rows)


def choose_delimiter(text: str) -> str:
    """Consistency first (it is exact on regular exports), ``csv.Sniffer`` for ragged ones."""
    head = text[:HEAD_BYTES]
    consistent = guess_delimiter(sample_lines(head, truncated=len(text) > len(head)))
    if consistent:
        return consistent
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return max(DELIMITERS, key=head.count)


def cell_text(cell: object) -> str:
    """A cell's value as the text a person sees: integers without ``.0``, dates in ISO.

    A patient id stored as a number with a ``00000000`` format keeps its leading zeros.
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return _number_text(value, str(getattr(cell, "number_format", "") or ""))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return unmangled(str(value))  # "LEFÃˆVRE" in a sheet re-saved from a mangled export


def _number_text(value: int | float, number_format: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        return format(value, ".15g")
    text = str(int(value))
    if _ZERO_PADDED.match(number_format):
        text = text.zfill(len(number_format))
    return text
