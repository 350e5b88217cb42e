"""Reports printed and scanned again: image-only PDFs, multi-page TIFFs, JPEG and PNG pages.

A scan starts as the report's text PDF (barcode beside the label, as printed, its module
0.25 to 0.38 mm as label printers print it), is rendered at the scanner's optical
resolution, averaged down to the scan's (``degrade.render_page``) and degraded by ``synth.degrade`` (skew, blur,
noise, JPEG, sometimes a fax's black and white). What the copier then writes varies: most
store a PDF, fax servers a multi-page TIFF, a phone or a desktop scanner one JPEG or PNG
per page (so only single-page reports become JPEG or PNG files).

Some labels are printed small (a sticker's 7 pt), but only on scans of at least
``MIN_DPI_FOR_SMALL_LABEL``: below that the identifiers would no longer be legible, and
the truth says every patient of a scan can still be read on it.

All choices come from the caller's scan generator, so a seed gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import pypdfium2
from PIL import Image

from leakmap.synth.degrade import degrade_scan, render_page, scan_pdf_pages
from leakmap.synth.leaked import LeakedItem, ScanInfo
from leakmap.synth.plan import Barcode, Report
from leakmap.synth.render_pdf import render_pdf
from leakmap.vocabulary import FileKind

#: Scanner resolutions (dpi) and how often each is used: mostly 200, from 150 to 300.
SCAN_DPIS = ((150, 15), (200, 55), (240, 10), (300, 20))
#: What the scanner writes, and how often.
SCAN_MEDIA = (("pdf", 60), ("tiff", 25), ("jpeg", 10), ("png", 5))
#: Share of scans whose label was printed in small type.
SMALL_LABEL_SHARE = 0.25
#: The small label's size, in points.
SMALL_LABEL_PT = 7.0
#: Below this resolution a small label is not printed (it would be illegible).
MIN_DPI_FOR_SMALL_LABEL = 200
#: Module (narrowest bar) of the label's barcode, in points: label printers print 0.25 to
#: 0.38 mm; the smallest, faxed, is what the barcode rescue pass is for.
BAR_WIDTH_PT = (0.71, 1.08)
#: Share of scans named by the scanner (``SCAN_0042.pdf``) rather than by a person.
SCANNER_NAME_SHARE = 0.35
_EXTENSIONS = {"pdf": "pdf", "tiff": "tif", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True, slots=True)
class _Style:
    dpi: int
    medium: str
    label_pt: float | None
    bar_width: float


def scanned_document(
    report: Report, rng: random.Random, *, scan_rng: random.Random, folder: str
) -> LeakedItem:
    """The report printed (drawn with ``rng``, as a text PDF would be) and scanned.

    The item's exposures are the report's: nothing printed is made illegible.
    """
    style = _draw_style(scan_rng)
    pdf = render_pdf(report, rng, label_size=style.label_pt, bar_width=style.bar_width)
    pages = _page_count(pdf)
    medium = style.medium if pages == 1 or style.medium in ("pdf", "tiff") else "tiff"
    data = _write(pdf, medium=medium, dpi=style.dpi, rng=scan_rng)
    name = f"{_stem(report, scan_rng)}.{_EXTENSIONS[medium]}"
    barcodes = tuple(block.value for block in report.blocks if isinstance(block, Barcode))
    return LeakedItem(
        name=f"{folder}/{name}" if folder else name,
        kind=FileKind.PDF.value if medium == "pdf" else FileKind.IMAGE.value,
        data=data,
        exposures=report.exposures,
        scan=ScanInfo(style.dpi, medium, pages, style.label_pt, barcodes),
    )


def _draw_style(rng: random.Random) -> _Style:
    dpis, weights = zip(*SCAN_DPIS, strict=True)
    dpi = rng.choices(dpis, weights)[0]
    media, media_weights = zip(*SCAN_MEDIA, strict=True)
    medium = rng.choices(media, media_weights)[0]
    small = dpi >= MIN_DPI_FOR_SMALL_LABEL and rng.random() < SMALL_LABEL_SHARE
    bar_width = round(rng.uniform(*BAR_WIDTH_PT), 2)
    return _Style(dpi, medium, SMALL_LABEL_PT if small else None, bar_width)


def _stem(report: Report, rng: random.Random) -> str:
    if rng.random() < SCANNER_NAME_SHARE:
        return rng.choice(("SCAN", "scan", "Numerisation", "IMG", "FAX")) + f"_{rng.randint(1, 9999):04d}"  # fmt: skip
    return report.stem


def _page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _page_images(pdf: bytes, *, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [render_page(document[i], dpi=dpi) for i in range(len(document))]
    finally:
        document.close()


def _write(pdf: bytes, *, medium: str, dpi: int, rng: random.Random) -> bytes:
    """The scanner's file: degraded pages as PDF, TIFF, JPEG or PNG, resolution recorded."""
    if medium == "pdf":
        return scan_pdf_pages(pdf, rng=rng, dpi=dpi)
    scans = [degrade_scan(page, rng=rng, dpi=dpi) for page in _page_images(pdf, dpi=dpi)]
    out = io.BytesIO()
    if medium == "tiff":
        scans[0].save(out, format="TIFF", save_all=True, append_images=scans[1:], compression="tiff_lzw", dpi=(dpi, dpi))  # fmt: skip
    elif medium == "jpeg":
        scans[0].save(out, format="JPEG", quality=rng.randint(60, 85), dpi=(dpi, dpi))
    else:
        scans[0].save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def scanned_page(rng: random.Random) -> bytes:
    """One degraded blank A4 page at 150 dpi, as JPEG (the start of a scan cut short)."""
    page = Image.new("L", (1240, 1754), 255)
    out = io.BytesIO()
    degrade_scan(page, rng=rng, dpi=150).save(out, format="JPEG", quality=70)
    return out.getvalue()
