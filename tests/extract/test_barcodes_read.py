"""Barcodes on pages: the formats hospitals print are decoded, with boxes; others are not.

Codes are drawn by reportlab on a PDF page and rendered by pdfium (PDF417, which reportlab
does not draw, is written by zxing-cpp's own encoder). Every value is fictitious.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.pdfgen import canvas

from leakmap.extract.barcode_rescue import bar_regions, rescue_barcodes
from leakmap.extract.barcodes import FORMATS, read_barcodes
from leakmap.synth.degrade import degrade_scan, render_page

DPI = 200
#: Where each code is drawn on the page, in points from the bottom left.
AT = (60, 80)


#: Linear codes as a label printer draws them: 1.1 pt modules, 40 pt high.
LINEAR = {"barWidth": 1.1, "barHeight": 40, "humanReadable": False}
LINEAR_CODES = {"Code128", "Standard39", "EAN13", "Codabar"}


def page_with(code: str, value: str) -> Image.Image:
    """A page image at ``DPI`` with one reportlab barcode drawing of ``code`` at ``AT``."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(320, 300))
    options = LINEAR if code in LINEAR_CODES else {}
    if code == "Standard39":
        options = {**options, "checksum": 0}
    drawing = createBarcodeDrawing(code, value=value, **options)
    renderPDF.draw(drawing, page, *AT)
    page.showPage()
    page.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("Code128", "IPP12345678", "Code128"),
        ("Standard39", "12345678", "Code39"),
        ("QR", "IPP:12345678;NDA:990011223", "QRCode"),
        ("ECC200DataMatrix", "12345678", "DataMatrix"),
    ],
)
def test_barcodes_hospital_formats_are_decoded(code: str, value: str, expected: str) -> None:
    found = read_barcodes(page_with(code, value), page=3)
    assert [(b.page, b.format, b.text) for b in found] == [(3, expected, value)]


def test_barcodes_pdf417_is_decoded() -> None:
    symbol = np.array(
        zxingcpp.create_barcode("IPP 12345678", zxingcpp.BarcodeFormat.PDF417).to_image(scale=3)
    )
    page = Image.new("L", (1000, 600), 255)
    page.paste(Image.fromarray(symbol), (200, 150))
    found = read_barcodes(page, page=1)
    assert [(b.format, b.text) for b in found] == [("PDF417", "IPP 12345678")]


def test_barcodes_other_formats_are_ignored() -> None:
    """EAN-13 (drug boxes) and Codabar are not hospital identifiers: not decoded at all."""
    assert read_barcodes(page_with("EAN13", "400638133393"), page=1) == ()
    assert read_barcodes(page_with("Codabar", "A40156B"), page=1) == ()
    assert "EAN13" not in FORMATS


def test_barcodes_box_covers_the_drawn_code() -> None:
    image = page_with("Code128", "IPP12345678")
    (barcode,) = read_barcodes(image, page=1)
    assert barcode.box is not None
    left, bottom = (round(v * DPI / 72) for v in AT)
    top = image.height - bottom - round(40 * DPI / 72)
    quiet_zone = round(20 * DPI / 72)  # reportlab draws a margin before the first bar
    assert left <= barcode.box.left <= left + quiet_zone and abs(barcode.box.top - top) < 15
    assert round(35 * DPI / 72) <= barcode.box.height <= round(42 * DPI / 72)


def test_barcodes_turned_code_gets_an_upright_box() -> None:
    image = page_with("Code128", "IPP12345678").rotate(90, expand=True, fillcolor=255)
    (barcode,) = read_barcodes(image, page=1)
    assert barcode.text == "IPP12345678" and barcode.box is not None
    assert barcode.box.height > barcode.box.width  # a sideways code is tall, not wide


@pytest.mark.parametrize("seed", range(6))
def test_barcodes_code128_survives_a_degraded_200_dpi_scan(seed: int) -> None:
    image = degrade_scan(page_with("Code128", "40512377"), rng=random.Random(seed), dpi=DPI)
    (barcode,) = read_barcodes(image, page=1)
    assert barcode.text == "40512377" and barcode.box is not None
    # The box covers the whole bars, not only the rows zxing-cpp decoded.
    assert barcode.box.height >= 0.9 * LINEAR["barHeight"] * DPI / 72


def test_barcodes_empty_page_has_none() -> None:
    assert read_barcodes(Image.new("L", (400, 400), 255), page=1) == ()


# --- the rescue pass: faxed labels the whole-page read misses -------------------------------

#: The smallest module label printers print (0.25 mm), as on a small sticker.
SMALL_MODULE_PT = 0.71


def faxed_label(value: str, seed: int) -> Image.Image:
    """A sticker line and a small-module Code 128, scanned at 200 dpi and faxed at 204 x 196
    dpi with a dark threshold: the ink spreads, one-module spaces narrow to a pixel or two."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(320, 200))
    page.setFont("Helvetica", 9)
    page.drawString(40, 150, f"LEFICTIF Gaston  IPP : {value}")
    symbol = createBarcodeDrawing("Code128", value=value, barWidth=SMALL_MODULE_PT, barHeight=26, humanReadable=False)  # fmt: skip
    renderPDF.draw(symbol, page, 40, 100)
    page.showPage()
    page.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    image = render_page(document[0], dpi=DPI)
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-2, 2), resample=Image.Resampling.BICUBIC, fillcolor=255)
    noisy = np.asarray(image.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float32)
    noisy += np.random.default_rng(seed).normal(0, 8, noisy.shape)
    grey = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode="L")
    fine = grey.resize((grey.width * 204 // DPI, grey.height * 196 // DPI), Image.Resampling.BILINEAR)  # fmt: skip
    fax = fine.point(lambda level: 255 if level >= 180 else 0)  # the fax's 204 x 196 dpi
    return fax.resize(grey.size, Image.Resampling.NEAREST)


@pytest.mark.parametrize("seed", [0, 2, 5])
def test_rescue_reads_a_faxed_label_the_page_read_missed(seed: int) -> None:
    image = faxed_label("40512377", seed)
    assert read_barcodes(image, page=1) == ()
    (barcode,) = rescue_barcodes(image, page=2, dpi=DPI)
    assert (barcode.page, barcode.format, barcode.text) == (2, "Code128", "40512377")
    assert barcode.box is not None
    left = round((40 + 18) * DPI / 72)  # reportlab's quiet zone: a quarter inch
    top = round((200 - 126) * DPI / 72)
    assert abs(barcode.box.left - left) <= 6 and abs(barcode.box.top - top) <= 10
    assert barcode.box.height >= 0.9 * 26 * DPI / 72


def test_rescue_skips_codes_already_read_and_pages_without_bars() -> None:
    image = page_with("Code128", "IPP12345678")
    known = read_barcodes(image, page=1)
    assert rescue_barcodes(image, page=1, dpi=DPI, known=known) == ()
    text = Image.new("L", (1000, 600), 255)
    ImageDraw.Draw(text).multiline_text((40, 40), "Compte rendu IIII llll HHHH\n" * 12, fill=0)
    assert bar_regions(text, dpi=DPI) == [] and rescue_barcodes(text, page=1, dpi=DPI) == ()


def test_bar_regions_find_upright_and_sideways_codes() -> None:
    image = page_with("Code128", "IPP12345678")
    (region,) = bar_regions(image, dpi=DPI)
    (barcode,) = read_barcodes(image, page=1)
    assert barcode.box is not None
    assert region.left <= barcode.box.left and region.top <= barcode.box.top
    assert region.left + region.width >= barcode.box.left + barcode.box.width
    (turned,) = bar_regions(image.rotate(90, expand=True, fillcolor=255), dpi=DPI)
    assert turned.height > turned.width
