"""Arithmetic on page boxes (pixels): scale, shift, overlap, containment.

OCR reads a page resized, levelled, turned or cropped; every box it returns must land back
on the page image as the leak holds it, because review crops evidence from that image.
"""

from __future__ import annotations

from leakmap.extract.document import Box


def scale_box(box: Box, x: float, y: float) -> Box:
    """The box with horizontal coordinates times ``x`` and vertical ones times ``y``."""
    return Box(round(box.left * x), round(box.top * y), round(box.width * x), round(box.height * y))


def shift_box(box: Box, origin: Box) -> Box:
    """A box read inside ``origin`` (a crop), placed on the page the crop came from."""
    return Box(box.left + origin.left, box.top + origin.top, box.width, box.height)


def corners(box: Box) -> tuple[int, int, int, int]:
    """(left, top, right, bottom), as Pillow's crop and draw take them."""
    return (box.left, box.top, box.left + box.width, box.top + box.height)


def centre_inside(box: Box, region: Box) -> bool:
    """Whether the box's centre lies in ``region`` (a word belongs to one region only)."""
    x, y = box.left + box.width / 2, box.top + box.height / 2
    return (
        region.left <= x <= region.left + region.width
        and region.top <= y <= region.top + region.height
    )


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes, 0..1."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    common = width * height
    return common / (a.width * a.height + b.width * b.height - common)
