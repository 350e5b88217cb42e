"""A quick OCR reading of a queried image, band by band, for matching only.

Why: a page image whose hashes find no case page (a crop, mostly: the case keeps square
regions of each page, a crop is seldom one) must be read to be matched by its text, and
the scan's reading (triage, orientation, levelling, barcodes, label zone, tables) cost
about 0.28 CPU s a crop on ``benchmarks/bench_match.py``, two thirds of the bench's time.
To name the document a crop comes from, a few correct lines are enough: the image is cut
into ``BANDS`` horizontal bands (at blank rows, so that no line is cut), brought down to
``QUICK_DPI``, and Tesseract reads them one at a time (``psm`` 6, one block: a band has
no layout to analyse); the caller stops as soon as its lines name a document.

Full bench (``--documents 200 --negatives 1000``, 2 shared cores, one after the other):
crops 2.5 -> 7.6 files/s, 166 -> 167/170 named, false matches 0.04 % either way; all
queries 26.8 -> 54.2 files/s (34.5 -> 69.4 a CPU second).

Nothing is concluded from this reading but a match: when all bands are read and no
document is named, the image is read the scan's way and answered from that reading, so a
file is never called new data, or no match, on a degraded reading.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from PIL import Image

from leakmap.extract.image import estimated_dpi
from leakmap.extract.tesseract import LANGUAGES, read_words

#: Bands an image is cut into: a crop's first one or two name its document (measured on
#: 44 crops of the bench: 2.5 bands of 8 read on average, 43/44 named, as by the scan's
#: reading), each band costing a few hundredths of a second.
BANDS = 8
#: Resolution the bands are read at (an image finer than this is brought down to it):
#: 120 rather than the 150 of a screenshot's page read 43/44 crops as well for 10 % less.
QUICK_DPI = 120
#: Page segmentation: one uniform block of text (a band of lines).
QUICK_PSM = 6
#: Resampling when brought down: the mean of each box (Lanczos read no better and cost
#: 8 ms more a crop).
_RESAMPLE = Image.Resampling.BOX
#: A row is blank (a cut may go there) when it has no pixel darker than this.
_INK_GREY = 128


def quick_bands(image: Image.Image) -> Iterator[list[str]]:
    """The lines Tesseract reads in each band of the image, top to bottom.

    A generator: the caller stops reading when it has what it needs.
    """
    dpi = estimated_dpi(image)
    grey = image.convert("L")
    if dpi > QUICK_DPI:
        factor = QUICK_DPI / dpi
        size = (max(1, round(grey.width * factor)), max(1, round(grey.height * factor)))
        grey, dpi = grey.resize(size, _RESAMPLE), QUICK_DPI
    inked = inked_rows(grey)
    cuts = band_cuts(inked, BANDS)
    for top, bottom in zip(cuts, cuts[1:], strict=False):
        if not inked[top:bottom].any():
            continue  # a margin, a gap between paragraphs: nothing to read
        band = grey.crop((0, top, grey.width, bottom))
        words = read_words(band, dpi=dpi, psm=QUICK_PSM, languages=LANGUAGES)
        lines: dict[tuple[int, int, int], list[str]] = {}
        for word in words:
            lines.setdefault(word.line, []).append(word.text)
        yield [" ".join(line) for line in lines.values()]


def inked_rows(grey: Image.Image) -> np.ndarray:
    """For each row of a grey image, whether it holds a pixel dark enough to be ink."""
    return (np.asarray(grey) < _INK_GREY).any(axis=1)


def band_cuts(inked: np.ndarray, bands: int) -> list[int]:
    """Row numbers cutting rows (``inked_rows``) into ``bands`` bands of about equal
    height, each cut moved to the nearest blank row within a third of a band, so that no
    text line is cut; first 0, last the height, never decreasing."""
    height = len(inked)
    reach = max(1, height // (3 * bands))
    cuts = [0]
    for number in range(1, bands):
        target = round(height * number / bands)
        low, high = max(cuts[-1], target - reach), min(height, target + reach)
        blank = np.flatnonzero(~inked[low:high]) + low
        cuts.append(int(blank[np.abs(blank - target).argmin()]) if blank.size else max(low, target))
    cuts.append(height)
    return cuts
