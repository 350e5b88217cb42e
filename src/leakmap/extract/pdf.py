"""PDFs → one text block per page, read from the text layer with PDFium.

A page with no text layer (a scan), or whose text layer is only a stamp on a page-sized
image (a fax header), is OCR'd when OCR is available; otherwise the document is
``partial`` (some pages) or ``unreadable`` (every page), reason ``no_text_layer``, so that
nobody mistakes an unread scan for a page without patients.
A page with no content at all is blank, not a failure. A PDF that needs a password is
``encrypted``; one PDFium cannot parse is ``corrupt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from leakmap.extract.document import Barcode, TableRow, TextBlock
from leakmap.extract.ocr_hook import ocr_pdf_page
from leakmap.extract.page_tables import ocr_tables, pdf_tables, pdf_text_outside
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.tables import under_heading
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.stage_clock import stage
from leakmap.vocabulary import ReadStatus, Reason

#: A page image covering this share of the page is a scan.
SCAN_COVERAGE = 0.5
#: A scan's text layer this short is a stamp (fax header, page number), not its content.
STAMP_MAX_WORDS = 30
#: Pixels an image on a page to OCR may declare: beyond, the page is not rendered and
#: counts as failed (the same bound as an image file's, ``extract/image.py``).
MAX_PAGE_IMAGE_PIXELS = 120_000_000
#: PDFium's mark where it joined a word hyphenated across a line end.
_JOINED_HYPHEN = "\x02"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: PDFium's load error codes, as words for the ``reason`` column.
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "unknown PDFium error",
    pdfium_c.FPDF_ERR_FILE: "file not readable",
    pdfium_c.FPDF_ERR_FORMAT: "not a valid PDF",
    pdfium_c.FPDF_ERR_PAGE: "page tree damaged",
}
#: What a broken page raises: PDFium errors, and OCR failures on that page.
_PAGE_ERRORS = (RuntimeError, OSError, ValueError)


class PageOcr(Protocol):
    """OCR of one PDF page: its text block and barcodes, or ``None`` when OCR is unavailable."""

    def __call__(
        self, page: pdfium.PdfPage, *, page_number: int
    ) -> tuple[TextBlock, tuple[Barcode, ...]] | None: ...


class _PageState(Enum):
    TEXT = "text"
    BLANK = "blank"
    NO_TEXT = "no_text"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class _Page:
    state: _PageState
    blocks: tuple[TextBlock, ...] = ()
    barcodes: tuple[Barcode, ...] = ()
    rows: tuple[TableRow, ...] = ()


def extract_pdf(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every page's text; raises ``Unreadable`` for encrypted or unparseable PDFs."""
    return read_pdf(data, ocr_page=ocr_pdf_page)


def read_pdf(data: bytes, *, ocr_page: PageOcr) -> ExtractedParts:
    """``extract_pdf`` with the OCR step given: ``ocr_page`` returns ``None`` when it cannot."""
    document = open_pdf(data)
    try:
        pages = [_read_page(document, index, ocr_page) for index in range(len(document))]
    finally:
        document.close()
    return _assemble(pages)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The parsed document; ``Unreadable`` (encrypted, or corrupt) when it cannot be opened."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise Unreadable(Reason.ENCRYPTED, "password required") from error
        detail = _LOAD_ERRORS.get(error.err_code or 0, "PdfiumError")
        raise Unreadable(Reason.CORRUPT, detail) from error


def page_text(textpage: pdfium.PdfTextPage) -> str:
    """A page's text layer, hyphen joins undone, control characters blanked."""
    return _clean(textpage.get_text_bounded())


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", normalise_newlines(text.replace(_JOINED_HYPHEN, "")))


def _read_page(document: pdfium.PdfDocument, index: int, ocr_page: PageOcr) -> _Page:
    number = index + 1
    try:
        page = document[index]
        try:
            return _page_content(page, number, ocr_page)
        finally:
            page.close()
    except _PAGE_ERRORS:
        return _Page(_PageState.FAILED)


def _page_content(page: pdfium.PdfPage, number: int, ocr_page: PageOcr) -> _Page:
    """The text layer, and OCR where the text layer is missing or only a stamp on a scan.

    Tables drawn on the page (a planning, a results grid) come back as rows, and their
    lines leave the page's text so that no line is read twice (``page_tables``).
    """
    textpage = page.get_textpage()
    try:
        text = page_text(textpage)
        scanned = bool(text.strip()) and _is_stamped_scan(page, text)
        tables = pdf_tables(textpage, page=number) if text.strip() and not scanned else ()
        if tables:
            text = _clean(pdf_text_outside(textpage, tables))
    finally:
        textpage.close()
    rows = under_heading([row for table in tables for row in table.rows], text)
    blocks = (TextBlock(number, text),) if text.strip() else ()
    blocks += tuple(TextBlock(number, card) for table in tables for card in table.cards)
    if (blocks or rows) and not scanned:
        return _Page(_PageState.TEXT, blocks, rows=rows)
    if not blocks and next(page.get_objects(max_depth=1), None) is None:
        return _Page(_PageState.BLANK)
    if _holds_image_bomb(page):
        return _Page(_PageState.FAILED, blocks)
    with stage("ocr"):
        ocr = ocr_page(page, page_number=number)
    if ocr is None:
        return _Page(_PageState.NO_TEXT, blocks)
    block, ocr_rows = ocr_tables(ocr[0])
    return _Page(_PageState.TEXT, (*blocks, block), ocr[1], ocr_rows)


def _holds_image_bomb(page: pdfium.PdfPage) -> bool:
    """Whether an image on the page declares more than ``MAX_PAGE_IMAGE_PIXELS``: PDFium
    decodes it whole to render the page (a 60,000-pixel square from 1 kB: 0.98 GB)."""
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        width, height = image.get_px_size()
        if width * height > MAX_PAGE_IMAGE_PIXELS:
            return True
    return False


def _is_stamped_scan(page: pdfium.PdfPage, text: str) -> bool:
    """A scan whose only text layer is a stamp (a fax header, a page number, a date).

    Scanners and fax servers print a line on the image's PDF; the patient's data is in the
    image, so the page still needs OCR.
    """
    if len(text.split()) > STAMP_MAX_WORDS:
        return False
    width, height = page.get_size()
    page_area = max(width * height, 1.0)
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= SCAN_COVERAGE * page_area:
            return True
    return False


def _assemble(pages: list[_Page]) -> ExtractedParts:
    """The document's status from its pages' states: failures first, then missing text."""
    if not pages:
        raise Unreadable(Reason.CORRUPT, "no pages")
    blocks = tuple(block for p in pages for block in p.blocks)
    rows = tuple(row for p in pages for row in p.rows)
    barcodes = tuple(code for p in pages for code in p.barcodes)
    ocr = any(block.ocr for block in blocks)
    states = [p.state for p in pages]
    for state, reason in (
        (_PageState.FAILED, Reason.SOME_PAGES_FAILED),
        (_PageState.NO_TEXT, Reason.NO_TEXT),
    ):
        missing = states.count(state)
        if not missing:
            continue
        detail = f"{reason.value}: {missing}/{len(pages)} pages"
        if not blocks and not rows:
            raise Unreadable(reason, f"{missing}/{len(pages)} pages", pages=len(pages))
        return ExtractedParts(blocks, rows, barcodes, len(pages), ocr, ReadStatus.PARTIAL, detail)
    return ExtractedParts(blocks, rows, barcodes, pages=len(pages), ocr=ocr)
