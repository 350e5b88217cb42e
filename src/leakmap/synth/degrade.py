"""Make clean renders look like the scans and faxes a hospital actually leaks.

Half of what leaks from a hospital was printed, stamped, signed and scanned again (or
faxed): the text layer is gone and only Tesseract can read it. The fictitious hospital must
leak such documents too, or the OCR path is never exercised on realistic input. A scan here
is a page rendered with pdfium, then put through what a copier does to it, in the order it
happens: the sensor integrates the light over each of its pixels (``render_page``), the
sheet lies slightly askew, the optics blur, the sensor adds noise, a fax
machine (sometimes) thresholds to black and white at 204x196 dpi, and the copier stores
JPEG.

Every random choice comes from the caller's ``random.Random``, so a seeded generator writes
the same dump twice. This module must not import ``leakmap.detect``, ``group``, ``link`` or
``assess``: a generator that shares detection logic makes tautological tests.
"""

from __future__ import annotations

import io
import random
import time

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter

#: Largest skew of a sheet on the scanner glass, in degrees, either way.
MAX_SKEW_DEGREES = 3.0
#: Gaussian blur radius range at 200 dpi; scaled with the resolution.
BLUR_RADIUS_AT_200_DPI = (0.2, 0.8)
#: Standard deviation range of the sensor noise, in grey levels.
NOISE_SIGMA = (3.0, 12.0)
#: JPEG quality range of the copier's storage.
JPEG_QUALITY = (35, 80)
#: Share of pages that went through a fax machine (thresholded to black and white).
FAX_PROBABILITY = 0.25
#: Fax "fine" resolution, horizontal and vertical dots per inch.
FAX_DPI = (204, 196)
#: Grey level below which a fax machine prints black, range.
FAX_THRESHOLD = (140, 185)
#: The scanner's optical resolution, dpi: a page is rendered at least this fine, then each
#: output pixel averages the rendered pixels it covers, as a sensor cell integrates light.
OPTICAL_DPI = 600
_POINTS_PER_INCH = 72
#: Written as the PDF's dates, so that a seeded dump is the same bytes on every run.
_FIXED_DATE = time.gmtime(1_704_067_200)  # 2024-01-01T00:00:00Z


def degrade_scan(image: Image.Image, *, rng: random.Random, dpi: int) -> Image.Image:
    """A greyscale copy of ``image`` (a page rendered at ``dpi``) as if scanned or faxed.

    The result has the same size as the input, so that a caller's page geometry still holds;
    it is mode ``L`` in every case (a faxed page is black and white, stored as ``L``).
    """
    page = image.convert("L")
    page = _skew(page, rng=rng)
    page = _blur(page, rng=rng, dpi=dpi)
    page = _add_noise(page, rng=rng)
    if rng.random() < FAX_PROBABILITY:
        return _fax(page, rng=rng, dpi=dpi)
    return _jpeg_round_trip(page, quality=rng.randint(*JPEG_QUALITY))


def scan_pdf_pages(pdf_bytes: bytes, *, rng: random.Random, dpi: int) -> bytes:
    """An image-only PDF of every page of ``pdf_bytes``, rendered at ``dpi`` and degraded.

    This is the "printed and scanned again" copy of a document: same pages, no text layer.
    Pages are stored as JPEG (Pillow's PDF writer), which keeps a synthetic dump small; the
    same seed gives the same bytes (the PDF dates are fixed), so content hashes are stable.
    """
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pages = [render_page(document[index], dpi=dpi) for index in range(len(document))]
    finally:
        document.close()
    scans = [degrade_scan(page, rng=rng, dpi=dpi) for page in pages]
    out = io.BytesIO()
    scans[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=scans[1:],
        resolution=dpi,
        creationDate=_FIXED_DATE,
        modDate=_FIXED_DATE,
    )
    return out.getvalue()


def render_page(page: pypdfium2.PdfPage, *, dpi: int) -> Image.Image:
    """The page as the scanner's sensor sees it at ``dpi``: greyscale, edges area-averaged.

    pdfium snaps filled rectangles outward to whole pixels without anti-aliasing, so a
    barcode rendered straight at 200 dpi has its 2.5-pixel spaces drawn 1 pixel wide: a
    symbol no printer prints and no scanner sees (after blur and a fax threshold the spaces
    close and it cannot be decoded). Rendering at ``OPTICAL_DPI`` or finer and averaging
    each output pixel's block gives the grey edges a real sensor records.
    """
    factor = max(1, -(-OPTICAL_DPI // dpi))
    bitmap = page.render(scale=factor * dpi / _POINTS_PER_INCH, grayscale=True)
    image = bitmap.to_pil().convert("L")
    return image.reduce(factor) if factor > 1 else image


def _skew(page: Image.Image, *, rng: random.Random) -> Image.Image:
    """Rotate about the centre, keeping the size: the corners that come in are paper white."""
    angle = rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _blur(page: Image.Image, *, rng: random.Random, dpi: int) -> Image.Image:
    low, high = BLUR_RADIUS_AT_200_DPI
    radius = rng.uniform(low, high) * dpi / 200
    return page.filter(ImageFilter.GaussianBlur(radius))


def _add_noise(page: Image.Image, *, rng: random.Random) -> Image.Image:
    """Gaussian sensor noise, drawn from a numpy generator seeded by ``rng``."""
    generator = np.random.default_rng(rng.getrandbits(64))
    pixels = np.asarray(page, dtype=np.float32)
    noisy = pixels + generator.normal(0.0, rng.uniform(*NOISE_SIGMA), size=pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode="L")


def _fax(page: Image.Image, *, rng: random.Random, dpi: int) -> Image.Image:
    """Down to fax resolution, hard threshold, and back up: ragged black-and-white strokes."""
    width, height = page.size
    fax_size = (max(1, width * FAX_DPI[0] // dpi), max(1, height * FAX_DPI[1] // dpi))
    low_res = page.resize(fax_size, Image.Resampling.BILINEAR)
    threshold = rng.randint(*FAX_THRESHOLD)
    black_white = low_res.point(lambda grey: 255 if grey >= threshold else 0)
    return black_white.resize((width, height), Image.Resampling.NEAREST)


def _jpeg_round_trip(page: Image.Image, *, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as stored:
        return stored.convert("L")
