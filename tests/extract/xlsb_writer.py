"""XLSB workbooks written by hand, record by record (MS-XLSB), for the tests.

No Python library writes XLSB, and a committed sample would be an opaque binary: this
writes the few records a real workbook needs (the sheet list, shared strings, the number
formats that make a serial number a date, rows of cells), in the ZIP layout Excel uses.
Record ids are written the way the file stores them (7-bit groups, low first), which is
the form ``pyxlsb.biff12`` names them by.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from datetime import date

from pyxlsb import biff12

#: BrtFmt, a custom number format (not named in pyxlsb's table).
_FMT = 0x002C
#: The cell format index (XF) of date cells in the workbooks written here.
DATE_STYLE = 1
_DATE_FORMAT_ID = 164
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
)

#: A cell: text, a number, a date; ``None`` writes no cell there (a sparse row).
Cell = str | float | date | None


def _record(recid: int, body: bytes = b"") -> bytes:
    ident = recid.to_bytes(2 if recid > 0xFF else 1, "little")
    length, size = b"", len(body)
    while True:
        byte, size = size & 0x7F, size >> 7
        length += bytes([byte | (0x80 if size else 0)])
        if not size:
            return ident + length + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _serial(day: date) -> float:
    return float((day - date(1899, 12, 30)).days)


def _sheet(grid: Sequence[Sequence[Cell]], strings: list[str]) -> bytes:
    index: dict[str, int] = {}
    records = [_record(biff12.WORKSHEET), _record(biff12.SHEETDATA)]
    for r, row in enumerate(grid):
        records.append(_record(biff12.ROW, struct.pack("<I", r) + bytes(13)))
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                if value not in index:
                    index[value] = len(strings)
                    strings.append(value)
                body = struct.pack("<III", c, 0, index[value])
                records.append(_record(biff12.STRING, body))
            elif isinstance(value, date):
                body = struct.pack("<IId", c, DATE_STYLE, _serial(value))
                records.append(_record(biff12.FLOAT, body))
            else:
                records.append(_record(biff12.FLOAT, struct.pack("<IId", c, 0, value)))
    records += [_record(biff12.SHEETDATA_END), _record(biff12.WORKSHEET_END)]
    return b"".join(records)


def _shared_strings(strings: list[str]) -> bytes:
    body = struct.pack("<II", len(strings), len(strings))
    items = b"".join(_record(biff12.SI, b"\x00" + _wide(s)) for s in strings)
    return _record(biff12.SST, body) + items + _record(biff12.SST_END)


def _styles() -> bytes:
    """Two cell formats: 0 General, 1 a custom ``dd/mm/yyyy``."""
    xf = [struct.pack("<HH", 0, fmt) + bytes(12) for fmt in (0, _DATE_FORMAT_ID)]
    return b"".join(
        [
            _record(biff12.STYLESHEET),
            _record(_FMT, struct.pack("<H", _DATE_FORMAT_ID) + _wide("dd/mm/yyyy")),
            _record(biff12.CELLXFS, struct.pack("<I", len(xf))),
            *(_record(biff12.XF, body) for body in xf),
            _record(biff12.CELLXFS_END),
            _record(biff12.STYLESHEET_END),
        ]
    )


def _workbook(sheet_name: str) -> bytes:
    sheet = struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet_name)
    return b"".join(
        [
            _record(biff12.WORKBOOK),
            _record(biff12.SHEETS),
            _record(biff12.SHEET, sheet),
            _record(biff12.SHEETS_END),
            _record(biff12.WORKBOOK_END),
        ]
    )


def xlsb_workbook(sheet_name: str, grid: Sequence[Sequence[Cell]]) -> bytes:
    """An XLSB of one sheet: text cells as shared strings, dates as formatted serials."""
    strings: list[str] = []
    sheet = _sheet(grid, strings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.bin", _workbook(sheet_name))
        book.writestr("xl/_rels/workbook.bin.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.bin", sheet)
        book.writestr("xl/sharedStrings.bin", _shared_strings(strings))
        book.writestr("xl/styles.bin", _styles())
    return buffer.getvalue()
