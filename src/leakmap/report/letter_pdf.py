"""Letters and kits as PDF at a million a day: the same page as ``pdf_document``, set directly.

Why not reportlab's platypus for these: it lays out and serialises each document through
tens of thousands of Python objects (about 60 ms a letter, 13 letters a second), while a
letter is a fixed frame around a few dozen left-aligned paragraphs, most of them the same
in every letter. Here a paragraph is wrapped once per distinct text (cached), set as
ready content-stream bytes, and the fonts are the ready objects of ``pdf_fonts``; a
letter costs about a millisecond or two.

The page is the one ``pdf_document.render_text_pdf`` draws (which the regulator report
still uses): A4, letterhead top left, the address block in the right column where a DL
window shows it (100 mm from the left edge, under 30 mm of letterhead) at the largest
size that sets every line on one line, place and date on the right, the reference, the
subject in bold, then headings, paragraphs, bullets and two-column tables; the footer
with the page number; the model stamp across every page of an example case. Text is
extractable (ToUnicode), a no-break space never breaks a line.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from leakmap.report.pdf_document import EXAMPLE_STAMP, EXAMPLE_STAMPS, PageFrame
from leakmap.report.pdf_fonts import FIRST_FONT_OBJECT, FontSet, PdfFont, font_set, widened
from leakmap.report.text_blocks import Block, BlockKind, RenderedText

_WIDTH, _HEIGHT = A4
_MARGIN = 20 * mm
_PAD = 6.0  # platypus's frame padding
_LEFT = _MARGIN + _PAD
_RIGHT = _WIDTH - _MARGIN - _PAD
_TOP = _HEIGHT - 15 * mm - _PAD
_BOTTOM = 18 * mm + _PAD
_SENDER_HEIGHT = 30 * mm
_WINDOW_X = _MARGIN + 80 * mm
_WINDOW_ROOM = 90 * mm - 6
_WINDOW_SIZES = (9.5, 9, 8.5, 8, 7.5, 7)
_LABEL_WIDTH, _VALUE_WIDTH = 55 * mm, 115 * mm
_CELL_PAD, _CELL_VPAD = 6.0, 3.0
_BULLET_INDENT = 12.0
_BREAKABLE = re.compile(r"[ \t\r\n]+")  # not U+00A0: a no-break space keeps its words together
_CACHE_LIMIT = 50_000
#: zlib level of the page streams: 3 is within a few per cent of 6 in size, twice as fast.
_COMPRESSION = 3


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Font, size, line height and spacing of one kind of line (``pdf_document.styles``)."""

    bold: bool
    size: float
    leading: float
    before: float = 0.0
    after: float = 0.0


BODY = TextStyle(False, 9.5, 12.5, after=4)
SMALL = TextStyle(False, 8, 10)
BOLD = TextStyle(True, 9.5, 12.5, after=4)
HEADING = TextStyle(True, 10.5, 12.5, before=6, after=3)
TITLE = TextStyle(True, 14, 18, after=8)
_FOOTER_SIZE = 7.5
_STAMP_SIZE = 34.0


@dataclass(slots=True)
class _Pages:
    """The pages being set: finished content streams and the one in progress."""

    fonts: FontSet
    done: list[list[bytes]] = field(default_factory=list)
    ops: list[bytes] = field(default_factory=list)
    y: float = _TOP

    def room(self) -> float:
        return self.y - _BOTTOM

    def new_page(self) -> None:
        self.done.append(self.ops)
        self.ops, self.y = [], _TOP

    def text(self, x: float, y: float, shown: bytes) -> None:
        self.ops.append(b"BT 1 0 0 1 %s %s Tm %s ET" % (_num(x), _num(y), shown))

    def finish(self) -> list[list[bytes]]:
        return [*self.done, self.ops]


def render_letter_pdf(
    frame: PageFrame, rendered: RenderedText, fonts: FontSet | None = None
) -> tuple[bytes, int]:
    """One letter or kit as PDF bytes and its page count (what ``render_text_pdf`` gives).

    ``fonts``: the run's ``pdf_fonts.font_set``; widened here when the text has a
    character it lacks (so pass the set gathered from the addressees to keep it rare).
    """
    fonts = widened(fonts or font_set(), _all_text(frame, rendered))
    pages = _Pages(fonts)
    _head(pages, frame)
    pages.y -= 8 * mm
    if frame.date_line:
        _right(pages, frame.date_line, BODY)
    if frame.reference_line:
        _paragraph(pages, frame.reference_line, SMALL)
    if frame.title:
        _paragraph(pages, frame.title, TITLE)
    pages.y -= 3 * mm
    _paragraph(pages, rendered.subject, BOLD)
    pages.y -= 2 * mm
    _body(pages, rendered.blocks)
    streams = pages.finish()
    decorated = [_decorate(ops, frame, fonts, n) for n, ops in enumerate(streams, start=1)]
    author = frame.letterhead[0] if frame.letterhead else ""
    return _pdf(decorated, fonts, title=rendered.subject, author=author), len(streams)


def _all_text(frame: PageFrame, rendered: RenderedText) -> str:
    parts = [*frame.letterhead, *frame.recipient, frame.date_line, frame.reference_line]
    parts += [frame.footer, frame.title, rendered.subject]
    parts += [EXAMPLE_STAMPS.get(frame.language, EXAMPLE_STAMP)] if frame.is_example else []
    parts += [f"{b.label}{b.text}" for b in rendered.blocks]
    return "".join(parts)


def _font(fonts: FontSet, style: TextStyle) -> PdfFont:
    return fonts.bold if style.bold else fonts.regular


# -- the head: letterhead and window block ---------------------------------------------


def _head(pages: _Pages, frame: PageFrame) -> None:
    top = pages.y
    if frame.letterhead:
        _paragraph(pages, frame.letterhead[0], BOLD)
        for line in frame.letterhead[1:]:
            _paragraph(pages, line, SMALL)
    if not frame.recipient:
        return
    pages.y = top - _SENDER_HEIGHT - 3
    size = _window_size(frame.recipient, pages.fonts.regular)
    window = TextStyle(False, size, size * 1.3)
    for line in frame.recipient:
        _paragraph(pages, line, window, x=_WINDOW_X, width=_WINDOW_ROOM + 6)


def _window_size(lines: tuple[str, ...], font: PdfFont) -> float:
    """The largest size that sets every address line on one line (La Poste reads lines)."""
    widest = max(font.width(line, 1) for line in lines)
    return next((s for s in _WINDOW_SIZES if widest * s <= _WINDOW_ROOM), _WINDOW_SIZES[-1])


# -- the body ---------------------------------------------------------------------------


def _body(pages: _Pages, blocks: tuple[Block, ...]) -> None:
    rows: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.ROW:
            rows.append(block)
            continue
        if rows:
            _table(pages, rows)
            rows = []
        if block.kind is BlockKind.BULLET:
            _bullet(pages, block.text)
        elif block.kind is BlockKind.HEADING and block.text:
            follows = blocks[index + 1] if index + 1 < len(blocks) else None
            _heading(pages, block.text, follows)
        elif block.text:
            _paragraph(pages, block.text, BODY)
    if rows:
        _table(pages, rows)


def _heading(pages: _Pages, text: str, follows: Block | None) -> None:
    """A heading never ends a page: it goes over with the first line it heads."""
    first_line = BODY.leading if follows is not None else 0.0
    needed = HEADING.before + HEADING.leading + HEADING.after + first_line
    if pages.room() < needed and pages.y < _TOP:
        pages.new_page()
    _paragraph(pages, text, HEADING)


def _paragraph(
    pages: _Pages, text: str, style: TextStyle, *, x: float = _LEFT, width: float = 0.0
) -> None:
    lines = _wrapped(pages.fonts, text, style, width or _RIGHT - x)
    if pages.y < _TOP:
        pages.y -= style.before
    for shown, _ in lines:
        if pages.room() < style.leading:
            pages.new_page()
        pages.y -= style.leading
        pages.text(x, pages.y + style.leading - style.size, shown)
    pages.y -= style.after


def _right(pages: _Pages, text: str, style: TextStyle) -> None:
    for shown, width in _wrapped(pages.fonts, text, style, _RIGHT - _LEFT):
        pages.y -= style.leading
        pages.text(_RIGHT - width, pages.y + style.leading - style.size, shown)
    pages.y -= style.after


def _bullet(pages: _Pages, text: str) -> None:
    lines = _wrapped(pages.fonts, text, BODY, _RIGHT - _LEFT - _BULLET_INDENT)
    if pages.room() < BODY.leading:
        pages.new_page()
    mark = pages.fonts.regular.show("•", 8)
    pages.text(_LEFT + 3, pages.y - BODY.size, mark)
    for shown, _ in lines:
        if pages.room() < BODY.leading:
            pages.new_page()
        pages.y -= BODY.leading
        pages.text(_LEFT + _BULLET_INDENT, pages.y + BODY.leading - BODY.size, shown)
    pages.y -= BODY.after


def _table(pages: _Pages, rows: list[Block]) -> None:
    """Two columns (label, value), grid and grey labels; kept on one page when it fits one."""
    cells = [
        (
            _wrapped(pages.fonts, row.label, BOLD, _LABEL_WIDTH - 2 * _CELL_PAD),
            _wrapped(pages.fonts, row.text, BODY, _VALUE_WIDTH - 2 * _CELL_PAD),
        )
        for row in rows
    ]
    heights = [
        max(len(label), len(value), 1) * BODY.leading + BODY.after + 2 * _CELL_VPAD
        for label, value in cells
    ]
    if sum(heights) > pages.room() and sum(heights) <= _TOP - _BOTTOM and pages.y < _TOP:
        pages.new_page()
    x = _MARGIN
    for (label, value), height in zip(cells, heights, strict=True):
        if height > pages.room() and pages.y < _TOP:
            pages.new_page()
        bottom = pages.y - height
        pages.ops.append(
            b"q 0.94 g %s %s %s %s re f 0.502 G 0.3 w %s %s %s %s re %s %s %s %s re S Q"
            % (
                _num(x), _num(bottom), _num(_LABEL_WIDTH), _num(height),
                _num(x), _num(bottom), _num(_LABEL_WIDTH), _num(height),
                _num(x + _LABEL_WIDTH), _num(bottom), _num(_VALUE_WIDTH), _num(height),
            )
        )  # fmt: skip
        for column, lines in ((x, label), (x + _LABEL_WIDTH, value)):
            y = pages.y - _CELL_VPAD
            for shown, _ in lines:
                y -= BODY.leading
                pages.text(column + _CELL_PAD, y + BODY.leading - BODY.size, shown)
        pages.y = bottom
    pages.y -= 2 * mm


# -- wrapping, cached -------------------------------------------------------------------

_WRAPPED: dict[tuple[int, str, TextStyle, float], tuple[tuple[bytes, float], ...]] = {}


def _wrapped(
    fonts: FontSet, text: str, style: TextStyle, width: float
) -> tuple[tuple[bytes, float], ...]:
    """``text`` broken into lines of at most ``width`` points: (operators, width) each.

    Cached per text: the paragraphs every letter shares are wrapped and encoded once.
    """
    key = (id(fonts), text, style, width)
    found = _WRAPPED.get(key)
    if found is None:
        if len(_WRAPPED) > _CACHE_LIMIT:
            _WRAPPED.clear()
        font = _font(fonts, style)
        found = tuple(
            (font.show(line, style.size), font.width(line, style.size))
            for line in _break_lines(font, text, style.size, width)
        )
        _WRAPPED[key] = found
    return found


def _break_lines(font: PdfFont, text: str, size: float, width: float) -> Iterator[str]:
    """Greedy left-aligned breaking at spaces (a word wider than the line goes alone)."""
    words = [w for w in _BREAKABLE.split(text) if w]
    space = font.width(" ", size)
    line: list[str] = []
    used = 0.0
    for word in words:
        wide = font.width(word, size)
        if line and used + space + wide > width:
            yield " ".join(line)
            line, used = [], 0.0
        used += (space if line else 0.0) + wide
        line.append(word)
    if line:
        yield " ".join(line)


# -- the page's decoration and the file -------------------------------------------------


def _decorate(ops: list[bytes], frame: PageFrame, fonts: FontSet, page: int) -> bytes:
    footer = f"{frame.footer} — {page}" if frame.footer else str(page)
    width = fonts.regular.width(footer, _FOOTER_SIZE)
    shown = fonts.regular.show(footer, _FOOTER_SIZE)
    parts = [b"q 0.502 g BT 1 0 0 1 %s %s Tm %s ET Q" % (
        _num((_WIDTH - width) / 2), _num(10 * mm), shown)]  # fmt: skip
    if frame.is_example:
        parts.append(_stamp(fonts, EXAMPLE_STAMPS.get(frame.language, EXAMPLE_STAMP)))
    return b"\n".join([*parts, *ops])  # the decoration first, as platypus draws it


def _stamp(fonts: FontSet, stamp: str) -> bytes:
    """The model stamp across the page (cached: the same on every page of the run)."""
    key = (id(fonts), stamp)
    found = _STAMPS.get(key)
    if found is None:
        half = fonts.bold.width(stamp, _STAMP_SIZE) / 2
        shown = fonts.bold.show(stamp, _STAMP_SIZE)
        found = _STAMPS[key] = (
            b"q /GS1 gs 0.85 0.1 0.1 rg 0.7071 0.7071 -0.7071 0.7071 %s %s cm "
            b"BT 1 0 0 1 %s 0 Tm %s ET Q"
            % (_num(_WIDTH / 2), _num(_HEIGHT / 2), _num(-half), shown)
        )
    return found


_STAMPS: dict[tuple[int, str], bytes] = {}


def _pdf(contents: list[bytes], fonts: FontSet, *, title: str, author: str) -> bytes:
    """The file: catalog, pages, info, graphics state, the fonts, then each page."""
    first_page = FIRST_FONT_OBJECT + len(fonts.objects)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(contents)))
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n" % (kids, len(contents)),
        b"3 0 obj\n<< /Title %s /Author %s /Producer (leakmap) >>\nendobj\n"
        % (_text_string(title), _text_string(author)),
        b"4 0 obj\n<< /Type /ExtGState /ca 0.18 /CA 0.18 >>\nendobj\n",
        *fonts.objects,
    ]
    resources = b"<< %s /ExtGState << /GS1 4 0 R >> >>" % fonts.resources
    for index, content in enumerate(contents):
        number = first_page + 2 * index
        objects.append(
            b"%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %s "
            b"/Contents %d 0 R >>\nendobj\n" % (number, _num(_WIDTH), _num(_HEIGHT), resources,
                                                number + 1)
        )  # fmt: skip
        packed = zlib.compress(content, _COMPRESSION)
        objects.append(
            b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n"
            % (number + 1, len(packed), packed)
        )
    return _file(objects)


def _file(objects: list[bytes]) -> bytes:
    out = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets = []
    position = len(out[0])
    for item in objects:
        offsets.append(position)
        out.append(item)
        position += len(item)
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets]
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        position,
    )
    return b"".join([*out, *xref, trailer])


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16 (any name or accent survives)."""
    return b"<FEFF%s>" % text.encode("utf-16-be").hex().upper().encode()


def _num(value: float) -> bytes:
    return b"%.2f" % value
