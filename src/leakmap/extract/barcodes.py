"""Decode the barcodes printed on hospital pages: most often the IPP on the patient label.

A patient sticker carries the IPP (sometimes the stay number) as a Code 128 or Code 39
barcode; wristbands and newer labels use DataMatrix or QR codes; some forms carry a PDF417.
A decoded IPP is an identifier that OCR cannot garble, so every scanned page is searched
for them with zxing-cpp, restricted to these formats: fewer formats are faster and do not
hallucinate short codes in text (EAN, ITF and Codabar would).
"""

from __future__ import annotations

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw

from leakmap.extract.document import Barcode, Box
from leakmap.stage_clock import timed_stage

#: The symbologies hospitals print on documents and labels, by zxing-cpp name.
FORMATS = ("Code128", "Code39", "DataMatrix", "QRCode", "PDF417")
_FORMATS = zxingcpp.barcode_formats_from_str(",".join(FORMATS))
#: Formats whose symbol is a row of bars (the others are 2D matrices).
LINEAR_FORMATS = frozenset({"Code128", "Code39"})
#: A row still crosses the bars when it has this share of the edges the decoded rows have.
BAR_ROW_EDGES = 0.5
_INK = 128
#: Pixels around a barcode's box also erased (the box hugs the bars; blur spreads them).
ERASE_MARGIN = 3


@timed_stage("barcodes")
def read_barcodes(image: Image.Image, *, page: int) -> tuple[Barcode, ...]:
    """Every barcode of ``FORMATS`` on a page image, with its box in the image's pixels.

    Rotated codes are found too (a label stuck sideways). The same code found twice at the
    same place is given once.
    """
    grey = image.convert("L")
    found = zxingcpp.read_barcodes(grey, formats=_FORMATS)
    ink = np.asarray(grey) < _INK if found else np.zeros((0, 0), dtype=bool)
    barcodes: dict[tuple[str, str, Box], Barcode] = {}
    for result in found:
        if not result.valid or not result.text:
            continue
        box = _bounding_box(result.position)
        if result.format.name in LINEAR_FORMATS:
            box = whole_bars(ink, box)
        barcode = Barcode(page=page, format=result.format.name, text=result.text, box=box)
        barcodes.setdefault((barcode.format, barcode.text, box), barcode)
    return tuple(barcodes.values())


def _bounding_box(position: zxingcpp.Position) -> Box:
    """The upright rectangle around zxing-cpp's four corners (a code may be rotated)."""
    corners = (position.top_left, position.top_right, position.bottom_left, position.bottom_right)
    xs = [p.x for p in corners]
    ys = [p.y for p in corners]
    left, top = max(0, min(xs)), max(0, min(ys))
    return Box(left, top, max(xs) - left + 1, max(ys) - top + 1)


def erase_barcodes(image: Image.Image, barcodes: tuple[Barcode, ...]) -> Image.Image:
    """A copy of the page with the barcodes painted white, for OCR.

    Tesseract reads bars as rows of "|", "I" and "l" that land in the text between the
    name and the IPP; the decoded value is in ``Barcode.text`` already.
    """
    boxes = [barcode.box for barcode in barcodes if barcode.box is not None]
    if not boxes:
        return image
    erased = image.copy()
    draw = ImageDraw.Draw(erased)
    for box in boxes:
        right, bottom = box.left + box.width, box.top + box.height
        margin = ERASE_MARGIN
        draw.rectangle(
            (box.left - margin, box.top - margin, right + margin, bottom + margin), fill=255
        )
    return erased


def whole_bars(ink: np.ndarray, box: Box) -> Box:
    """The box grown over the whole height of the bars.

    For a linear code zxing-cpp gives the rows it decoded, sometimes a third of the bars'
    height; OCR must not read the rest as "IIlI|". Rows (columns, for a code on its side)
    next to the box that still cross about as many bar edges are the same bars.
    """
    if box.width >= box.height:
        strip = ink[:, box.left : box.left + box.width]
        top, bottom = _bar_extent(strip, box.top, box.top + box.height, limit=box.width)
        return Box(box.left, top, box.width, bottom - top)
    strip = ink[box.top : box.top + box.height, :].T
    left, right = _bar_extent(strip, box.left, box.left + box.width, limit=box.height)
    return Box(left, box.top, right - left, box.height)


def _bar_extent(strip: np.ndarray, start: int, end: int, *, limit: int) -> tuple[int, int]:
    """Rows ``[start, end)`` of ``strip`` cross the bars; the run of such rows around them."""
    edges = np.count_nonzero(strip[:, 1:] != strip[:, :-1], axis=1)
    if end <= start or end > len(edges):
        return start, end
    needed = max(1.0, BAR_ROW_EDGES * float(np.median(edges[start:end])))
    low, high = start, end
    while low > max(0, start - limit) and edges[low - 1] >= needed:
        low -= 1
    while high < min(len(edges), end + limit) and edges[high] >= needed:
        high += 1
    return low, high
