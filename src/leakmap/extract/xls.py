"""Legacy Excel workbooks (XLS, BIFF 2–8) → rows keyed by header, like XLSX.

Excel 2 to 4 saved one sheet as a bare BIFF stream, Excel 5 and later a workbook in an
OLE file: both are sniffed (by the BOF record, by the OLE stream name) and xlrd reads both.

Read with ``xlrd``; dates stored as serial numbers are written back ``DD/MM/YYYY`` (the
way the sheet displayed them), whole numbers without ``.0`` (an IPP is not a float).
A workbook protected by a password ends ``unreadable: encrypted``.
"""

from __future__ import annotations

import io

import xlrd
from xlrd.biffh import XLRDError

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.tables import split_table
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Reason


def extract_xls(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every sheet's rows, keyed by its header row; title rows as text (page = sheet)."""
    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), on_demand=True)
    except XLRDError as error:
        if "encrypted" in str(error).lower():
            raise Unreadable(Reason.ENCRYPTED, "password-protected workbook") from None
        raise
    try:
        blocks: list[TextBlock] = []
        rows: list[TableRow] = []
        for number in range(book.nsheets):
            sheet = book.sheet_by_index(number)
            grid = [
                [cell_text(cell, book.datemode) for cell in sheet.row(r)]
                for r in range(sheet.nrows)
            ]
            table = split_table(sheet.name, grid, page=number + 1)
            if table.title:
                blocks.append(TextBlock(number + 1, table.title))
            rows.extend(table.rows)
        return ExtractedParts(tuple(blocks), tuple(rows), pages=max(1, book.nsheets))
    finally:
        book.release_resources()


def cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    """A cell as the sheet shows it: dates ``DD/MM/YYYY``, whole numbers as integers."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode).strftime("%d/%m/%Y")
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return str(int(cell.value)) if float(cell.value).is_integer() else str(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return str(cell.value)
