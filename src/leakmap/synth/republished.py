"""Re-published copies of a leaked document, as they come back after a leak.

The test bed of ``leakmap match`` (tests and ``benchmarks/bench_match.py``): a PDF saved
again, its text copied into a new file or in part, a page rendered and then degraded the
way a forum screenshot, a rescan or a phone photo degrades it. Seeded: the same document
and seed give the same bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from enum import StrEnum

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

#: Resolution a page is rendered at before it is degraded (dots per inch).
RENDER_DPI = 150


class Variant(StrEnum):
    """How a copy differs from the leaked document."""

    RESAVED_PDF = "resaved_pdf"
    TEXT_COPY = "text_copy"
    EXCERPT_30 = "excerpt_30"
    JPEG_Q40 = "jpeg_q40"
    CROP_60 = "crop_60"
    ROTATED_3 = "rotated_3"
    RESCANNED_NOISE = "rescanned_noise"
    SCREENSHOT_96 = "screenshot_96"
    PHONE_PHOTO = "phone_photo"


def variant_of(pdf: bytes, text: str, variant: Variant, *, seed: int) -> tuple[str, bytes]:
    """(file suffix, bytes) of one copy of a leaked PDF whose extracted text is ``text``."""
    rng = random.Random(f"{seed}:{variant}")
    if variant is Variant.RESAVED_PDF:
        return ".pdf", _resaved(pdf)
    if variant is Variant.TEXT_COPY:
        return ".txt", text.encode("utf-8")
    if variant is Variant.EXCERPT_30:
        return ".txt", _excerpt(text, 0.3, rng).encode("utf-8")
    dpi = 96 if variant is Variant.SCREENSHOT_96 else RENDER_DPI
    page = render_page(pdf, dpi=dpi)
    suffix, data = _IMAGE_VARIANTS[variant](page, rng)
    return suffix, data


def render_page(pdf: bytes, *, dpi: int, index: int = 0) -> Image.Image:
    """Page ``index`` of a PDF drawn at ``dpi``, in RGB."""
    document = pdfium.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def _resaved(pdf: bytes) -> bytes:
    source = pdfium.PdfDocument(pdf)
    copy = pdfium.PdfDocument.new()
    copy.import_pages(source)
    buffer = io.BytesIO()
    copy.save(buffer, version=17)
    copy.close()
    source.close()
    return buffer.getvalue()


def _excerpt(text: str, share: float, rng: random.Random) -> str:
    words = text.split()
    size = max(1, round(len(words) * share))
    start = rng.randrange(0, max(1, len(words) - size + 1))
    return " ".join(words[start : start + size])


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg_q40(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    return ".jpg", _jpeg(page, 40)


def _crop_60(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    """A box of 60 % of the page's area (sides of 77 %) around the text: at a random
    place that keeps the centre of the printed part, as one crops to what matters."""
    side = 0.6**0.5
    width, height = round(page.width * side), round(page.height * side)
    dark = np.argwhere(np.asarray(page.convert("L")) < 128)
    centre_y, centre_x = dark.mean(axis=0) if dark.size else (page.height / 2, page.width / 2)
    left = _around(centre_x, width, page.width, rng)
    top = _around(centre_y, height, page.height, rng)
    return ".png", _png(page.crop((left, top, left + width, top + height)))


def _around(centre: float, size: int, total: int, rng: random.Random) -> int:
    """A window start in [0, total - size] whose window holds ``centre``."""
    low = max(0, round(centre) - size + 1)
    high = min(total - size, round(centre))
    return rng.randint(low, max(low, high))


def _rotated_3(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    angle = rng.choice((-3.0, 3.0))
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
    return ".png", _png(turned)


def _rescanned(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    grey = np.asarray(page.convert("L"), dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 18, grey.shape)
    speckled = np.clip(grey * 0.92 + 12 + noise, 0, 255).astype(np.uint8)
    scan = Image.fromarray(speckled, mode="L").filter(ImageFilter.GaussianBlur(0.8))
    return ".jpg", _jpeg(scan.rotate(rng.uniform(-1, 1), fillcolor=235), 70)


def _screenshot(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    """The page at 96 dpi inside a viewer's grey frame and toolbar."""
    frame = Image.new("RGB", (page.width + 120, page.height + 160), (82, 86, 89))
    frame.paste((50, 50, 54), (0, 0, frame.width, 48))
    frame.paste(page, (60, 100))
    return ".png", _png(frame)


def _phone_photo(page: Image.Image, rng: random.Random) -> tuple[str, bytes]:
    """The page photographed at a slant: a perspective, warm light, a darker table."""
    width, height = page.size
    table = Image.new("RGB", (round(width * 1.15), round(height * 1.15)), (120, 100, 80))
    table.paste(page, (round(width * 0.075), round(height * 0.075)))
    w, h = table.size
    d = 0.06
    quad = (
        rng.uniform(0, d) * w, rng.uniform(0, d) * h,
        rng.uniform(0, d) * w, h - rng.uniform(0, d) * h,
        w - rng.uniform(0, d) * w, h - rng.uniform(0, d) * h,
        w - rng.uniform(0, d) * w, rng.uniform(0, d) * h,
    )  # fmt: skip
    photo = table.transform((w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR)
    tint = Image.new("RGB", photo.size, (255, 235, 200))
    photo = Image.blend(photo, Image.composite(photo, tint, Image.new("L", photo.size, 200)), 0.5)
    return ".jpg", _jpeg(photo.resize((round(w * 0.8), round(h * 0.8))), 75)


_IMAGE_VARIANTS: dict[Variant, Callable[[Image.Image, random.Random], tuple[str, bytes]]] = {
    Variant.JPEG_Q40: _jpeg_q40,
    Variant.CROP_60: _crop_60,
    Variant.ROTATED_3: _rotated_3,
    Variant.RESCANNED_NOISE: _rescanned,
    Variant.SCREENSHOT_96: _screenshot,
    Variant.PHONE_PHOTO: _phone_photo,
}
