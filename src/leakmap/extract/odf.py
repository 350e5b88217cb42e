"""OpenDocument text and spreadsheets (ODT, ODS) → text blocks and table rows.

Both are ZIPs whose ``content.xml`` holds everything; it is parsed with ``defusedxml``
(no entity expansion). An ODT gives its paragraphs as one block and its tables as rows;
an ODS gives each sheet's rows keyed by its header, like XLSX. Repeated cells and rows
(``number-columns-repeated``, written for a sheet's trailing blanks) are expanded only
up to a cap, so a sheet declaring a million empty columns stays small.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.tables import split_table
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Reason

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
#: Most times one repeated cell or row is expanded.
MAX_REPEAT = 256
_ENCRYPTION_MARK = b"manifest:encryption-data"


def extract_odt(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Paragraphs and headings as one block; each table's rows keyed by its header."""
    root = _content(data)
    lines: list[str] = []
    rows: list[TableRow] = []
    tables = list(root.iter(f"{_TABLE}table"))
    for number, table in enumerate(tables, start=1):
        split = split_table(table.get(f"{_TABLE}name", f"table{number}"), sheet_grid(table))
        rows.extend(split.rows)
    in_tables = {id(element) for table in tables for element in table.iter()}
    for element in root.iter():
        if element.tag in (f"{_TEXT}p", f"{_TEXT}h") and id(element) not in in_tables:
            lines.append(element_text(element))
    text = "\n".join(line for line in lines if line.strip())
    return ExtractedParts(blocks=(TextBlock(1, text),) if text else (), rows=tuple(rows))


def extract_ods(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every sheet's rows, keyed by its header row; title rows as text (page = sheet)."""
    root = _content(data)
    blocks: list[TextBlock] = []
    rows: list[TableRow] = []
    sheets = list(root.iter(f"{_TABLE}table"))
    for number, sheet in enumerate(sheets, start=1):
        table = split_table(
            sheet.get(f"{_TABLE}name", f"sheet{number}"), sheet_grid(sheet), page=number
        )
        if table.title:
            blocks.append(TextBlock(number, table.title))
        rows.extend(table.rows)
    return ExtractedParts(tuple(blocks), tuple(rows), pages=max(1, len(sheets)))


def sheet_grid(table: Element) -> list[list[str]]:
    """The cells of a table, repeats expanded (capped), trailing blanks trimmed."""
    grid: list[list[str]] = []
    for row in table.iter(f"{_TABLE}table-row"):
        cells = list(_row_cells(row))
        while cells and not cells[-1]:
            cells.pop()
        repeat = _repeat(row, "number-rows-repeated") if cells else 1
        grid.extend([cells] * repeat)
    return grid


def element_text(element: Element) -> str:
    """The text of a paragraph, spans and spaces (``text:s``, tabs, line breaks) included."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag in (f"{_TEXT}s", f"{_TEXT}tab"):
            parts.append(" ")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _row_cells(row: Element) -> Iterator[str]:
    for cell in row:
        if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            continue
        text = "\n".join(element_text(p) for p in cell.iter(f"{_TEXT}p"))
        yield from [text] * _repeat(cell, "number-columns-repeated")


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, min(MAX_REPEAT, int(element.get(f"{_TABLE}{attribute}", "1"))))
    except ValueError:
        return 1


def _content(data: bytes) -> Element:
    """The parsed ``content.xml``; encrypted documents are refused with their reason."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if _ENCRYPTION_MARK in archive.read("META-INF/manifest.xml"):
            raise Unreadable(Reason.ENCRYPTED, "password-protected OpenDocument")
        content = archive.read("content.xml")
    try:
        return fromstring(content)
    except DefusedXmlException as refused:
        raise Unreadable(Reason.XML_ENTITIES, type(refused).__name__) from None
