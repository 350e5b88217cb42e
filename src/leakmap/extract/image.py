"""Scans and photos (PNG, JPEG, TIFF, multi-page TIFF included) → OCR'd text and barcodes.

Leaked images are scans of referrals, photos of ID cards and wristbands, faxes stored as
multi-page TIFF. Each frame is one page: its barcodes are read and it is OCR'd
(``extract.ocr``). Word and barcode boxes are in the frame's own pixels, as the review app
opens it.

Hostile images are data, not crashes: a file declaring more than ``MAX_IMAGE_PIXELS``
pixels (a decompression bomb: a few kilobytes that would expand to gigabytes) is
``unreadable``/``too_large`` before any pixel is decoded; a truncated or damaged image is
``unreadable``/``corrupt``; a multi-page TIFF whose later frames are damaged is
``partial``/``some_pages_failed`` with the frames that could be read.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import struct
import warnings
from collections.abc import Iterator

import numpy as np
from PIL import Image

from leakmap.extract.barcode_rescue import rescue_barcodes
from leakmap.extract.barcodes import read_barcodes
from leakmap.extract.document import Barcode, ExtractedDocument, TextBlock
from leakmap.extract.ocr import ocr_scan, scale_boxes, tesseract_available
from leakmap.extract.page_tables import ocr_tables
from leakmap.vocabulary import FileKind, ReadStatus, Reason

#: Pixels one frame may have. A4 at 600 dpi is 35 million, a 50-megapixel phone photo 50
#: million; past this an image is refused as ``too_large`` (Pillow's bomb check uses it).
MAX_IMAGE_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
#: Resolutions outside this range are missing or wrong in the file and estimated instead.
PLAUSIBLE_DPI = (72, 1200)
#: A declared resolution making the page longer than this (inches) is a tool's default (72
#: dpi on a 300 dpi scan), not the truth: the resolution is then estimated.
MAX_PAGE_INCH = 17.0
#: When the file does not say its resolution, the longer side is taken as an A4 page's.
A4_LONG_SIDE_INCH = 11.69
#: Estimated resolutions are kept within this range (a small crop is not a 20 dpi page).
ESTIMATED_DPI = (150, 600)
#: Exceptions Pillow raises on damaged data, by format plugin (a TIFF directory without
#: dimensions raises ``TypeError``, a PNG with a bad chunk ``SyntaxError``, and so on).
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
)


class _TooLarge(Exception):
    """A frame declares more pixels than ``MAX_IMAGE_PIXELS``."""


def extract_image(data: bytes, *, path: str, sha256: str) -> ExtractedDocument:
    """Every frame of an image file, OCR'd, with its barcodes; never raises for a bad file."""
    try:
        pages = [_read_frame(frame, page=number) for number, frame in _frames(data)]
    except _TooLarge:
        return _unreadable(path, sha256, Reason.TOO_LARGE)
    except _DECODE_ERRORS:
        return _unreadable(path, sha256, Reason.CORRUPT)
    return _document(path, sha256, pages)


def _frames(data: bytes) -> Iterator[tuple[int, Image.Image | None]]:
    """The frames one at a time (counted from 1), so that a long TIFF is never all in memory.

    Raises ``_TooLarge`` for a bomb, and a decode error when the first frame does not read;
    a later frame that does not read is yielded as ``None``, and ends the file.
    """
    try:
        with _pillow_warnings():
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _TooLarge from error
    for index in itertools.count():
        try:
            frame = _decoded(image, index)
        except _DECODE_ERRORS:
            if index == 0:
                raise
            yield index + 1, None
            return
        if frame is None:
            return
        yield index + 1, frame


def _decoded(image: Image.Image, index: int) -> Image.Image | None:
    """Frame ``index``, its size checked before its pixels are decoded; ``None`` past the end."""
    with _pillow_warnings():
        if index > 0:
            try:
                image.seek(index)
            except EOFError:
                return None
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise _TooLarge
        image.load()
        frame = image.copy()
    frame.info = dict(image.info)
    return frame


@contextlib.contextmanager
def _pillow_warnings() -> Iterator[None]:
    """Pillow's warnings on damaged files silenced (the damage is reported as data), except
    the decompression-bomb warning, which becomes an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _read_frame(
    frame: Image.Image | None, *, page: int
) -> tuple[TextBlock | None, tuple[Barcode, ...]]:
    """One page's text and barcodes; ``None`` text for a frame that failed to decode."""
    if frame is None:
        return None, ()
    x_dpi, y_dpi = _resolution(frame)
    grey = _greyscale(frame)
    if y_dpi != x_dpi:  # a fax's 204 x 98 dpi: square the pixels, then map boxes back
        square = grey.resize((grey.width, round(grey.height * x_dpi / y_dpi)))
        block, barcodes = _read_square(square, page=page, dpi=x_dpi)
        return scale_boxes(block, barcodes, x=1, y=y_dpi / x_dpi)
    return _read_square(grey, page=page, dpi=x_dpi)


def _greyscale(frame: Image.Image) -> Image.Image:
    """The frame as 8-bit grey on white paper.

    A transparent background would turn black in a plain conversion (a screenshot of a
    record with an alpha channel), and 16-bit scans would clip to white.
    """
    if frame.mode.startswith("I;16") or frame.mode == "I":
        pixels = np.asarray(frame.convert("I"), dtype=np.int64)
        shift = 8 if pixels.max(initial=0) > 255 else 0
        return Image.fromarray(np.clip(pixels >> shift, 0, 255).astype(np.uint8), mode="L")
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        paper = Image.new("RGBA", frame.size, "white")
        paper.alpha_composite(frame.convert("RGBA"))
        return paper.convert("L")
    return frame.convert("L")


def _read_square(
    frame: Image.Image, *, page: int, dpi: int
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    if tesseract_available():
        return ocr_scan(frame, page=page, dpi=dpi)
    barcodes = read_barcodes(frame, page=page)
    barcodes += rescue_barcodes(frame, page=page, dpi=dpi, known=barcodes)
    return TextBlock(page=page, text="", ocr=False), barcodes


def estimated_dpi(frame: Image.Image) -> int:
    """The frame's horizontal resolution as a scan takes it (declared, or estimated from
    an A4 page's size): what ``leakmap match``'s quick reading scales the image by."""
    return _resolution(frame)[0]


def _resolution(frame: Image.Image) -> tuple[int, int]:
    """The frame's dots per inch, horizontal and vertical, from the file or estimated."""
    declared = frame.info.get("dpi")
    low, high = PLAUSIBLE_DPI
    if isinstance(declared, tuple) and len(declared) == 2:
        x_dpi, y_dpi = (round(float(value)) for value in declared)
        plausible = low <= x_dpi <= high and low <= y_dpi <= high
        if plausible and max(frame.width / x_dpi, frame.height / y_dpi) <= MAX_PAGE_INCH:
            return x_dpi, y_dpi
    estimate = round(max(frame.size) / A4_LONG_SIDE_INCH)
    dpi = min(max(estimate, ESTIMATED_DPI[0]), ESTIMATED_DPI[1])
    return dpi, dpi


def _document(
    path: str, sha256: str, pages: list[tuple[TextBlock | None, tuple[Barcode, ...]]]
) -> ExtractedDocument:
    # A scanned list's table is rebuilt from Tesseract's word boxes (as for scanned PDFs).
    read = [ocr_tables(block) if block.ocr else (block, ()) for block, _ in pages if block]
    blocks = tuple(block for block, _ in read)
    rows = tuple(row for _, found in read for row in found)
    barcodes = tuple(barcode for _, found in pages for barcode in found)
    failed = len(blocks) < len(pages)
    ocr_ran = any(block.ocr for block in blocks)
    status, reason = ReadStatus.READ, ""
    if failed:
        status, reason = ReadStatus.PARTIAL, Reason.SOME_PAGES_FAILED.value
    elif not ocr_ran:
        status, reason = ReadStatus.PARTIAL, Reason.NO_TEXT.value
    return ExtractedDocument(
        path=path,
        sha256=sha256,
        kind=FileKind.IMAGE,
        status=status,
        reason=reason,
        pages=len(pages),
        ocr=ocr_ran,
        blocks=blocks,
        rows=rows,
        barcodes=barcodes,
    )


def _unreadable(path: str, sha256: str, reason: Reason) -> ExtractedDocument:
    return ExtractedDocument(
        path=path,
        sha256=sha256,
        kind=FileKind.IMAGE,
        status=ReadStatus.UNREADABLE,
        reason=reason.value,
    )
