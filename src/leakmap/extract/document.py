"""What extraction produces: the text, table rows and barcodes of one leaked file."""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.vocabulary import FileKind, ReadStatus


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page image, in pixels (left, top, width, height)."""

    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Running text: one page of a PDF, one body of a mail, one paragraph run of a DOCX.

    ``page`` counts from 1. ``ocr`` is true when the text came from Tesseract; ``words``
    then carries each word's box (character offsets into ``text`` plus the box), so that
    evidence can point at the page region.
    """

    page: int
    text: str
    ocr: bool = False
    words: tuple[tuple[int, int, Box], ...] = ()


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table (spreadsheet, CSV, DOCX table): headers paired with values.

    Rows stay rows: a worklist of 300 patients yields 300 mentions, never one blob of text.
    ``sheet`` names the sheet or table; ``index`` counts data rows from 1. A row carries
    where its table stands: ``page`` (a PDF's page, a workbook's sheet number, as its text
    blocks count them) and ``title``, the text its table sits under (a sheet's lines above
    its header, a PDF page's heading), where the day its rows were written is read
    (``detect/table_reading``): two sheets of one workbook may be two years apart.
    """

    sheet: str
    index: int
    cells: tuple[tuple[str, str], ...]
    page: int = 1
    title: str = ""


@dataclass(frozen=True, slots=True)
class Barcode:
    """A decoded barcode: its format (``Code128``) and text, on a page, at a box."""

    page: int
    format: str
    text: str
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Everything read from one leaked file, and how well it was read."""

    path: str
    sha256: str
    kind: FileKind
    status: ReadStatus
    reason: str = ""
    pages: int = 0
    ocr: bool = False
    blocks: tuple[TextBlock, ...] = ()
    rows: tuple[TableRow, ...] = ()
    barcodes: tuple[Barcode, ...] = ()

    @property
    def char_count(self) -> int:
        """Characters of text read, table cells included."""
        cells = sum(len(v) for row in self.rows for _, v in row.cells)
        return sum(len(b.text) for b in self.blocks) + cells
