"""Reports written as text-layer PDFs with reportlab, in a few house layouts.

The label block is drawn either across the page or boxed on the right, with a Code 128
barcode of the IPP beside it when the plan asks for one; tables are ruled grids. PDFs are
written with ``invariant=1`` so that the same plan gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from leakmap.synth.plan import Barcode, Block, Grid, Report, Style, Text

_MARGIN = 50
#: The barcode's narrowest bar (module), in points: 0.32 mm, mid-range of label printers.
BAR_WIDTH_PT = 0.9
_FONTS = (("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"), ("Courier", "Courier-Bold"))  # fmt: skip


@dataclass
class _Pen:
    """Where the next line goes, and the document's fonts."""

    page: canvas.Canvas
    y: float
    regular: str
    bold: str
    size: float
    boxed_label: bool
    banner: str = ""
    page_number: int = 1
    label_size: float | None = None
    bar_width: float = BAR_WIDTH_PT

    @property
    def width(self) -> float:
        return A4[0] - 2 * _MARGIN

    def need(self, height: float) -> None:
        """Start a new page when ``height`` does not fit."""
        if self.y - height < _MARGIN:
            self.page.showPage()
            self.page_number += 1
            self.y = A4[1] - _MARGIN
            if self.banner:  # later pages repeat the patient's line, as DPI printouts do
                self.page.setFont(self.regular, self.size - 2)
                self.page.drawString(_MARGIN, self.y, f"{self.banner} - page {self.page_number}")
                self.y -= 20

    def line(self, text: str, *, font: str | None = None, size: float | None = None, x: float = _MARGIN) -> None:  # fmt: skip
        size = size or self.size
        for part in simpleSplit(text, font or self.regular, size, self.width - (x - _MARGIN)) or [""]:  # fmt: skip
            self.need(size + 3)
            self.page.setFont(font or self.regular, size)
            self.page.drawString(x, self.y, part)
            self.y -= size + 3


def render_pdf(
    report: Report,
    rng: random.Random,
    *,
    label_size: float | None = None,
    bar_width: float = BAR_WIDTH_PT,
) -> bytes:
    """The report as PDF bytes (one or more A4 pages).

    ``label_size`` (points) sets the patient label in that size instead of the body's:
    the small print of a sticker, which a scan at low resolution makes hard to read.
    ``bar_width`` (points) is the barcode's module, as the label printer set it.
    """
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=rng.random() < 0.5)
    page.setTitle(report.stem if rng.random() < 0.3 else "")
    regular, bold = rng.choice(_FONTS)
    pen = _Pen(page, A4[1] - _MARGIN, regular, bold, rng.choice((9, 10, 10, 11)), rng.random() < 0.5, report.running_header, label_size=label_size, bar_width=bar_width)  # fmt: skip
    for line in report.letterhead:
        pen.line(line, font=bold if line is report.letterhead[0] else regular, size=pen.size - 1)
    pen.y -= 12
    blocks = list(report.blocks)
    drawn_with_label = False
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Barcode):
            if not drawn_with_label:
                pen.need(40)
                _draw_barcode(pen, block, x=A4[0] - _MARGIN - 150, y=pen.y - 30)
                pen.y -= 38
            drawn_with_label = False
            continue
        drawn_with_label = _draw_block(pen, block, following)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _draw_block(pen: _Pen, block: Block, following: Block | None) -> bool:
    """Draw a text or table block; True when a following barcode was drawn with it."""
    if isinstance(block, Grid):
        _draw_grid(pen, block)
        return False
    if isinstance(block, Text):
        barcode = following if isinstance(following, Barcode) else None
        _draw_text(pen, block, barcode=barcode)
        return barcode is not None
    return False


def _draw_text(pen: _Pen, block: Text, *, barcode: Barcode | None) -> None:
    if block.style is Style.LABEL and pen.boxed_label:
        _draw_boxed_label(pen, block, barcode)
        return
    if block.style is Style.TITLE:
        pen.y -= 6
        for line in block.lines:
            pen.line(line, font=pen.bold, size=pen.size + 4)
        pen.y -= 6
        return
    font = pen.bold if block.style in (Style.HEADING, Style.LABEL) else pen.regular
    size = pen.size - 2 if block.style is Style.SMALL else pen.size
    if block.style is Style.LABEL and pen.label_size is not None:
        size = pen.label_size
    for line in block.lines:
        pen.line(line, font=font, size=size)
    if barcode is not None:
        pen.need(40)
        _draw_barcode(pen, barcode, x=A4[0] - _MARGIN - 150, y=pen.y - 30)
        pen.y -= 38
    pen.y -= 5


def _draw_boxed_label(pen: _Pen, block: Text, barcode: Barcode | None) -> None:
    """The label in a frame on the right half of the page, the barcode under it.

    Long lines wrap inside the frame: nothing the plan says is printed may be cut off.
    """
    x = A4[0] / 2
    width = A4[0] / 2 - _MARGIN - 4
    size = pen.label_size or pen.size
    parts = [p for line in block.lines for p in simpleSplit(line, pen.regular, size, width) or [""]]  # fmt: skip
    height = len(parts) * (size + 3) + 10 + (38 if barcode else 0)
    pen.need(height + 10)
    pen.page.rect(x - 5, pen.y - height + size, width + 9, height)
    pen.page.setFont(pen.regular, size)
    for part in parts:
        pen.page.drawString(x, pen.y, part)
        pen.y -= size + 3
    if barcode is not None:
        _draw_barcode(pen, barcode, x=x, y=pen.y - 30)
        pen.y -= 38
    pen.y -= 14


def _draw_barcode(pen: _Pen, barcode: Barcode, *, x: float, y: float) -> None:
    symbol = code128.Code128(barcode.value, barWidth=pen.bar_width, barHeight=26, humanReadable=False)  # fmt: skip
    symbol.drawOn(pen.page, x, y)


def _draw_grid(pen: _Pen, grid: Grid) -> None:
    """A ruled table; columns share the width evenly and long cells wrap (never cut)."""
    rows = [grid.header, *grid.rows] if any(grid.header) else list(grid.rows)
    columns = max(len(row) for row in rows)
    cell = pen.width / columns
    size = pen.size - 1
    for number, row in enumerate(rows):
        font = pen.bold if number == 0 and any(grid.header) else pen.regular
        wrapped = [simpleSplit(str(value), font, size, cell - 4) or [""] for value in row]
        height = max(len(parts) for parts in wrapped) * (size + 3) + 4
        pen.need(height)
        for column, parts in enumerate(wrapped):
            left = _MARGIN + column * cell
            pen.page.rect(left, pen.y - height + size, cell, height)
            pen.page.setFont(font, size)
            for offset, part in enumerate(parts):
                pen.page.drawString(left + 2, pen.y - offset * (size + 3), part)
        pen.y -= height
    pen.y -= 8
