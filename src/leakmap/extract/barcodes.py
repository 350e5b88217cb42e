"""Decode the barcodes printed on hospital pages: most often the IPP on the patient label.

A patient sticker carries the IPP (sometimes the stay number) as a Code 128 or Code 39
barcode; wristbands and newer labels use DataMatrix or QR codes; some forms carry a PDF417.
A decoded IPP is an identifier that OCR cannot garble, so every scanned page is searched
for them with zxing-cpp, restricted to these formats: fewer formats are faster and do not
hallucinate short codes in text (EAN, ITF and Codabar would).
"""

from __future__ import annotations

import zxingcpp
from PIL import Image, ImageDraw

from leakmap.extract.document import Barcode, Box

#: The symbologies hospitals print on documents and labels, by zxing-cpp name.
FORMATS = ("Code128", "Code39", "DataMatrix", "QRCode", "PDF417")
_FORMATS = zxingcpp.barcode_formats_from_str(",".join(FORMATS))
#: Pixels around a barcode's box also erased (the box hugs the bars; blur spreads them).
ERASE_MARGIN = 3


def read_barcodes(image: Image.Image, *, page: int) -> tuple[Barcode, ...]:
    """Every barcode of ``FORMATS`` on a page image, with its box in the image's pixels.

    Rotated codes are found too (a label stuck sideways). The same code found twice at the
    same place is given once.
    """
    found = zxingcpp.read_barcodes(image.convert("L"), formats=_FORMATS)
    barcodes: dict[tuple[str, str, Box], Barcode] = {}
    for result in found:
        if not result.valid or not result.text:
            continue
        box = _bounding_box(result.position)
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
