"""The letters' fonts as ready PDF objects: subset, compressed and serialised once per run.

Why: reportlab subsets and compresses DejaVu Sans again for every document it saves (a
fifth of a letter's time at a million letters). Here the subsets are built once for a
character set (ASCII, French letters and punctuation, and every character of the addressees'
names and addresses, gathered by the caller), and each PDF copies the same object bytes.
A character met later that the set lacks rebuilds the fonts with it (rare: the caller
gathers the registry's characters first), so no name ever prints as a missing glyph
where DejaVu has one. Like reportlab, each subset is a simple TrueType font of at most
256 codes with a ToUnicode map, so the text of the PDF reads back (pdfium, copy-paste).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

from leakmap.report.pdf_document import FONT, FONT_BOLD, register_fonts

_NBSP = "\u00a0"
#: Characters every letter may use: printable ASCII, French letters and marks.
BASE_CHARACTERS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + list("àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ«»€–—‘’“”…•°·×")
)
#: Where the font objects start in every PDF (1-4: catalog, pages, info, graphics state).
FIRST_FONT_OBJECT = 5
_OBJECTS_PER_SUBSET = 4


@dataclass(frozen=True, slots=True)
class PdfFont:
    """One font (regular or bold) over a character set: codes, widths, resource names."""

    #: Character → (subset index, code in that subset).
    codes: dict[str, tuple[int, int]]
    #: Character → advance width in thousandths of the font size.
    widths: dict[str, float]
    #: The PDF resource name of each subset (``/R0``, ``/R1``...).
    names: tuple[bytes, ...]
    missing_width: float
    #: The characters of subset 0, and their codes as a ``str.translate`` table (one
    #: character per code, so that ``latin-1`` gives the code bytes): the fast path of
    #: ``show`` for text that needs no other subset (nearly all of a French letter).
    first_subset: frozenset[str] = frozenset()
    first_table: dict[int, int] = field(default_factory=dict)

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size`` points."""
        try:
            return sum(map(self.widths.__getitem__, text)) * size / 1000
        except KeyError:
            widths, missing = self.widths, self.missing_width
            return sum(widths.get(c, missing) for c in text) * size / 1000

    def show(self, text: str, size: float) -> bytes:
        """Content-stream operators that set ``text`` from the current point (``Tf``, ``Tj``)."""
        if self.first_subset.issuperset(text):
            codes = text.translate(self.first_table).encode("latin-1").hex().encode()
            return b"%s %s Tf <%s> Tj" % (self.names[0], _number(size), codes)
        ops: list[bytes] = []
        current = -1
        run = bytearray()
        codes_of = self.codes
        for character in text:
            subset, code = codes_of.get(character, (0, 0))
            if subset != current:
                if run:
                    ops.append(b"<%s> Tj" % run.hex().encode())
                    run = bytearray()
                ops.append(b"%s %s Tf" % (self.names[subset], _number(size)))
                current = subset
            run.append(code)
        if run:
            ops.append(b"<%s> Tj" % run.hex().encode())
        return b" ".join(ops)


@dataclass(frozen=True, slots=True)
class FontSet:
    """Regular and bold over one character set, with their PDF objects serialised."""

    characters: frozenset[str]
    regular: PdfFont
    bold: PdfFont
    #: The numbered objects ``FIRST_FONT_OBJECT...``, each ``b"N 0 obj ... endobj\\n"``.
    objects: tuple[bytes, ...]
    #: The ``/Font << ... >>`` resource dictionary every page carries.
    resources: bytes

    def covers(self, text: str) -> bool:
        """Whether every character of ``text`` has its code here."""
        return self.characters.issuperset(text)


def font_set(characters: Iterable[str] = ()) -> FontSet:
    """The fonts over ``BASE_CHARACTERS`` and ``characters`` (built once per set)."""
    wanted = BASE_CHARACTERS | {c for c in characters if c.isprintable() or c == _NBSP}
    return _font_set(frozenset(wanted))


def widened(fonts: FontSet, text: str) -> FontSet:
    """``fonts``, or fonts that also cover the characters of ``text`` it lacks."""
    if fonts.covers(text):
        return fonts
    return font_set(fonts.characters | set(text))


@cache
def _font_set(characters: frozenset[str]) -> FontSet:
    register_fonts()
    ordered = _ordered_subsets(characters)
    objects: list[bytes] = []
    fonts = []
    for prefix, name in ((b"R", FONT), (b"B", FONT_BOLD)):
        face = pdfmetrics.getFont(name).face
        first = FIRST_FONT_OBJECT + len(objects)
        font_objects, names = _subset_objects(face, ordered, prefix, first)
        objects += font_objects
        fonts.append(_pdf_font(face, ordered, names))
    entries = b" ".join(
        b"%s %d 0 R" % (name, FIRST_FONT_OBJECT + _OBJECTS_PER_SUBSET * i)
        for i, name in enumerate([*fonts[0].names, *fonts[1].names])
    )
    return FontSet(characters, fonts[0], fonts[1], tuple(objects), b"/Font << " + entries + b" >>")


def _ordered_subsets(characters: frozenset[str]) -> list[list[int]]:
    """Code points by subset: code 0 the missing glyph and 32 the space in each, ASCII as is."""
    first = list(range(128))  # ASCII keeps its codes: 0 → notdef, controls reused below
    free = [n for n in range(1, 32)] + list(range(127, 256))
    rest = sorted(ord(c) for c in characters if (ord(c) >= 128 or ord(c) < 32) and c != _NBSP)
    subsets = [first + [0] * 128]
    for code in rest:
        if not free:
            subsets.append([0] * 256)
            subsets[-1][32] = 32
            free = [n for n in range(1, 256) if n != 32]
        subsets[-1][free.pop(0)] = code
    for slot in range(1, 32):
        if subsets[0][slot] == slot:
            subsets[0][slot] = 0  # unused control codes print nothing
    return subsets


def _subset_objects(
    face: object, subsets: list[list[int]], prefix: bytes, first: int
) -> tuple[list[bytes], tuple[bytes, ...]]:
    objects: list[bytes] = []
    names = []
    base_name = face.name.decode("latin-1")  # type: ignore[attr-defined]
    for index, subset in enumerate(subsets):
        number = first + _OBJECTS_PER_SUBSET * index
        tag = "".join(chr(ord("A") + (index + n) % 26) for n in range(6))
        font_name = f"{tag}+{base_name}".encode("latin-1")
        widths = b" ".join(_number(face.getCharWidth(c)) for c in subset)  # type: ignore[attr-defined]
        objects.append(
            b"%d 0 obj\n<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 0 "
            b"/LastChar %d /Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>\nendobj\n"
            % (number, font_name, len(subset) - 1, widths, number + 1, number + 3)
        )
        objects.append(_descriptor(face, font_name, number + 1, number + 2))
        program = face.makeSubset(subset)  # type: ignore[attr-defined]
        objects.append(_stream(number + 2, program, extra=b"/Length1 %d" % len(program)))
        cmap = makeToUnicodeCMap(font_name.decode("latin-1"), subset).encode("latin-1")
        objects.append(_stream(number + 3, cmap))
        names.append(prefix + str(index).encode())
    return objects, tuple(b"/" + name for name in names)


def _descriptor(face: object, font_name: bytes, number: int, program: int) -> bytes:
    get = face.__getattribute__
    box = b" ".join(_number(v) for v in get("bbox"))
    return (
        b"%d 0 obj\n<< /Type /FontDescriptor /FontName /%s /Ascent %s /CapHeight %s "
        b"/Descent %s /Flags 4 /FontBBox [%s] /ItalicAngle %s /StemV %s /MissingWidth %s "
        b"/FontFile2 %d 0 R >>\nendobj\n"
        % (
            number, font_name, _number(get("ascent")), _number(get("capHeight")),
            _number(get("descent")), box, _number(get("italicAngle")), _number(get("stemV")),
            _number(get("defaultWidth")), program,
        )
    )  # fmt: skip


def _pdf_font(face: object, subsets: list[list[int]], names: tuple[bytes, ...]) -> PdfFont:
    codes: dict[str, tuple[int, int]] = {}
    for index, subset in enumerate(subsets):
        for code, point in enumerate(subset):
            if point and chr(point) not in codes:
                codes[chr(point)] = (index, code)
    codes[_NBSP] = codes[" "]  # a no-break space prints as a space (as reportlab does)
    widths = {c: float(face.getCharWidth(ord(c))) for c in codes}  # type: ignore[attr-defined]
    widths[_NBSP] = widths[" "]
    missing = float(face.defaultWidth or 0)  # type: ignore[attr-defined]
    first = {c: code for c, (subset, code) in codes.items() if subset == 0}
    table = {ord(c): code for c, code in first.items()}
    return PdfFont(codes, widths, names, missing, frozenset(first), table)


def _stream(number: int, data: bytes, *, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 6)
    return (
        b"%d 0 obj\n<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream\nendobj\n"
        % (number, len(packed), extra, packed)
    )


def _number(value: float) -> bytes:
    """A PDF number: an integer when whole, else at most three decimals."""
    if float(value).is_integer():
        return b"%d" % int(value)
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".")
