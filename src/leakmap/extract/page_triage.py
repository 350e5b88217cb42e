"""Which scanned pages are worth Tesseract's time: cheap image statistics, and a count.

Tesseract spends as long on a page that holds no text as on a report, and longer on a
noisy one: plain 300 dpi Tesseract took 4.5 CPU s on a blank page of scanner noise
(``benchmarks/bench_ocr.py``), where its ink count takes about a millisecond. So a page is
looked at before it is read: a blank page and a photograph are not read at all, a page
that holds only barcodes is read by its barcodes (``extract/ocr.py``).

The counts say, per process, how each page was read: benchmarks print them, tests check
that a skipped page cost no Tesseract call (with ``tesseract.recognitions``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

__all__ = ["PageTriage", "TriageCounts", "count_page", "is_blank", "looks_like_photo", "triage_counts"]  # fmt: skip

#: Share of dark pixels (on a small thumbnail) under which a page is blank. A line of
#: 10-point text on an A4 page is about 0.0005; scanner noise averages out to nothing.
BLANK_INK_SHARE = 0.0001
#: A page's paper tone is the brightness its lightest tenth of pixels reaches; a pixel
#: is paper within this many grey levels of it.
PAPER_MARGIN = 16
#: A photograph has both a darker paper tone than this (generated photos: 130 to 180; a
#: text page, faxed or not: 250 to 255)...
PHOTO_PAPER_TONE = 220
#: ...and a smaller share of paper than this (photos 0.16 to 0.78, text pages 0.90 to
#: 0.99, on 46 generated pages): a light page of text is never taken for one.
PHOTO_PAPER_SHARE = 0.85
#: Side reduction of the thumbnail the statistics are taken on.
_THUMBNAIL_REDUCTION = 4
_INK = 128


class PageTriage(StrEnum):
    """How a scanned page was read."""

    BLANK = "blank"  # no ink: not read
    PHOTO = "photo"  # smooth tones, little paper: not read
    BARCODES_ONLY = "barcodes_only"  # nothing but barcodes: read by its barcodes
    LABEL_SETTLED = "label_settled"  # label read first settled the person: body read coarser
    BODY_FULL = "body_full"  # body read at the page's resolution


@dataclass(frozen=True, slots=True)
class TriageCounts:
    """Pages of each ``PageTriage`` this process has seen."""

    blank: int = 0
    photo: int = 0
    barcodes_only: int = 0
    label_settled: int = 0
    body_full: int = 0


_LOCK = threading.Lock()
_COUNTS = dict.fromkeys(PageTriage, 0)


def count_page(triage: PageTriage) -> None:
    """Count one page read as ``triage``."""
    with _LOCK:
        _COUNTS[triage] += 1


def triage_counts() -> TriageCounts:
    """The counts so far, in this process."""
    with _LOCK:
        return TriageCounts(**{triage.value: count for triage, count in _COUNTS.items()})


def is_blank(image: Image.Image) -> bool:
    """Whether the page (mode ``L``) holds no ink: dark pixels on a reduced thumbnail,
    where scanner noise has averaged out to paper grey."""
    thumbnail = _thumbnail(image)
    dark = sum(thumbnail.histogram()[:_INK])
    return dark < BLANK_INK_SHARE * thumbnail.width * thumbnail.height


def looks_like_photo(image: Image.Image) -> bool:
    """Whether the page (mode ``L``) is a photograph: a dark paper tone, little paper.

    A text page is mostly paper between its lines; a photograph is smooth tones.
    """
    thumbnail = _thumbnail(image)
    histogram = thumbnail.histogram()
    total = thumbnail.width * thumbnail.height
    seen, paper = 0, 0
    for tone in range(255, -1, -1):
        seen += histogram[tone]
        if seen >= total / 10:
            paper = tone
            break
    light = sum(histogram[max(0, paper - PAPER_MARGIN) :])
    return paper < PHOTO_PAPER_TONE and light < PHOTO_PAPER_SHARE * total


def _thumbnail(image: Image.Image) -> Image.Image:
    grey = image.convert("L")
    return grey.reduce(_THUMBNAIL_REDUCTION) if min(grey.size) >= 64 else grey
