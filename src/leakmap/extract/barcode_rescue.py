"""A second look for barcodes the whole-page read missed: bar-textured regions, read closely.

zxing-cpp reads a whole page with one binarizer at the page's own resolution. On a faxed
or blurred label that is often not enough: a fax machine's threshold spreads the ink and
narrows the one-module spaces to a pixel or two, blur and JPEG grey them, and the local
binarizer then merges bars. The IPP barcode is the strongest key to a patient, so every
bar-textured region that no decoded barcode covers is given a second, bounded look:

1. *where*: cells of about a millimetre where ink edges run across one way far more than
   the other (parallel bars) are found with Pillow and numpy (about 10 ms on an A4 page
   at 200 dpi); a run of such
   cells at least ``MIN_SYMBOL_MM`` long and ``MIN_BAR_MM`` high is a candidate symbol
   (text has edges both ways, table rules are one cell wide);
2. *how*: each candidate, with a quiet-zone margin, is upscaled and tried with other
   binarizers, a median filter against noise, and thinner or thicker ink (a grey-level
   shift before the threshold undoes a fax's ink spread or a light print), stopping at
   the first valid decode.

Only ``MAX_REGIONS`` regions and ``len(ATTEMPTS)`` attempts each are ever tried, so the cost
is bounded per page (measured in ``benchmarks/bench_ocr.py --barcodes``). Only valid
decodes count (Code 128's check character, the 2D codes' error correction; Code 39's
strict character patterns), so the extra tries do not invent identifiers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from leakmap.extract.barcodes import FORMATS, LINEAR_FORMATS, whole_bars
from leakmap.extract.document import Barcode, Box

#: Edge of a texture cell, in millimetres.
CELL_MM = 1.0
#: A cell is bar-like with at least this many ink edges per pixel across the bars...
MIN_EDGE_DENSITY = 0.08
#: ...and this many times more edges across the bars than along them.
MIN_EDGE_RATIO = 3.0
#: The shortest run of bar-like cells that can be a symbol (an 8-digit Code 128 at the
#: smallest modules label printers use is about 20 mm long), and the lowest bars.
MIN_SYMBOL_MM = 8.0
MIN_BAR_MM = 5.0
#: Ink is at least this many grey levels darker than the paper.
MIN_INK_CONTRAST = 40
#: Candidate regions tried per page, largest first.
MAX_REGIONS = 4
#: Margin added around a region, in millimetres (the symbol's quiet zone and its ends).
MARGIN_MM = 4.0
_MM_PER_INCH = 25.4
_FORMATS = zxingcpp.barcode_formats_from_str(",".join(FORMATS))


@dataclass(frozen=True, slots=True)
class Attempt:
    """One way of preparing a region for zxing-cpp: upscale, filter, grey shift, binarizer."""

    scale: int
    binarizer: zxingcpp.Binarizer
    median: bool = False
    #: Added to every grey level before the binarizer: positive thins the ink (a fax's
    #: spread bars), negative thickens it (a light or worn print).
    shift: int = 0


#: Tried in order on each region; the first valid decode ends the search.
ATTEMPTS = (
    Attempt(2, zxingcpp.Binarizer.LocalAverage),
    Attempt(3, zxingcpp.Binarizer.GlobalHistogram),
    Attempt(3, zxingcpp.Binarizer.FixedThreshold, shift=60),
    Attempt(2, zxingcpp.Binarizer.LocalAverage, median=True),
    Attempt(3, zxingcpp.Binarizer.FixedThreshold, shift=95),
    Attempt(3, zxingcpp.Binarizer.FixedThreshold, shift=-40),
)


def rescue_barcodes(
    image: Image.Image, *, page: int, dpi: int, known: tuple[Barcode, ...] = ()
) -> tuple[Barcode, ...]:
    """Barcodes decoded in bar-textured regions of ``image`` that ``known`` does not cover.

    Boxes are in ``image`` pixels. Returns ``()`` quickly on a page without bar texture.
    """
    grey = image.convert("L")
    found: list[Barcode] = []
    for region in bar_regions(grey, dpi=dpi):
        if any(_overlaps(region, b.box) for b in (*known, *found) if b.box is not None):
            continue
        barcode = _read_region(grey, region, page=page)
        if barcode is not None:
            found.append(barcode)
    return tuple(found)


def bar_regions(grey: Image.Image, *, dpi: int) -> list[Box]:
    """Regions of parallel bars (upright or on their side), largest first, with margins."""
    cell = 4 * max(1, round(CELL_MM * dpi / _MM_PER_INCH / 4))
    if grey.width < 2 * cell or grey.height < 2 * cell:
        return []
    lut = _ink_lut(grey)
    # Bars need every pixel across them but not along them: each orientation is looked
    # for on the page averaged 4 to 1 along its bars (bars stay bars, text does not), its
    # edges counted both ways per cell, in Pillow's C loops: a few ms on an A4 page.
    squash = grey.reduce((1, 4)).point(lut)
    across = _edge_density(squash, (1, 0), (cell, cell // 4))
    along = _edge_density(squash, (0, 1), (cell, cell // 4))
    upright = (across >= MIN_EDGE_DENSITY) & (across >= MIN_EDGE_RATIO * along)
    squash = grey.reduce((4, 1)).point(lut)
    across = _edge_density(squash, (0, 1), (cell // 4, cell))
    along = _edge_density(squash, (1, 0), (cell // 4, cell))
    sideways = (across >= MIN_EDGE_DENSITY) & (across >= MIN_EDGE_RATIO * along)
    cell_mm = cell * _MM_PER_INCH / dpi
    length = max(2, math.ceil(MIN_SYMBOL_MM / cell_mm))
    height = max(2, math.ceil(MIN_BAR_MM / cell_mm))
    boxes = _runs(upright, length, height) + [
        (top, left, bottom, right) for left, top, right, bottom in _runs(sideways.T, length, height)
    ]
    margin = round(MARGIN_MM * dpi / _MM_PER_INCH)
    regions = []
    for left, top, right, bottom in boxes:
        x0, y0 = max(0, left * cell - margin), max(0, top * cell - margin)
        x1 = min(grey.width, right * cell + margin)
        y1 = min(grey.height, bottom * cell + margin)
        regions.append(Box(x0, y0, x1 - x0, y1 - y0))
    regions.sort(key=lambda box: box.width * box.height, reverse=True)
    distinct: list[Box] = []
    for region in regions:
        if not any(_overlaps(region, kept) for kept in distinct):
            distinct.append(region)
    return distinct[:MAX_REGIONS]


def _ink_lut(grey: Image.Image) -> list[int]:
    """A point table marking ink (255) half-way between the paper and the darkest ink."""
    histogram = np.array((grey.reduce(4) if min(grey.size) >= 64 else grey).histogram())
    cumulative = np.cumsum(histogram) / max(1, histogram.sum())
    ink = int(np.searchsorted(cumulative, 0.001))
    paper = int(np.searchsorted(cumulative, 0.5))
    # A page with almost no ink must not take its paper's noise for ink.
    threshold = max(1, min((ink + paper) // 2, paper - MIN_INK_CONTRAST))
    return [255 if level < threshold else 0 for level in range(256)]


def _edge_density(ink: Image.Image, step: tuple[int, int], cell: tuple[int, int]) -> np.ndarray:
    """Ink edges per pixel, one way (``step``), in each ``cell`` (x, y) block of ``ink``."""
    edges = ImageChops.difference(ink, ImageChops.offset(ink, *step))
    return np.asarray(edges.reduce(cell), dtype=np.float32) / 255


def _runs(cells: np.ndarray, length: int, height: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, in cells) of stacked runs of at least ``length``
    true cells (gaps of one cell bridged) spanning at least ``height`` rows."""
    bridged = cells.copy()
    bridged[:, 1:-1] |= cells[:, :-2] & cells[:, 2:]
    open_boxes: list[list[int]] = []
    closed: list[list[int]] = []
    for y, row in enumerate(bridged):
        padded = np.concatenate(([False], row, [False]))
        changes = np.flatnonzero(padded[1:] != padded[:-1])
        starts, ends = changes[0::2], changes[1::2]
        still_open = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end - start < length:
                continue
            for box in open_boxes:
                if box[3] == y and start < box[2] and end > box[0]:
                    box[0], box[2], box[3] = min(box[0], start), max(box[2], end), y + 1
                    break
            else:
                open_boxes.append([start, y, end, y + 1])
        for box in open_boxes:
            (still_open if box[3] == y + 1 else closed).append(box)
        open_boxes = still_open
    return [tuple(b) for b in closed + open_boxes if b[3] - b[1] >= height]  # type: ignore[misc]


def _read_region(grey: Image.Image, region: Box, *, page: int) -> Barcode | None:
    """The first valid barcode any ``ATTEMPTS`` decodes in ``region``; box in page pixels."""
    crop = grey.crop((region.left, region.top, region.left + region.width, region.top + region.height))  # fmt: skip
    for attempt in ATTEMPTS:
        prepared = _prepare(crop, attempt)
        results = zxingcpp.read_barcodes(
            prepared, formats=_FORMATS, binarizer=attempt.binarizer, try_downscale=False
        )
        for result in results:
            if result.valid and result.text:
                return _barcode(result, region, attempt.scale, grey, page=page)
    return None


def _prepare(crop: Image.Image, attempt: Attempt) -> Image.Image:
    prepared = crop.filter(ImageFilter.MedianFilter(3)) if attempt.median else crop
    size = (crop.width * attempt.scale, crop.height * attempt.scale)
    prepared = prepared.resize(size, Image.Resampling.BICUBIC)
    if attempt.shift:
        prepared = prepared.point(_shifted(attempt.shift))
    return prepared


def _shifted(shift: int) -> Callable[[int], int]:
    return lambda level: min(255, max(0, level + shift))


def _barcode(
    result: zxingcpp.Barcode, region: Box, scale: int, grey: Image.Image, *, page: int
) -> Barcode:
    corners = (result.position.top_left, result.position.top_right, result.position.bottom_left, result.position.bottom_right)  # fmt: skip
    xs = [region.left + p.x / scale for p in corners]
    ys = [region.top + p.y / scale for p in corners]
    left, top = max(0, int(min(xs))), max(0, int(min(ys)))
    box = Box(left, top, int(max(xs)) - left + 1, int(max(ys)) - top + 1)
    if result.format.name in LINEAR_FORMATS:
        box = whole_bars(np.asarray(grey) < 128, box)
    return Barcode(page=page, format=result.format.name, text=result.text, box=box)


def _overlaps(region: Box, box: Box) -> bool:
    return (
        region.left < box.left + box.width
        and box.left < region.left + region.width
        and region.top < box.top + box.height
        and box.top < region.top + region.height
    )
