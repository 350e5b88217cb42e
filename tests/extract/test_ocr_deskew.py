"""Deskew before OCR: the skew is measured, and boxes read upright land back on the scan."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from leakmap.extract.deskew import (
    MIN_SKEW_DEGREES,
    level,
    lines_run_vertically,
    measure_skew,
    unlevel,
)
from leakmap.extract.document import Box

DPI = 150


def text_page() -> Image.Image:
    """Twelve lines of (fictitious) report text on half an A4 page, rendered at ``DPI``."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(420, 400))
    page.setFont("Helvetica", 10)
    for index in range(12):
        page.drawString(
            30, 360 - 22 * index, f"Ligne {index} : hypertension artérielle traitée, suivi"
        )
    page.showPage()
    page.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


@pytest.mark.parametrize("skew", [-3.0, -1.2, 0.0, 2.5, 4.5])
def test_deskew_measures_the_skew_of_a_turned_page(skew: float) -> None:
    turned = text_page().rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert measure_skew(turned, dpi=DPI) == pytest.approx(skew, abs=0.3)


def test_deskew_leaves_a_straight_page_alone() -> None:
    page = text_page()
    upright, angle = level(page, dpi=DPI)
    assert angle == 0.0 and upright is page
    assert abs(measure_skew(page, dpi=DPI)) < MIN_SKEW_DEGREES


def test_deskew_blank_page_has_no_skew() -> None:
    assert measure_skew(Image.new("L", (600, 800), 250), dpi=DPI) == 0.0
    assert not lines_run_vertically(Image.new("L", (600, 800), 250), dpi=DPI)


@pytest.mark.parametrize(("turn", "sideways"), [(0, False), (90, True), (180, False), (270, True)])
def test_deskew_tells_a_page_on_its_side(turn: int, sideways: bool) -> None:
    page = text_page().rotate(turn, expand=True, fillcolor=255)
    assert lines_run_vertically(page.rotate(2.0, fillcolor=255), dpi=DPI) is sideways


def test_deskew_box_read_upright_lands_on_the_scan() -> None:
    scan = text_page().rotate(-3.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    mark = Box(720, 120, 60, 40)  # right of the text lines, which end before x = 600
    ImageDraw.Draw(scan).rectangle((720, 120, 779, 159), fill=0)
    upright, angle = level(scan, dpi=DPI)
    assert angle == pytest.approx(3.0, abs=0.3)
    found = _dark_box(upright.crop((660, 60, 860, 240)), origin=(660, 60))
    back = unlevel(found, angle=angle, size=scan.size)
    assert abs(back.left - mark.left) <= 4 and abs(back.top - mark.top) <= 4
    assert back.width >= mark.width - 2 and back.height >= mark.height - 2


def _dark_box(image: Image.Image, *, origin: tuple[int, int]) -> Box:
    """The box of the solid black mark in ``image`` (upright: text is grey-edged, the mark is not)."""
    ys, xs = np.nonzero(np.asarray(image) < 40)
    solid = (np.bincount(ys - ys.min()) > 30).nonzero()[0] + ys.min()
    columns = xs[np.isin(ys, solid)]
    left, top = int(columns.min()), int(solid.min())
    return Box(
        left + origin[0], top + origin[1], int(columns.max()) - left + 1, int(solid.max()) - top + 1
    )
