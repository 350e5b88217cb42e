"""Reports written as DOCX with python-docx: headings, tables, and page headers.

The letterhead goes in the page header, as hospital templates do, and so does the patient
label in some documents: a reader that skips headers misses the patient. Core properties
and member timestamps are fixed, so a seed gives the same bytes.
"""

from __future__ import annotations

import io
import random
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

from leakmap.synth.plan import Grid, Report, Style, Text
from leakmap.synth.zip_writer import restamp_zip

_FIXED = datetime(2024, 9, 30, 12, 0, 0)


def render_docx(report: Report, rng: random.Random) -> bytes:
    """The report as DOCX bytes."""
    document = Document()
    _fix_properties(document)
    header = document.sections[0].header
    header.paragraphs[0].text = report.letterhead[0]
    for line in report.letterhead[1:]:
        header.add_paragraph(line)
    blocks = list(report.blocks)
    if report.label_in_header:
        label = next((b for b in blocks if isinstance(b, Text) and b.style is Style.LABEL), None)
        if label is not None:
            blocks.remove(label)
            for line in label.lines:
                header.add_paragraph(line)
    size = Pt(rng.choice((10, 11, 12)))
    for block in blocks:
        _add_block(document, block, size)
    buffer = io.BytesIO()
    document.save(buffer)
    return restamp_zip(buffer.getvalue())


def _fix_properties(document: DocumentObject) -> None:
    properties = document.core_properties
    properties.created = _FIXED
    properties.modified = _FIXED
    properties.last_printed = _FIXED
    properties.author = "CH Kerval"
    properties.title = ""
    properties.revision = 1


def _add_block(document: DocumentObject, block: Text | Grid | object, size: Pt) -> None:
    if isinstance(block, Grid):
        _add_table(document, block)
        return
    if not isinstance(block, Text):
        return  # barcodes are not drawn in DOCX
    if block.style is Style.TITLE:
        document.add_heading(" ".join(block.lines), level=1)
    elif block.style is Style.HEADING:
        document.add_heading(" ".join(block.lines), level=2)
    else:
        paragraph = document.add_paragraph()
        for number, line in enumerate(block.lines):
            run = paragraph.add_run(line)
            run.font.size = size
            run.bold = block.style is Style.LABEL
            if number < len(block.lines) - 1:
                run.add_break()


def _add_table(document: DocumentObject, grid: Grid) -> None:
    rows = [grid.header, *grid.rows] if any(grid.header) else list(grid.rows)
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=False):
            cell.text = str(value)
