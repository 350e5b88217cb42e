"""PowerPoint decks (PPTX) → a text block per slide, and each table's rows.

Tumour boards (RCP), staff meetings and teaching sessions present patients on slides: a
title with the name and birth date, a table of cases, the speaker's notes. Each slide is
a page; its text boxes (groups opened), its tables (one line per row, cells tab-separated,
as in Word documents) and its notes make its block; tables also become ``TableRow``s.
python-pptx parses with entity resolution off, as python-docx does.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.base import BaseShape

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import table_rows
from leakmap.settings import ScanSettings

_MAX_DEPTH = 8  # groups nested deeper than this are not opened (a hostile deck's recursion)


def extract_pptx(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """One block per slide (text boxes, tables, notes); tables' rows keyed by their header."""
    deck = Presentation(io.BytesIO(data))
    blocks: list[TextBlock] = []
    rows: list[TableRow] = []
    count = 0
    for number, slide in enumerate(deck.slides, start=1):
        count = number
        lines: list[str] = []
        for shape in _shapes(slide.shapes, 0):
            if shape.has_text_frame:
                lines += [p.text if hasattr(p, "text") else "" for p in shape.text_frame.paragraphs]
            if getattr(shape, "has_table", False) and shape.has_table:
                grid = [[cell.text.strip() for cell in row.cells] for row in shape.table.rows]
                lines += ["\t".join(cells) for cells in grid]
                rows += table_rows(f"slide{number}", grid, page=number)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            lines += slide.notes_slide.notes_text_frame.text.splitlines()
        text = "\n".join(line for line in lines if line.strip())
        if text:
            blocks.append(TextBlock(number, text))
    return ExtractedParts(blocks=tuple(blocks), rows=tuple(rows), pages=max(1, count))


def _shapes(shapes: Iterable[BaseShape], depth: int) -> Iterator[BaseShape]:
    """Every shape of a slide, the members of groups included."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and depth < _MAX_DEPTH:
            yield from _shapes(shape.shapes, depth + 1)  # type: ignore[attr-defined]
        else:
            yield shape
