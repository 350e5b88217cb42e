"""PDFs written by reportlab, read back by PDFium: text pages, scans, encryption, damage."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from leakmap.extract.ocr_hook import ocr_available
from leakmap.extract.parts import Unreadable
from leakmap.extract.pdf import extract_pdf, read_pdf
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason

SETTINGS = ScanSettings(workers=1)
LABEL = ["DUPONT Marie Claire", "Née le 12/03/1965    IPP : 10000001"]


def pdf(
    pages: list[list[str] | None], *, encrypt: pdfencrypt.StandardEncryption | None = None
) -> bytes:
    """One page per entry: lines of text, or ``None`` for a scanned page (an image only)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    for lines in pages:
        if lines is None:
            image = Image.new("L", (120, 40), 255)
            page.drawImage(ImageReader(image), 60, 700, width=120, height=40)
        for number, line in enumerate(lines or []):
            page.drawString(60, 800 - 16 * number, line)
        page.showPage()
    page.save()
    return buffer.getvalue()


def faxed_pdf() -> bytes:
    """A scan as a fax server writes it: a page-sized image, and a one-line text stamp."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(Image.new("L", (60, 80), 255)), 0, 0, width=595, height=842)
    page.drawString(20, 820, "FAX 04/05/2023 10:02 p. 1/1")
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_one_block_per_page() -> None:
    parts = extract_pdf(pdf([LABEL, ["Biopsie : carcinome canalaire."]]), SETTINGS)
    assert parts.status is ReadStatus.READ and parts.pages == 2 and not parts.ocr
    assert [b.page for b in parts.blocks] == [1, 2]
    assert parts.blocks[0].text == "DUPONT Marie Claire\nNée le 12/03/1965 IPP : 10000001"
    assert "\r" not in parts.blocks[0].text


def test_blank_pages_are_not_failures() -> None:
    parts = extract_pdf(pdf([LABEL, []]), SETTINGS)
    assert parts.status is ReadStatus.READ and parts.pages == 2 and len(parts.blocks) == 1


def test_password_protected_pdf_is_encrypted() -> None:
    locked = pdf([LABEL], encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    with pytest.raises(Unreadable) as raised:
        extract_pdf(locked, SETTINGS)
    assert raised.value.reason is Reason.ENCRYPTED


def test_owner_password_only_still_reads() -> None:
    restricted = pdf(
        [LABEL], encrypt=pdfencrypt.StandardEncryption("", ownerPassword="o", canCopy=0)
    )
    assert extract_pdf(restricted, SETTINGS).blocks[0].text.startswith("DUPONT Marie")


@pytest.mark.parametrize("length", [300, 1000])
def test_truncated_pdf_is_corrupt(length: int) -> None:
    with pytest.raises(Unreadable) as raised:
        extract_pdf(pdf([LABEL, LABEL])[:length], SETTINGS)
    assert raised.value.reason is Reason.CORRUPT and raised.value.detail == "not a valid PDF"


def no_ocr(page: pdfium.PdfPage, *, page_number: int) -> None:
    """Where Tesseract is not installed, the OCR step answers that it cannot read."""
    return None


def test_scanned_pages_without_ocr() -> None:
    with pytest.raises(Unreadable) as raised:
        read_pdf(pdf([None, None]), ocr_page=no_ocr)
    assert raised.value.reason is Reason.NO_TEXT and raised.value.pages == 2
    mixed = read_pdf(pdf([LABEL, None]), ocr_page=no_ocr)
    assert mixed.status is ReadStatus.PARTIAL and mixed.reason == "no_text_layer: 1/2 pages"
    assert [b.page for b in mixed.blocks] == [1] and mixed.pages == 2


def test_a_stamp_on_a_scan_is_not_its_text() -> None:
    stamped = read_pdf(faxed_pdf(), ocr_page=no_ocr)
    assert stamped.status is ReadStatus.PARTIAL and stamped.reason == "no_text_layer: 1/1 pages"
    assert [b.text for b in stamped.blocks] == ["FAX 04/05/2023 10:02 p. 1/1"]


def test_scanned_pages_go_to_ocr() -> None:
    assert ocr_available(), "Tesseract and extract/ocr.py are part of the install"
    parts = extract_pdf(pdf([LABEL, None]), SETTINGS)
    assert parts.ocr and parts.pages == 2 and parts.status is ReadStatus.READ
    assert [b.ocr for b in parts.blocks] == [False, True]
    faxed = extract_pdf(faxed_pdf(), SETTINGS)
    assert [(b.page, b.ocr) for b in faxed.blocks] == [(1, False), (1, True)]
