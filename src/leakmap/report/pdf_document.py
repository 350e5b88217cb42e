"""Letters and kits as PDF (reportlab platypus), laid out for a French window envelope.

The hospital's letterhead sits top left, the address block where a DL window envelope
shows it (right column, about 45 mm from the top), then place and date, the reference,
the subject and the body blocks. Fonts are DejaVu, shipped with matplotlib, so that any
name in the registry prints (the PDF base fonts stop at Latin-1). While the case's
``case.toml`` is still the fictitious example, every page is stamped as a model.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from leakmap.report.text_blocks import Block, BlockKind, RenderedText

FONT = "LeakmapSans"
FONT_BOLD = "LeakmapSans-Bold"
EXAMPLE_STAMP = "MODÈLE — NE PAS ENVOYER"
#: The stamp of an example case's pages, in the letter's own language.
EXAMPLE_STAMPS = {"fr": EXAMPLE_STAMP, "en": "TEMPLATE — DO NOT SEND"}
_MARGIN = 20 * mm
#: The address column: from 100 mm off the page's left edge, under a DL window (100 × 45 mm).
_SENDER_WIDTH = 80 * mm
_WINDOW_WIDTH = 90 * mm
_WINDOW_PADDING = 6
_WINDOW_FONT_SIZES = (9.5, 9, 8.5, 8, 7.5, 7)


@dataclass(frozen=True, slots=True)
class PageFrame:
    """What surrounds the body: letterhead, address block, date line, reference, stamp."""

    letterhead: tuple[str, ...]
    recipient: tuple[str, ...]
    date_line: str
    reference_line: str
    footer: str
    is_example: bool
    title: str = ""
    language: str = "fr"


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) with reportlab once; return their names."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
    return FONT, FONT_BOLD


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every leakmap PDF uses."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=10.5, spaceBefore=6, spaceAfter=3
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=8
        ),
        "right": ParagraphStyle("right", parent=body, alignment=2),
    }


def render_text_pdf(frame: PageFrame, rendered: RenderedText) -> tuple[bytes, int]:
    """One letter or kit as PDF bytes (the frame around the rendered blocks), and its pages.

    Bytes, not a file: the caller writes them 0600 or sealed (``report.output_files``).
    """
    style = styles()
    story: list[Flowable] = [_head(frame, style), Spacer(1, 8 * mm)]
    if frame.date_line:
        story.append(Paragraph(escape(frame.date_line), style["right"]))
    if frame.reference_line:
        story.append(Paragraph(escape(frame.reference_line), style["small"]))
    if frame.title:
        story.append(Paragraph(escape(frame.title), style["title"]))
    story += [Spacer(1, 3 * mm), Paragraph(f"<b>{escape(rendered.subject)}</b>", style["body"])]
    story += [Spacer(1, 2 * mm), *body_flowables(rendered.blocks, style)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=rendered.subject,
        author=frame.letterhead[0] if frame.letterhead else "",
    )
    on_page = _page_decoration(frame)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue(), int(document.page)


def body_flowables(blocks: tuple[Block, ...], style: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Headings, paragraphs, bullet lists and two-column tables from the blocks."""
    flowables: list[Flowable] = []
    bullets: list[Block] = []
    rows: list[Block] = []
    for block in [*blocks, Block(BlockKind.HEADING, "")]:
        if block.kind is not BlockKind.BULLET and bullets:
            flowables.append(_bullet_list(bullets, style))
            bullets = []
        if block.kind is not BlockKind.ROW and rows:
            flowables.append(_table(rows, style))
            rows = []
        if block.kind is BlockKind.BULLET:
            bullets.append(block)
        elif block.kind is BlockKind.ROW:
            rows.append(block)
        elif block.text:
            name = "heading" if block.kind is BlockKind.HEADING else "body"
            flowables.append(Paragraph(escape(block.text), style[name]))
    return flowables


def _head(frame: PageFrame, style: dict[str, ParagraphStyle]) -> Flowable:
    """Letterhead top left; the address block where a DL window envelope shows it."""
    sender: list[Flowable] = []
    if frame.letterhead:
        sender.append(Paragraph(f"<b>{escape(frame.letterhead[0])}</b>", style["body"]))
        sender += [Paragraph(escape(line), style["small"]) for line in frame.letterhead[1:]]
    if not frame.recipient:
        return KeepTogether(sender)
    window = _window_style(frame.recipient, style["body"])
    recipient = [Paragraph(escape(line), window) for line in frame.recipient]
    table = Table(
        [[sender, ""], ["", recipient]],
        colWidths=[_SENDER_WIDTH, _WINDOW_WIDTH],
        rowHeights=[30 * mm, None],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def _window_style(lines: tuple[str, ...], body: ParagraphStyle) -> ParagraphStyle:
    """The body style at the largest size that sets every address line on one line.

    La Poste's machines read each line of the block as one line: a wrapped street is misread.
    """
    room = _WINDOW_WIDTH - _WINDOW_PADDING
    widest = max(lines, key=lambda line: pdfmetrics.stringWidth(line, FONT, 1))
    size = next(
        (s for s in _WINDOW_FONT_SIZES if pdfmetrics.stringWidth(widest, FONT, s) <= room),
        _WINDOW_FONT_SIZES[-1],
    )
    return ParagraphStyle("window", parent=body, fontSize=size, leading=size * 1.3, spaceAfter=0)


def _bullet_list(bullets: list[Block], style: dict[str, ParagraphStyle]) -> Flowable:
    items = [ListItem(Paragraph(escape(b.text), style["body"]), leftIndent=12) for b in bullets]
    return ListFlowable(
        items, bulletType="bullet", start="•", leftIndent=12, bulletFontName=FONT, bulletFontSize=8
    )


def _table(rows: list[Block], style: dict[str, ParagraphStyle]) -> Flowable:
    data = [
        [Paragraph(escape(r.label), style["bold"]), Paragraph(escape(r.text), style["body"])]
        for r in rows
    ]
    table = Table(data, colWidths=[55 * mm, 115 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
            ]
        )
    )
    return KeepTogether([table, Spacer(1, 2 * mm)])


def _page_decoration(frame: PageFrame) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        footer = f"{frame.footer} — {document.page}" if frame.footer else str(document.page)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, footer)
        if frame.is_example:
            _stamp(canvas, EXAMPLE_STAMPS.get(frame.language, EXAMPLE_STAMP))
        canvas.restoreState()

    return decorate


def _stamp(canvas: Canvas, stamp: str) -> None:
    canvas.setFont(FONT_BOLD, 34)
    canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.18))
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, stamp)
