"""Perceptual hashes of a page image: the inked area, whole and by region.

Why the inked area and not the page: the hospital's letters are mostly white paper, and a
screenshot, a photo or a crop changes the margins around the ink far more than the ink.
The page is reduced to a small grey image (cheap), its ink's bounding box found, and a
pHash taken of the box and of overlapping regions of it, so that a crop that keeps part
of the page still meets a stored region close to what it kept.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

#: Width the page is reduced to before anything else (pixels): hashes look at 32 x 32.
WORK_WIDTH = 320


def _steps(size: float) -> tuple[float, ...]:
    return tuple(round(i * 0.1, 1) for i in range(round((1 - size) / 0.1) + 1))


#: Regions of the inked box hashed besides the whole box: (left, top, right, bottom) as
#: fractions of the box: windows of 90 % to 60 % of each side, every 10 %.
REGIONS: tuple[tuple[float, float, float, float], ...] = tuple(
    (x, y, x + size, y + size)
    for size in (0.9, 0.8, 0.7, 0.6)
    for y in _steps(size)
    for x in _steps(size)
)
#: A pixel is ink when darker than this share of the paper's grey (the median).
_INK_SHARE = 0.72
#: A row or column holds ink when at least this share of its pixels are ink.
_LINE_SHARE = 0.004
#: Grey above which a pixel may be paper (the paper's own grey is their median).
_PAPER_GREY = 170
#: Pixels next to the paper's edge are not ink (the edge's own shade).
_EDGE = 3
_MIN_PAPER_PIXELS = 400
#: Corners this close to an upright rectangle (pixels) need only a crop.
_SQUARE_PX = 2
#: Tilts looked for: up to 5 degrees either way.
_SKEW_MAX = 5
#: Width the inked box is brought to before its regions are cut (pixels).
_INKED_WIDTH = 128


def page_hashes(image: Image.Image, *, regions: bool = True) -> tuple[int, ...]:
    """pHashes (256-bit integers) of the page's inked box, then of its regions.

    An image without ink (a blank page) gives no hash: it would match every blank page.
    """
    grey = deskewed(paper_upright(_small_grey(image)))
    box = ink_box(grey)
    if box is None:
        return ()
    inked = grey.crop(box)
    inked = inked.resize((_INKED_WIDTH, max(1, round(inked.height * _INKED_WIDTH / inked.width))),
                         Image.Resampling.BOX)  # fmt: skip
    windows = [inked]
    if regions:
        width, height = inked.size
        for left, top, right, bottom in REGIONS:
            window = (round(left * width), round(top * height),
                      round(right * width), round(bottom * height))  # fmt: skip
            windows.append(inked.crop(window))
    return _phashes(windows)


def ink_box(grey: Image.Image) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the ink on the paper of a grey image, or ``None``.

    The paper is what is bright; ink counts only where paper lies on both sides of it in
    its row and its column, so a viewer's frame, a table under a photographed page or a
    scanner's dark border is not ink.
    """
    pixels = np.asarray(grey, dtype=np.uint8)
    bright = pixels > _PAPER_GREY
    if not bright.any():
        return None
    paper = float(np.median(pixels[bright]))
    ink = (pixels < paper * _INK_SHARE) & _between(bright, axis=1) & _between(bright, axis=0)
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, _LINE_SHARE * ink.shape[1]))
    cols = np.flatnonzero(ink.sum(axis=0) >= max(2, _LINE_SHARE * ink.shape[0]))
    if rows.size == 0 or cols.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def paper_upright(grey: Image.Image) -> Image.Image:
    """The sheet of paper in a photo, its four corners pulled back to a rectangle.

    Corners are the bright pixels furthest towards each corner of the image (the extremes
    of x + y and x - y); on a scan or a screenshot, where the paper is the whole image or
    an upright rectangle, this only crops it.
    """
    pixels = np.asarray(grey, dtype=np.uint8)
    ys, xs = np.nonzero(pixels > _PAPER_GREY)
    if xs.size < _MIN_PAPER_PIXELS:
        return grey
    total, spread = xs + ys, xs - ys
    corners = [(xs[i], ys[i]) for i in (total.argmin(), spread.argmin(), total.argmax(),
                                         spread.argmax())]  # fmt: skip
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = (
        corners  # top-left, bottom-left, bottom-right, top-right
    )
    width = max(1, round(max(x3 - x0, x2 - x1)))
    height = max(1, round(max(y1 - y0, y2 - y3)))
    quad = (x0, y0, x1, y1, x2, y2, x3, y3)
    return grey.transform((width, height), Image.Transform.QUAD, tuple(float(v) for v in quad),
                          Image.Resampling.BILINEAR, fillcolor=255)  # fmt: skip


def deskewed(grey: Image.Image) -> Image.Image:
    """The page turned so that its text lines lie flat (a rescan's or a photo's tilt).

    The angle is the one, by whole degrees up to ``_SKEW_MAX`` then half a degree, at which
    the ink's row sums vary most (flat lines make sharp peaks and white gaps), looked for
    on the page at half width: a few milliseconds.
    """
    ink = ImageOps.invert(grey)
    ink = ink.resize((max(1, ink.width // 2), max(1, ink.height // 2)), Image.Resampling.BOX)
    coarse = max(range(-_SKEW_MAX, _SKEW_MAX + 1), key=lambda a: _row_spread(ink, a))
    best_angle = max((coarse - 0.5, coarse, coarse + 0.5), key=lambda a: _row_spread(ink, a))
    if best_angle == 0:
        return grey
    return grey.rotate(best_angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


def _row_spread(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), np.float64)
    return float(np.var(rows.sum(axis=1)))


def _between(bright: np.ndarray, *, axis: int) -> np.ndarray:
    """Pixels with a bright pixel before and after them along ``axis``, a margin in."""
    before = np.maximum.accumulate(bright, axis=axis)
    after = np.flip(np.maximum.accumulate(np.flip(bright, axis=axis), axis=axis), axis=axis)
    inside = before & after
    shift = [(0, 0), (0, 0)]
    shift[axis] = (_EDGE, _EDGE)
    trimmed = inside[_EDGE:-_EDGE, :] if axis == 0 else inside[:, _EDGE:-_EDGE]
    return np.pad(trimmed, shift) if trimmed.size else inside


def _small_grey(image: Image.Image) -> Image.Image:
    grey = image.convert("L")
    if grey.width > WORK_WIDTH:
        height = max(1, round(grey.height * WORK_WIDTH / grey.width))
        grey = grey.resize((WORK_WIDTH, height), Image.Resampling.BOX)
    return ImageOps.autocontrast(grey, cutoff=1)


def _phashes(images: list[Image.Image]) -> tuple[int, ...]:
    """256-bit pHashes: each image at 64 x 64 grey, its DCT, the 16 x 16 lowest
    frequencies against their median (imagehash's ``phash(hash_size=16)``), all images in
    one batched matrix product: ~0.2 ms a hash against 1.5 ms with imagehash, which lets
    a page carry 55 of them. 256 bits rather than 64 because the hospital's letters look
    alike: measured on 20 letters, a copy's own page sat at <= 0.2 of the bits, other
    letters' at >= 0.25 (64 bits mixed them: own up to 0.25, others from 0.16)."""
    side = (_DCT_SIDE, _DCT_SIDE)
    stack = np.stack([np.asarray(i.resize(side, Image.Resampling.BOX), np.float64) for i in images])
    low = (_DCT @ stack @ _DCT.T)[:, :_HASH_SIDE, :_HASH_SIDE].reshape(len(images), -1)
    bits = low > np.median(low, axis=1, keepdims=True)
    packed = np.packbits(bits, axis=1)
    return tuple(int.from_bytes(row.tobytes(), "big") for row in packed)


def _dct_matrix(side: int) -> np.ndarray:
    k = np.arange(side)[:, None]
    n = np.arange(side)[None, :]
    return np.cos(np.pi * (2 * n + 1) * k / (2 * side))


_DCT_SIDE = 64
_HASH_SIDE = 16
#: Bits in a page hash.
HASH_BITS = _HASH_SIDE * _HASH_SIDE
_DCT = _dct_matrix(_DCT_SIDE)


def hamming(a: int, b: int) -> int:
    """Bits that differ between two page hashes."""
    return (a ^ b).bit_count()
