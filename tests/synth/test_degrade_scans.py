"""Degraded scans: seeded, same geometry, really degraded, and image-only PDFs out."""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2
from PIL import Image, ImageChops
from reportlab.pdfgen import canvas

from leakmap.synth.degrade import degrade_scan, scan_pdf_pages

DPI = 150


def text_pdf(pages: int) -> bytes:
    """A small text PDF: one line per page (fictitious patient)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(300, 200))
    for number in range(1, pages + 1):
        page.drawString(20, 150, f"MARTINEAU Hélène, page {number}")
        page.showPage()
    page.save()
    return buffer.getvalue()


def render(pdf: bytes) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    return document[0].render(scale=DPI / 72).to_pil()


def test_degrade_same_seed_same_scan() -> None:
    clean = render(text_pdf(1))
    first = degrade_scan(clean, rng=random.Random(42), dpi=DPI)
    second = degrade_scan(clean, rng=random.Random(42), dpi=DPI)
    other = degrade_scan(clean, rng=random.Random(43), dpi=DPI)
    assert first.tobytes() == second.tobytes()
    assert first.tobytes() != other.tobytes()


def test_degrade_keeps_the_size_and_gives_grey() -> None:
    clean = render(text_pdf(1))
    for seed in range(8):  # some of these go through the fax path
        scan = degrade_scan(clean, rng=random.Random(seed), dpi=DPI)
        assert scan.size == clean.size and scan.mode == "L"
        difference = ImageChops.difference(scan, clean.convert("L"))
        assert np.asarray(difference).mean() > 1.0  # noise, blur, skew: not the same page


def test_degrade_fax_path_is_black_and_white() -> None:
    clean = render(text_pdf(1))
    scans = [degrade_scan(clean, rng=random.Random(seed), dpi=DPI) for seed in range(20)]
    fax = [scan for scan in scans if set(np.unique(np.asarray(scan))) <= {0, 255}]
    assert 0 < len(fax) < len(scans)


def test_scan_pdf_pages_writes_an_image_only_pdf() -> None:
    scanned = scan_pdf_pages(text_pdf(3), rng=random.Random(7), dpi=DPI)
    document = pypdfium2.PdfDocument(scanned)
    assert len(document) == 3
    for page in document:
        assert page.get_textpage().get_text_range().strip() == ""
        width, height = page.get_size()
        assert (round(width), round(height)) == (300, 200)
    assert scan_pdf_pages(text_pdf(3), rng=random.Random(7), dpi=DPI) == scanned


def test_scan_pdf_pages_dates_are_fixed_so_hashes_are_stable() -> None:
    """The clock must not reach the bytes: a seeded dump hashes the same on every run."""
    scanned = scan_pdf_pages(text_pdf(1), rng=random.Random(7), dpi=DPI)
    assert scanned.count(b"(D:20240101000000Z)") == 2
