"""Word documents (DOCX) → one text block, and each table's rows keyed by its header.

The block holds the body in reading order (paragraphs, and tables one row per line with
cells tab-separated, so "Nom :<TAB>DUPONT" stays on one line), then text boxes (patient
labels often sit in one), then headers and footers (where hospitals print the patient
banner on every page). Tables also become ``TableRow``s: the first row keys the others
when it reads as a header, else ``col1..n``; a label table ("Nom :" | "DUPONT" down the
rows) becomes one row keyed by its labels.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.table import Table
from docx.text.paragraph import Paragraph

from leakmap.extract.document import TextBlock
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import table_rows
from leakmap.settings import ScanSettings

_TEXT_BOX = qn("w:txbxContent")
_PARAGRAPH = qn("w:p")
_TEXT = qn("w:t")
#: Word writes each text box twice (DrawingML and a VML fallback); the fallback is skipped.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


Grid = list[list[str]]


@dataclass(frozen=True, slots=True)
class ReadTable:
    """A DOCX table read once: cells per grid column, lines for the text, nested tables."""

    grid: Grid
    lines: tuple[str, ...]
    nested: tuple[Table, ...]


def extract_docx(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Body, text boxes, headers and footers as one block (page 1); tables as rows too."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    grids: list[Grid] = []
    for item in document.iter_inner_content():
        lines.extend(_item_lines(item, grids))
    lines.extend(_text_box_lines(document.element.body))
    lines.extend(_header_footer_lines(document, grids))
    rows = [
        row for number, grid in enumerate(grids, 1) for row in table_rows(f"table{number}", grid)
    ]
    text = "\n".join(line for line in lines if line.strip())
    return ExtractedParts(blocks=(TextBlock(1, text),) if text else (), rows=tuple(rows))


def read_table(table: Table) -> ReadTable:
    """Each cell's text once (python-docx walks the whole table for every row's cells).

    The grid repeats a merged cell under each of its columns, so values stay under their
    headers; the text lines give it once, cells tab-separated.
    """
    grid: Grid = []
    lines: list[str] = []
    nested: list[Table] = []
    for row in table.rows:
        aligned: list[str] = []
        once: list[str] = []
        previous, text = None, ""
        for cell in row.cells:
            if cell._tc is not previous:
                text = " ".join(cell.text.split())
                once.append(text)
                nested.extend(cell.tables)
            aligned.append(text)
            previous = cell._tc
        grid.append(aligned)
        lines.append("\t".join(cell for cell in once if cell))
    return ReadTable(grid, tuple(lines), tuple(nested))


def _item_lines(item: Paragraph | Table, grids: list[Grid]) -> Iterator[str]:
    """A paragraph's text, or a table's rows (its nested tables after it)."""
    if isinstance(item, Paragraph):
        yield item.text
        return
    table = read_table(item)
    grids.append(table.grid)
    yield from table.lines
    for nested in table.nested:
        yield from _item_lines(nested, grids)


def _text_box_lines(element: object) -> Iterator[str]:
    """Paragraphs inside text boxes, each box once."""
    for box in element.iter(_TEXT_BOX):  # type: ignore[attr-defined]
        if any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
            continue
        for paragraph in box.iter(_PARAGRAPH):
            yield "".join(node.text or "" for node in paragraph.iter(_TEXT))


def _header_footer_lines(document: Document, grids: list[Grid]) -> Iterator[str]:
    """Text of every distinct header and footer, in section order."""
    seen: set[str] = set()
    for part in _headers_and_footers(document):
        own_grids: list[Grid] = []
        lines = [
            line for item in part.iter_inner_content() for line in _item_lines(item, own_grids)
        ]
        lines.extend(_text_box_lines(part._element))
        text = "\n".join(lines)
        if text.strip() and text not in seen:
            seen.add(text)
            grids.extend(own_grids)
            yield text


def _headers_and_footers(document: Document) -> Iterable[_Header | _Footer]:
    for section in document.sections:
        for part in (
            section.first_page_header, section.header, section.even_page_header,
            section.first_page_footer, section.footer, section.even_page_footer,
        ):  # fmt: skip
            if not part.is_linked_to_previous:
                yield part
