"""Reading smart: pages that are not text cost no Tesseract call, a label-settled page
still gets its categories. Real pages (reportlab, the generator's scanner), real
Tesseract; every person is fictitious.
"""

from __future__ import annotations

import io
import random

import pypdfium2
from PIL import Image, ImageDraw, ImageFilter
from reportlab.graphics.barcode import code128
from reportlab.pdfgen import canvas

from leakmap.detect.health import categories_of, find_health
from leakmap.detect.identifiers.place import Place
from leakmap.detect.text import fold, tokenize
from leakmap.extract.ocr import ocr_scan
from leakmap.extract.page_triage import looks_like_photo, triage_counts
from leakmap.extract.tesseract import recognitions
from leakmap.synth.degrade import degrade_scan, render_page
from leakmap.synth.render_scan import scanned_page
from leakmap.vocabulary import Category

SCAN_DPI = 200
#: A half-A4 sheet keeps each OCR short.
PAGE_SIZE = (420, 400)


def scanned_sheet(draw: object, *, seed: int) -> Image.Image:
    """A half-A4 sheet drawn by ``draw(canvas)``, rendered and degraded as a scanner would."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=PAGE_SIZE)
    draw(sheet)  # type: ignore[operator]
    sheet.showPage()
    sheet.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    image = render_page(document[0], dpi=SCAN_DPI)
    document.close()
    return degrade_scan(image, rng=random.Random(seed), dpi=SCAN_DPI)


def labelled_report(sheet: canvas.Canvas) -> None:
    """A label (name, birth date, IPP, Code 128 of the IPP) above a short oncology note."""
    sheet.rect(200, 270, 200, 110)
    sheet.setFont("Helvetica-Bold", 11)
    sheet.drawString(210, 362, "GARNIER Rémi")
    sheet.setFont("Helvetica", 10)
    sheet.drawString(210, 347, "Né le 14/06/1961")
    sheet.drawString(210, 332, "IPP : 40917355")
    code128.Code128("40917355", barHeight=26, barWidth=1.1).drawOn(sheet, 202, 282)
    sheet.setFont("Helvetica", 10)
    sheet.drawString(20, 230, "Carcinome canalaire infiltrant du sein gauche.")
    sheet.drawString(20, 212, "Deuxième cure de chimiothérapie bien tolérée.")


def barcode_sheet(sheet: canvas.Canvas) -> None:
    code128.Code128("55120478", barHeight=30, barWidth=1.1, humanReadable=False).drawOn(
        sheet, 40, 200
    )


def photo(seed: int) -> Image.Image:
    """Smooth tones over the whole sheet, no paper: a photograph."""
    rng = random.Random(seed)
    image = (
        Image.effect_noise((30, 28), 60).filter(ImageFilter.GaussianBlur(2)).resize((1167, 1111))
    )
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y, r = rng.randint(100, 1000), rng.randint(100, 1000), rng.randint(60, 250)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(20, 220))
    return degrade_scan(image.filter(ImageFilter.GaussianBlur(6)), rng=rng, dpi=SCAN_DPI)


def test_ocr_triage_blank_page_costs_no_tesseract_call() -> None:
    page = Image.open(io.BytesIO(scanned_page(random.Random(4)))).convert("L")
    before, blank = recognitions(), triage_counts().blank
    block, barcodes = ocr_scan(page, page=1, dpi=150)
    assert (block.text, barcodes) == ("", ())
    assert recognitions() == before
    assert triage_counts().blank == blank + 1


def test_ocr_triage_photo_costs_no_tesseract_call() -> None:
    before, photos = recognitions(), triage_counts().photo
    block, _ = ocr_scan(photo(2), page=1, dpi=SCAN_DPI)
    assert block.text == ""
    assert recognitions() == before
    assert triage_counts().photo == photos + 1


def test_ocr_triage_text_page_is_not_a_photo() -> None:
    assert not looks_like_photo(scanned_sheet(labelled_report, seed=3))


def test_ocr_triage_barcode_only_page_is_read_by_its_barcode() -> None:
    before, only = recognitions(), triage_counts().barcodes_only
    block, barcodes = ocr_scan(scanned_sheet(barcode_sheet, seed=5), page=1, dpi=SCAN_DPI)
    assert [code.text for code in barcodes] == ["55120478"]
    assert block.text == ""
    assert recognitions() == before
    assert triage_counts().barcodes_only == only + 1


def test_ocr_triage_label_settled_page_still_gets_its_categories() -> None:
    settled = triage_counts().label_settled
    block, barcodes = ocr_scan(scanned_sheet(labelled_report, seed=6), page=1, dpi=SCAN_DPI)
    assert triage_counts().label_settled == settled + 1
    text = " ".join(block.text.split())
    assert "GARNIER" in text and "14/06/1961" in text and "40917355" in text
    assert [code.text for code in barcodes] == ["40917355"]
    found = categories_of(find_health(block.text, tokenize(fold(block.text)), Place(1), ocr=True))
    assert Category.ONCOLOGY in found
