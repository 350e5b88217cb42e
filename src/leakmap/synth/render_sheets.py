"""Lists written as XLSX (openpyxl), CSV (several separators and encodings) or text.

Exports differ in the ways that trip readers: ``;`` or ``,`` or tab separators, UTF-8 with
or without BOM or cp1252, title lines above the header, dates as real date cells or as
text in any usual format, IPPs stored as numbers (their leading zeros lost).
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import date, datetime

from openpyxl import Workbook

from leakmap.synth.french_dates import format_date
from leakmap.synth.plan import Cell, Sheet
from leakmap.synth.zip_writer import stable_zip

_FIXED = datetime(2024, 9, 30, 12, 0, 0)
_CSV_DATE_STYLES = ("slash", "slash", "iso", "dot", "slash_short")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def render_xlsx(sheet: Sheet, rng: random.Random) -> bytes:
    """The list as an XLSX workbook: titles, header, rows; dates as cells or text."""
    book = Workbook()
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    book.properties.creator = rng.choice(("", "CH Kerval", "admin"))
    page = book.active
    assert page is not None  # a new workbook has one sheet
    page.title = rng.choice(("Feuil1", "Export", "Liste", "Sheet1", sheet.stem[:28] or "Liste"))
    dates_as_cells = rng.random() < 0.6
    text_style = rng.choice(_CSV_DATE_STYLES)
    for line in sheet.title_lines:
        page.append([line])
    if sheet.title_lines:
        page.append([])
    page.append(list(sheet.header))
    for row in sheet.rows:
        page.append([_xlsx_value(cell, dates_as_cells, text_style) for cell in row])
    if dates_as_cells:
        for column in page.iter_cols():
            for cell in column:
                if isinstance(cell.value, datetime | date):
                    cell.number_format = "DD/MM/YYYY"
    if rng.random() < 0.2:
        book.create_sheet("Paramètres").append(["Extraction", format_date(sheet.when, "slash")])
    buffer = io.BytesIO()
    book.save(buffer)
    return _freeze_workbook(buffer.getvalue())


def _xlsx_value(cell: Cell, dates_as_cells: bool, style: str) -> Cell:
    if isinstance(cell, date) and not dates_as_cells:
        return format_date(cell, style)
    return cell


def _freeze_workbook(data: bytes) -> bytes:
    """Fixed timestamps, including the modification date openpyxl stamps at save time."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    fixed = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [
        (
            name,
            _MODIFIED.sub(rb"\g<1>" + fixed + rb"\g<2>", body)
            if name == "docProps/core.xml"
            else body,
        )  # fmt: skip
        for name, body in members
    ]
    return stable_zip(members)


def render_csv(sheet: Sheet, rng: random.Random) -> bytes:
    """The list as CSV: separator, encoding, date format and title line vary by export."""
    separator = rng.choices((";", ",", "\t"), (55, 30, 15))[0]
    encoding = rng.choices(("utf-8", "cp1252", "utf-8-sig"), (50, 35, 15))[0]
    style = rng.choice(_CSV_DATE_STYLES)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=rng.choice(("\r\n", "\n")))
    if sheet.title_lines and rng.random() < 0.3:
        writer.writerow([sheet.title_lines[0]])
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow([_text(cell, style) for cell in row])
    return buffer.getvalue().encode(encoding)


def render_list_text(sheet: Sheet, rng: random.Random) -> bytes:
    """The list as a printed text report: aligned columns under the titles."""
    style = rng.choice(_CSV_DATE_STYLES)
    rows = [tuple(sheet.header), *(tuple(_text(cell, style) for cell in row) for row in sheet.rows)]
    widths = [max(len(str(row[i])) for row in rows if i < len(row)) for i in range(len(sheet.header))]  # fmt: skip
    lines = [*sheet.title_lines, ""] if sheet.title_lines else []
    for number, row in enumerate(rows):
        lines.append("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=False)).rstrip())  # fmt: skip
        if number == 0:
            lines.append("-" * min(120, sum(widths) + 2 * len(widths)))
    encoding = rng.choice(("utf-8", "cp1252"))
    return ("\r\n" if rng.random() < 0.3 else "\n").join(lines).encode(encoding) + b"\n"


def sheet_cells(sheet: Sheet, rng: random.Random) -> list[list[str]]:
    """The list's rows as text cells, dates in one usual style (for ODS and XLS writers)."""
    style = rng.choice(_CSV_DATE_STYLES)
    return [[_text(cell, style) for cell in row] for row in sheet.rows]


def _text(cell: Cell, style: str) -> str:
    if isinstance(cell, date):
        return format_date(cell, style)
    return str(cell)
