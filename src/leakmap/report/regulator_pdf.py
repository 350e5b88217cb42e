"""The regulator notification as PDF: the same sections as the HTML, with the charts."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from leakmap.report.case_info import CaseInfo
from leakmap.report.charts import Chart
from leakmap.report.pdf_document import EXAMPLE_STAMP, FONT, FONT_BOLD, body_flowables, styles
from leakmap.report.regulator_content import Section
from leakmap.report.text_blocks import Block, BlockKind

_WIDTH = 170 * mm
Styles = dict[str, ParagraphStyle]


def render_regulator_pdf(
    *, title: str, subtitle: str, sections: tuple[Section, ...], info: CaseInfo
) -> tuple[bytes, int]:
    """The notification PDF's bytes and its page count (the caller writes them)."""
    style = styles()
    story: list[Flowable] = [
        Paragraph(escape(title), style["title"]),
        Paragraph(escape(subtitle), style["small"]),
        Spacer(1, 4 * mm),
    ]
    for section in sections:
        story += _section(section, style)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=16 * mm, bottomMargin=16 * mm, title=title, author=info.hospital_name,
    )  # fmt: skip
    footer = f"{info.hospital_name} — {info.case_reference}"

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, f"{footer} — page {doc.page}")
        if info.is_example:
            canvas.setFont(FONT_BOLD, 34)
            canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.15))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, EXAMPLE_STAMP)
        canvas.restoreState()

    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue(), int(document.page)


def _section(section: Section, style: Styles) -> list[Flowable]:
    heading = Paragraph(escape(section.title), style["heading"])
    flowables: list[Flowable] = []
    if section.rows:
        flowables += [_rows(section.rows, style), Spacer(1, 2 * mm)]
    flowables += [Paragraph(escape(p), style["body"]) for p in section.paragraphs]
    if section.bullets:
        blocks = tuple(Block(BlockKind.BULLET, b) for b in section.bullets)
        flowables += body_flowables(blocks, style)
    first = [heading, *flowables[:1]]
    charts = [_chart(chart, style) for chart in section.charts]
    return [KeepTogether(first), *flowables[1:], *charts, Spacer(1, 3 * mm)]


def _rows(rows: tuple[tuple[str, str], ...], style: Styles) -> Table:
    data = [
        [Paragraph(escape(label), style["bold"]), Paragraph(escape(value), style["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[80 * mm, 90 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
            ]
        )
    )
    return table


def _chart(chart: Chart, style: Styles) -> Flowable:
    image = Image(io.BytesIO(chart.png))
    scale = min(1.0, _WIDTH / image.drawWidth, (110 * mm) / image.drawHeight)
    image.drawWidth *= scale
    image.drawHeight *= scale
    caption = Paragraph(f"<i>{escape(chart.caption)}</i>", style["small"])
    return KeepTogether([Spacer(1, 2 * mm), image, caption])
