"""Straighten a scanned page before OCR, and put the word boxes back where they were.

A sheet laid 3° askew on the scanner glass is ordinary, and Tesseract's automatic page
segmentation then sometimes drops whole paragraphs: on a measured page skewed by about 3°
it kept the header and the label and lost all 90 words of the clinical text; the same page
turned upright was read in full. So the skew is measured (projection profiles of the dark
pixels on a thumbnail: text lines make the sharpest profile when they are horizontal), the
page is turned upright, and every box read on the upright page is turned back onto the page
as scanned, because review crops regions from the original image.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from leakmap.extract.document import Box

#: Skews searched, degrees either way; past this a page is sideways, which is OSD's job.
MAX_SKEW_DEGREES = 6.0
#: Skews smaller than this are left to Tesseract (turning a page costs time and sharpness).
MIN_SKEW_DEGREES = 0.4
#: Resolution of the thumbnail the skew is measured on.
THUMBNAIL_DPI = 75
#: Pixels the thumbnail may have, whatever the resolution: a page rendered coarse because
#: it is huge (``ocr.render_dpi``: 14,400 pt at 31 dpi is 38 million pixels) would get no
#: reduction from its dpi, and an all-dark one held 2 GB of coordinates for 78 s. An A3
#: page at 300 dpi is 1.1 million at ``THUMBNAIL_DPI``, so ordinary pages are unchanged.
MAX_THUMBNAIL_PIXELS = 1_500_000
_COARSE_STEP = 0.5
_FINE_STEP = 0.1
_DARK = 128


def measure_skew(image: Image.Image, *, dpi: int) -> float:
    """The angle (degrees, counter-clockwise, as ``Image.rotate`` takes it) that levels the text.

    0.0 when the page has too little ink to tell.
    """
    xs, ys = _dark_pixels(image, dpi=dpi)
    if xs.size < 200:
        return 0.0
    coarse = _best_angle(
        xs, ys, np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, _COARSE_STEP)
    )
    fine = np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP)
    return round(float(_best_angle(xs, ys, fine)), 2)


def lines_run_vertically(image: Image.Image, *, dpi: int) -> bool:
    """Whether the page lies on its side: its columns profile is sharper than its rows'.

    Measured on report pages: rows/columns sharpness about 3.1 upright, 0.32 on the side.
    A sideways page needs OSD (90° or 270°) before it is read; an upright one does not.
    """
    xs, ys = _dark_pixels(image, dpi=dpi)
    if xs.size < 200:
        return False
    angles = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, _COARSE_STEP)
    return max(_sharpness(ys, xs, angles)) > max(_sharpness(xs, ys, angles))


def level(image: Image.Image, *, dpi: int) -> tuple[Image.Image, float]:
    """The page turned upright and the angle it was turned by (0.0: left as it was)."""
    angle = measure_skew(image, dpi=dpi)
    if abs(angle) < MIN_SKEW_DEGREES:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255), angle


def unlevel(box: Box, *, angle: float, size: tuple[int, int]) -> Box:
    """A box read on the page turned by ``angle``, as the upright rectangle on the original."""
    if angle == 0:
        return box
    centre_x, centre_y = size[0] / 2, size[1] / 2
    corners = [
        _turn(x, y, -angle, centre_x, centre_y)
        for x in (box.left, box.left + box.width)
        for y in (box.top, box.top + box.height)
    ]
    left = max(0, math.floor(min(x for x, _ in corners)))
    top = max(0, math.floor(min(y for _, y in corners)))
    right = min(size[0], math.ceil(max(x for x, _ in corners)))
    bottom = min(size[1], math.ceil(max(y for _, y in corners)))
    return Box(left, top, max(1, right - left), max(1, bottom - top))


def _dark_pixels(image: Image.Image, *, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of dark thumbnail pixels, centred, in thumbnail units, dithered.

    The dithering (a fixed sub-pixel jitter) matters: without it 0° always wins on pages
    whose rows were duplicated (a fax's 196 lines per inch scaled up), because at exactly 0°
    whole pixel rows fall in single bins.
    """
    crowded = math.ceil(math.sqrt(image.width * image.height / MAX_THUMBNAIL_PIXELS))
    factor = max(1, round(dpi / THUMBNAIL_DPI), crowded)
    thumbnail = image.convert("L").reduce(factor) if factor > 1 else image.convert("L")
    pixels = np.asarray(thumbnail)
    ys, xs = np.nonzero(pixels < _DARK)
    jitter = np.random.default_rng(0).random((2, xs.size)) - 0.5
    return xs + jitter[0] - pixels.shape[1] / 2, ys + jitter[1] - pixels.shape[0] / 2


def _best_angle(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> float:
    """The angle whose row profile is sharpest."""
    return float(angles[int(np.argmax(_sharpness(xs, ys, angles)))])


def _sharpness(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> list[float]:
    """Per angle, the sum of squared row counts of the dark pixels turned by it: largest
    when text lines fall into few rows, that is when they are level."""
    scores = []
    for degrees in angles:
        theta = math.radians(degrees)
        rows = np.round(ys * math.cos(theta) - xs * math.sin(theta)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        scores.append(float(np.dot(counts, counts)))
    return scores


def _turn(
    x: float, y: float, degrees: float, centre_x: float, centre_y: float
) -> tuple[float, float]:
    """Where ``Image.rotate(degrees)`` (counter-clockwise, about the centre) moves a point."""
    theta = math.radians(degrees)
    dx, dy = x - centre_x, y - centre_y
    return (
        centre_x + dx * math.cos(theta) + dy * math.sin(theta),
        centre_y - dx * math.sin(theta) + dy * math.cos(theta),
    )
