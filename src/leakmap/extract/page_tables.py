"""Tables rebuilt from positions on a page: PDF text runs and OCR'd words → ``TableRow``s.

A printed planning ("Heure | Praticien | Nom | Prénom | Né(e) le") read as running text
puts the practitioner and the patient on one line, and detection cannot tell them apart.
Read by position, the same page gives rows keyed by their headers, as a spreadsheet would.

One algorithm serves both sources: *pieces* (a PDF text run, or an OCR'd word, each with
its box) are grouped into lines by vertical overlap, pieces of a line closer than a line
height apart into *segments*, and a run of lines whose segments stay inside the same
x-intervals (columns with whitespace between them, across every line) is a table when it
has ``MIN_ROWS`` lines and ``MIN_COLUMNS`` well-filled columns. Prose never qualifies: a
line of running text is one segment (PDF) or words a space apart (OCR). Two-column
label/value blocks ("Nom : X   Né le : Y") stay text: they have fewer than three columns,
or their cells are labels ("Nom : DUPONT"), which ``is_form`` refuses.

PDF pages use PDFium's text rectangles (one per text object run on a line): 46 of them on
an ordinary report page cost about 0.25 ms, where reading every character's box costs
14 ms (3.9 µs a character through ctypes). Hence the limit: a table row drawn as one text
object with wide kerning gaps (one ``TJ`` for the whole row) is one run, and stays text.
pdfplumber and camelot would read characters one by one through pdfminer, slower still.
Measured on 2 shared cores, one process, ``extract/pdf.read_pdf`` without OCR: report pages
(``benchmarks/bench_text_pdf.py``'s) 620-650 pages/s before, 510-600 with this step (a
quick count of crowded lines spares them the rest); planning pages (~300 cells each, every
cell's text read by rectangle) 720 before, 117 now, about 8.5 ms a page.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pypdfium2 as pdfium

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.tables import is_label_table, table_rows, under_heading

#: Pieces of a line further apart than this many line heights are in different cells.
CELL_GAP_HEIGHTS = 1.0
#: Lines further apart than this many line heights belong to different tables.
ROW_GAP_HEIGHTS = 2.5
#: A table has at least this many lines (its header included) ...
MIN_ROWS = 3
#: ... and this many columns filled on at least ``COLUMN_FILL`` of its lines.
MIN_COLUMNS = 3
COLUMN_FILL = 0.5
#: The median filled cell of a table is at most this long: longer cells are prose columns.
MAX_MEDIAN_CELL_CHARS = 40
#: A grid whose cells are mostly labels with their values ("Nom : DUPONT") is a form.
FORM_SHARE = 0.5
_LABELLED = re.compile(r"(?:^|\s)[^\W\d_][\w'’.()/ -]{0,30}\s?:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and its box, y growing downwards; ``index`` is the caller's reference
    (the word's position in an OCR block, the rectangle's number on a PDF page)."""

    left: float
    top: float
    right: float
    bottom: float
    index: int
    text: str = ""

    @property
    def height(self) -> float:
        """The box's height (never zero, so that ratios hold)."""
        return max(self.bottom - self.top, 1e-6)


@dataclass(frozen=True, slots=True)
class _Segment:
    left: float
    right: float
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class _Line:
    top: float
    bottom: float
    height: float
    segments: tuple[_Segment, ...]


_Columns = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class PageTable:
    """A table found on a page: its rows, its box (same units as the pieces), its pieces."""

    rows: tuple[TableRow, ...]
    left: float
    top: float
    right: float
    bottom: float
    pieces: frozenset[int]
    #: A sheet of labels (cards side by side) has no rows: each card's lines, as one text.
    cards: tuple[str, ...] = ()


def find_tables(
    pieces: Sequence[Piece], *, page: int, text_of: Callable[[Piece], str]
) -> tuple[PageTable, ...]:
    """The tables among ``pieces``; ``text_of`` reads a piece's text (only table candidates'
    pieces are read, so a PDF page without a table costs no text lookups)."""
    if _crowded_lines(pieces) < MIN_ROWS:
        return ()
    tables: list[PageTable] = []
    for lines, columns in _candidates(_lines(pieces)):
        grid = _grid(lines, columns, text_of)
        if not _is_table(grid):
            continue
        number = len(tables) + 1
        sheet = f"page {page}" if number == 1 else f"page {page} table {number}"
        held = [p for line in lines for s in line.segments for p in s.pieces]
        cards = card_texts(grid) if is_card_grid(grid) else ()
        tables.append(
            PageTable(
                rows=() if cards else table_rows(sheet, grid, page=page),
                cards=cards,
                left=min(p.left for p in held),
                top=min(p.top for p in held),
                right=max(p.right for p in held),
                bottom=max(p.bottom for p in held),
                pieces=frozenset(p.index for p in held),
            )
        )
    return tuple(tables)


# --- lines, segments, columns -------------------------------------------------------------


def _crowded_lines(pieces: Sequence[Piece]) -> int:
    """Lines holding ``MIN_COLUMNS`` pieces or more, roughly counted: the quick test that
    spares an ordinary page (one run per line) the building of lines (0.7 ms a page)."""
    crowded, run, band_bottom = 0, 0, float("-inf")
    for middle, bottom in sorted(((p.top + p.bottom) / 2, p.bottom) for p in pieces):
        if middle <= band_bottom:
            run += 1
        else:
            run, band_bottom = 1, bottom
        crowded += run == MIN_COLUMNS
    return crowded


def _lines(pieces: Sequence[Piece]) -> list[_Line]:
    """Pieces grouped by vertical overlap (a piece whose middle is in the line's band)."""
    groups: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.top + p.bottom) / 2):
        middle = (piece.top + piece.bottom) / 2
        if groups:
            top = statistics.median(p.top for p in groups[-1])
            bottom = statistics.median(p.bottom for p in groups[-1])
            if top <= middle <= bottom:
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return [_line(group) for group in groups]


def _line(pieces: list[Piece]) -> _Line:
    height = statistics.median(p.height for p in pieces)
    segments: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: p.left):
        if segments and piece.left - segments[-1][-1].right <= CELL_GAP_HEIGHTS * height:
            segments[-1].append(piece)
        else:
            segments.append([piece])
    return _Line(
        top=min(p.top for p in pieces),
        bottom=max(p.bottom for p in pieces),
        height=height,
        segments=tuple(_Segment(s[0].left, max(p.right for p in s), tuple(s)) for s in segments),
    )


def _candidates(lines: list[_Line]) -> list[tuple[tuple[_Line, ...], _Columns]]:
    """Runs of lines whose segments keep to the same columns, long and wide enough."""
    found: list[tuple[tuple[_Line, ...], _Columns]] = []
    start = 0
    while start < len(lines):
        run, columns = _grow(lines, start)
        if _is_grid(run, columns):
            found.append((run, columns))
            start += len(run)
        else:
            start += 1
    return found


def _grow(lines: list[_Line], start: int) -> tuple[tuple[_Line, ...], _Columns]:
    """The longest run from ``start`` that keeps its columns apart (no segment bridges two)."""
    first = lines[start]
    if len(first.segments) < MIN_COLUMNS:
        return (first,), ()
    columns: _Columns = tuple((s.left, s.right) for s in first.segments)
    run = [first]
    for line in lines[start + 1 :]:
        previous = run[-1]
        gap = line.top - previous.bottom
        if len(line.segments) < 2 or gap > ROW_GAP_HEIGHTS * max(line.height, previous.height):
            break
        widened = _fit(columns, line.segments)
        if widened is None:
            break
        columns = widened
        run.append(line)
    return tuple(run), columns


def _fit(columns: _Columns, segments: Sequence[_Segment]) -> _Columns | None:
    """The columns widened by a line's segments, or ``None`` when a segment bridges two
    columns (a line of prose across the table, or another table's layout)."""
    spans = list(columns)
    for segment in segments:
        hits = [i for i, (left, right) in enumerate(spans) if _overlaps(segment, left, right)]
        if len(hits) > 1:
            return None
        if hits:
            left, right = spans[hits[0]]
            spans[hits[0]] = (min(left, segment.left), max(right, segment.right))
        else:
            spans.append((segment.left, segment.right))
    spans.sort()
    if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
        return None
    return tuple(spans)


def _overlaps(segment: _Segment, left: float, right: float) -> bool:
    return segment.left < right and segment.right > left


def _is_grid(run: tuple[_Line, ...], columns: _Columns) -> bool:
    if len(run) < MIN_ROWS:
        return False
    filled = [0] * len(columns)
    for line in run:
        for index in {_column_of(s, columns) for s in line.segments}:
            filled[index] += 1
    return sum(count >= COLUMN_FILL * len(run) for count in filled) >= MIN_COLUMNS


def _column_of(segment: _Segment, columns: _Columns) -> int:
    return next(i for i, (left, right) in enumerate(columns) if _overlaps(segment, left, right))


# --- cells ---------------------------------------------------------------------------------


def _grid(
    lines: tuple[_Line, ...], columns: _Columns, text_of: Callable[[Piece], str]
) -> list[list[str]]:
    grid: list[list[str]] = []
    for line in lines:
        cells: list[list[str]] = [[] for _ in columns]
        for segment in line.segments:
            texts = (" ".join(text_of(p).split()) for p in segment.pieces)
            cells[_column_of(segment, columns)].extend(t for t in texts if t)
        grid.append([" ".join(cell) for cell in cells])
    return grid


def _is_table(grid: list[list[str]]) -> bool:
    """Short cells that are not label/value pairs: a table, not a form or a prose column."""
    filled = [cell for row in grid for cell in row if cell]
    if not filled or statistics.median(len(cell) for cell in filled) > MAX_MEDIAN_CELL_CHARS:
        return False
    return not is_label_table(grid) and not is_form(filled)


#: Share of a grid's rows (under its first) whose cells all open with one same word.
CARD_ROW_SHARE = 0.5
_FIRST_WORD = re.compile(r"[^\W\d_][\w()]*")


def is_card_grid(grid: list[list[str]]) -> bool:
    """Labels printed side by side (a sheet of patient stickers, a badge board): each
    column is one card, each line the same field of every card ("Né(e) le ...",
    "IPP ...", "UF ..."), so a line's cells open with one same word across the columns.
    A table's line holds different fields (a name, a date, an id): its cells do not."""
    width = max((len(row) for row in grid), default=0)
    lines = [row for row in grid[1:] if sum(bool(cell) for cell in row) >= 2]  # noqa: PLR2004
    if width < 2 or len(lines) < 2:  # noqa: PLR2004
        return False
    same = sum(len({_first_word(cell) for cell in row if cell} - {""}) == 1 and all(_first_word(c) for c in row if c) for row in lines)  # fmt: skip
    return same >= CARD_ROW_SHARE * len(lines)


def _first_word(cell: str) -> str:
    match = _FIRST_WORD.match(cell.strip())
    return match.group().upper() if match else ""


def card_texts(grid: list[list[str]]) -> tuple[str, ...]:
    """Each card of a label grid (a column of it), its lines one under the other."""
    width = max(len(row) for row in grid)
    cards = ("\n".join(row[j] for row in grid if j < len(row) and row[j]) for j in range(width))
    return tuple(card for card in cards if card)


def is_form(cells: Sequence[str]) -> bool:
    """Cells mostly labels with or before their values ("Nom : DUPONT", "Né le :")."""
    labelled = sum(bool(_LABELLED.search(cell)) or cell.endswith(":") for cell in cells)
    return labelled >= FORM_SHARE * len(cells)


# --- PDF pages -----------------------------------------------------------------------------


def pdf_tables(textpage: pdfium.PdfTextPage, *, page: int) -> tuple[PageTable, ...]:
    """The tables of a PDF page, from PDFium's text rectangles (y negated: downwards)."""
    pieces = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        pieces.append(Piece(left, -top, right, -bottom, index))
    if len(pieces) < MIN_ROWS * MIN_COLUMNS:
        return ()

    def text_of(piece: Piece) -> str:
        return str(textpage.get_text_bounded(piece.left, -piece.bottom, piece.right, -piece.top))

    return find_tables(pieces, page=page, text_of=text_of)


def pdf_text_outside(textpage: pdfium.PdfTextPage, tables: Sequence[PageTable]) -> str:
    """The page's text with the tables' regions left out: above, beside and below each."""
    page_left, page_bottom, page_right, page_top = textpage.page.get_bbox()
    parts: list[str] = []
    ceiling = page_top
    for table in sorted(tables, key=lambda t: t.top):
        top, bottom = -table.top, -table.bottom
        parts.append(textpage.get_text_bounded(page_left, top, page_right, ceiling))
        parts.append(textpage.get_text_bounded(page_left, bottom, table.left, top))
        parts.append(textpage.get_text_bounded(table.right, bottom, page_right, top))
        ceiling = min(ceiling, bottom)
    parts.append(textpage.get_text_bounded(page_left, page_bottom, page_right, ceiling))
    return "\n".join(part.strip("\r\n") for part in parts if part.strip())


# --- OCR'd pages ---------------------------------------------------------------------------


def ocr_tables(block: TextBlock) -> tuple[TextBlock, tuple[TableRow, ...]]:
    """An OCR'd page's tables as rows, and its block without their words.

    Word boxes are mapped back onto the page as scanned, so a skewed scan's lines slope:
    the slope read from Tesseract's own lines (words a space apart) is taken out first.
    """
    words = block.words
    slope = _slope(block)
    pieces = [
        Piece(box.left, box.top - slope * box.left, box.left + box.width,
              box.top + box.height - slope * box.left, index, block.text[start:end])
        for index, (start, end, box) in enumerate(words)
    ]  # fmt: skip
    tables = find_tables(pieces, page=block.page, text_of=lambda piece: piece.text)
    if not tables:
        return block, ()
    held = frozenset().union(*(table.pieces for table in tables))
    rest = _without_words(block, held)
    return rest, under_heading([row for table in tables for row in table.rows], rest.text)


def _slope(block: TextBlock) -> float:
    """Median slope (dy/dx) between consecutive words of the same OCR line."""
    slopes = []
    for (_, end, a), (start, _, b) in zip(block.words, block.words[1:], strict=False):
        dx = (b.left + b.width / 2) - (a.left + a.width / 2)
        if block.text[end:start] == " " and dx > 0:
            slopes.append(((b.top + b.height / 2) - (a.top + a.height / 2)) / dx)
    return statistics.median(slopes) if slopes else 0.0


def _without_words(block: TextBlock, held: frozenset[int]) -> TextBlock:
    """The block's text and word spans with the ``held`` words left out.

    Kept words are joined as they were: by a blank line, a newline or a space, the widest
    break found between them in the original text.
    """
    parts: list[str] = []
    spans = []
    offset = 0
    previous_end: int | None = None
    for index, (start, end, box) in enumerate(block.words):
        if index in held:
            continue
        if previous_end is not None:
            between = block.text[previous_end:start]
            separator = "\n\n" if "\n\n" in between else "\n" if "\n" in between else " "
            parts.append(separator)
            offset += len(separator)
        word = block.text[start:end]
        parts.append(word)
        spans.append((offset, offset + len(word), box))
        offset += len(word)
        previous_end = end
    return replace(block, text="".join(parts), words=tuple(spans))
