"""Excel 2003 XML spreadsheets ("SpreadsheetML") → each worksheet's rows, like an XLSX.

Report tools (Business Objects, Crystal Reports, many DPI "export to Excel" buttons)
still write the XML spreadsheet format of Office 2003: a ``Workbook`` in the
``urn:schemas-microsoft-com:office:spreadsheet`` namespace, ``Worksheet``s holding a
``Table`` of ``Row``s of ``Cell``s, each value in a ``Data`` element. Read as plain
XML its cells are one value a line and no row is a record; read here, each sheet is a
grid, split under its header row as a workbook's sheet is (``tables.split_table``).

A cell may skip columns (``ss:Index``, counted from 1) and span several
(``ss:MergeAcross``): the value goes under the first, as a merged cell's does in an XLSX.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import split_table

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{NAMESPACE}}}"
#: Columns a cell may claim to skip to or span (a corrupt index must not allocate GBs).
MAX_COLUMNS = 1024


def is_spreadsheet_xml(root: Element) -> bool:
    """Whether ``root`` is an Office 2003 XML workbook."""
    return root.tag == f"{_SS}Workbook"


def extract_spreadsheet_xml(root: Element) -> ExtractedParts:
    """Every worksheet's rows keyed by its header; rows above the header as text."""
    blocks: list[TextBlock] = []
    rows: list[TableRow] = []
    sheets = root.findall(f"{_SS}Worksheet")
    for number, sheet in enumerate(sheets, start=1):
        name = sheet.get(f"{_SS}Name") or f"sheet{number}"
        table = split_table(name, _grid(sheet), page=number)
        if table.title:
            blocks.append(TextBlock(number, table.title))
        rows.extend(table.rows)
    return ExtractedParts(tuple(blocks), tuple(rows), pages=max(1, len(sheets)))


def _grid(sheet: Element) -> list[list[str]]:
    grid: list[list[str]] = []
    for row in sheet.iter(f"{_SS}Row"):
        values: list[str] = []
        for cell in row.findall(f"{_SS}Cell"):
            index = _int(cell.get(f"{_SS}Index"))
            if index is not None and len(values) < index - 1 <= MAX_COLUMNS:
                values.extend([""] * (index - 1 - len(values)))
            values.append(_text(cell))
            span = _int(cell.get(f"{_SS}MergeAcross")) or 0
            values.extend([""] * min(span, MAX_COLUMNS - len(values)))
            if len(values) >= MAX_COLUMNS:
                break
        grid.append(values)
    return grid


def _text(cell: Element) -> str:
    """A cell's value: its ``Data`` text, rich text (``html:B`` inside) included."""
    data = cell.find(f"{_SS}Data")
    return " ".join("".join(data.itertext()).split()) if data is not None else ""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
