"""OCR of scanned pages: real reportlab pages, really degraded, read by the real Tesseract.

Tesseract is required: these tests fail, never skip, where it is missing (``make install``
puts it there). Every person is fictitious.
"""

from __future__ import annotations

import io
import random

import pypdfium2
import pytest
from PIL import Image
from reportlab.graphics.barcode import code128
from reportlab.pdfgen import canvas

from leakmap.extract import ocr
from leakmap.extract.document import Box, TextBlock
from leakmap.extract.ocr import BOX_DPI, ocr_image, ocr_pdf_page, ocr_scan, tesseract_available
from leakmap.synth.degrade import scan_pdf_pages

#: A half-A4 sheet keeps each OCR short; 200 dpi is what scanned dumps usually hold.
PAGE_SIZE = (420, 400)
SCAN_DPI = 200


def report_pdf(*, family: str, given: str, birth: str, ipp: str) -> bytes:
    """A hospital report head: a header beside a patient label with a Code 128 of the IPP."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=PAGE_SIZE)
    page.setFont("Helvetica-Bold", 11)
    page.drawString(20, 370, "CENTRE HOSPITALIER DE VAL-FICTIF")
    page.setFont("Helvetica", 8)
    page.drawString(20, 358, "Service de médecine interne, 3 rue des Essais")
    page.rect(230, 270, 175, 110)
    page.setFont("Helvetica-Bold", 11)
    page.drawString(240, 362, f"{family} {given}")
    page.setFont("Helvetica", 10)
    page.drawString(240, 347, f"Née le {birth}")
    page.drawString(240, 332, f"IPP : {ipp}")
    code128.Code128(ipp, barHeight=26, barWidth=1.1).drawOn(page, 232, 282)
    page.setFont("Helvetica", 10)
    page.drawString(20, 230, "Motif : douleur thoracique atypique depuis deux jours.")
    page.drawString(20, 212, "Antécédents : hypertension artérielle, diabète de type 2.")
    page.drawString(20, 194, "Troponine négative, créatinine normale. Retour à domicile.")
    page.showPage()
    page.save()
    return buffer.getvalue()


def scanned(pdf: bytes, *, seed: int) -> pypdfium2.PdfDocument:
    return pypdfium2.PdfDocument(scan_pdf_pages(pdf, rng=random.Random(seed), dpi=SCAN_DPI))


def flat(block: TextBlock) -> str:
    return " ".join(block.text.split())


def test_ocr_tesseract_is_installed() -> None:
    assert tesseract_available(), "install tesseract-ocr and tesseract-ocr-fra (make install)"


def test_ocr_public_api_is_listed() -> None:
    assert sorted(ocr.__all__) == [
        "OcrOptions",
        "ocr_image",
        "ocr_pdf_page",
        "ocr_scan",
        "scale_boxes",
        "tesseract_available",
    ]
    assert all(callable(getattr(ocr, name)) for name in ocr.__all__)


@pytest.mark.parametrize("seed", [1, 2])
def test_ocr_reads_the_label_of_a_degraded_scan(seed: int) -> None:
    pdf = report_pdf(family="MARTINEAU", given="Hélène", birth="03/02/1956", ipp="88213340")
    document = scanned(pdf, seed=seed)
    block, barcodes = ocr_pdf_page(document[0], page_number=1)
    text = flat(block)
    assert block.ocr and block.page == 1
    assert "MARTINEAU Hélène" in text
    assert "03/02/1956" in text
    assert "88213340" in text
    assert "diabète" in text
    assert [(b.format, b.text, b.page) for b in barcodes] == [("Code128", "88213340", 1)]
    # The bars were erased whole before OCR: no "IIlI|" rows in the text.
    assert barcodes[0].box is not None and barcodes[0].box.height >= 0.9 * 26 * BOX_DPI / 72
    assert not any(len(word) > 4 and set(word) <= set("Il|1![]") for word in text.split())


def test_ocr_word_offsets_point_into_the_text_and_boxes_onto_the_page() -> None:
    pdf = report_pdf(family="GARNIER", given="Jean", birth="21/12/2008", ipp="97251049")
    block, barcodes = ocr_pdf_page(scanned(pdf, seed=3)[0], page_number=1)
    page_width, page_height = (round(side * BOX_DPI / 72) for side in PAGE_SIZE)
    for start, end, box in block.words:
        assert block.text[start:end].strip() == block.text[start:end] != ""
        assert 0 <= box.left < box.left + box.width <= page_width
        assert 0 <= box.top < box.top + box.height <= page_height
    ipp_box = word_box(block, "97251049")
    label = Box(*(round(v * BOX_DPI / 72) for v in (230, 400 - 380, 175, 110)))
    assert _inside(ipp_box, label, slack=30)
    assert barcodes[0].box is not None and _inside(barcodes[0].box, label, slack=30)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_ocr_image_reads_a_page_turned_over(turn: int) -> None:
    pdf = report_pdf(family="ROUSSEL", given="Chloé", birth="11/12/1974", ipp="89774974")
    upright = _render(pdf, dpi=SCAN_DPI)
    block = ocr_image(upright.rotate(turn, expand=True), page=2, dpi=SCAN_DPI)
    text = flat(block)
    assert block.page == 2
    assert "ROUSSEL Chloé" in text and "11/12/1974" in text and "89774974" in text
    # Boxes are on the image as given: the label, turned with the page, holds the IPP.
    label = Box(*(round(v * SCAN_DPI / 72) for v in (230, 400 - 380, 175, 110)))
    assert _inside(word_box(block, "89774974"), _turned(label, turn, upright.size), slack=30)


def test_ocr_blank_page_is_not_read() -> None:
    blank = Image.effect_noise((800, 1100), 4).point(lambda grey: 235 + grey // 32)
    block, barcodes = ocr_scan(blank, page=1, dpi=SCAN_DPI)
    assert block == TextBlock(page=1, text="", ocr=True)
    assert barcodes == ()


def test_ocr_scan_of_a_fine_scan_gives_boxes_in_its_own_pixels() -> None:
    pdf = report_pdf(family="FAURE", given="Rémi", birth="01/11/1940", ipp="71381777")
    image = _render(pdf, dpi=400)
    block, barcodes = ocr_scan(image, page=1, dpi=400)
    assert "71381777" in flat(block)
    ipp_box = word_box(block, "71381777")
    label = Box(*(round(v * 400 / 72) for v in (230, 400 - 380, 175, 110)))
    assert _inside(ipp_box, label, slack=40)
    assert barcodes[0].box is not None and _inside(barcodes[0].box, label, slack=40)


def word_box(block: TextBlock, value: str) -> Box:
    """The box of the OCR word holding ``value`` ("IPP:71381777" may come as one word)."""
    return next(box for start, end, box in block.words if value in block.text[start:end])


def _render(pdf: bytes, *, dpi: int) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def _turned(box: Box, turn: int, size: tuple[int, int]) -> Box:
    """Where ``Image.rotate(turn, expand=True)`` puts a box of an image of ``size``."""
    width, height = size
    right, bottom = box.left + box.width, box.top + box.height
    if turn == 90:
        return Box(box.top, width - right, box.height, box.width)
    if turn == 180:
        return Box(width - right, height - bottom, box.width, box.height)
    return Box(height - bottom, box.left, box.height, box.width)


def _inside(box: Box, region: Box, *, slack: int) -> bool:
    return (
        region.left - slack <= box.left
        and region.top - slack <= box.top
        and box.left + box.width <= region.left + region.width + slack
        and box.top + box.height <= region.top + region.height + slack
    )
