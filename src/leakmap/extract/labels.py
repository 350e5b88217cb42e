"""The label pass: the patient sticker beside a barcode, read again on its own.

What matters most on a scanned hospital page is its patient label: family name, given
name, birth date and IPP, with a barcode (Code 128 or 39) of the IPP. Tesseract's page
segmentation often fuses the sticker's lines with the header lines beside them ("Val-Fictif
POP CNT Hélène") and then misreads the bold capitals of the family name. Read on its own,
as one block, upscaled, the sticker reads cleanly; but that reading sometimes loses a word
the main pass had right (an IPP against the sticker's frame). So the two readings are
merged word by word: the same word found at the same place by both is taken from the more
confident one. Measured in ``benchmarks/bench_ocr.py``: see ``extract/ocr.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from PIL import Image

from leakmap.extract.barcodes import LINEAR_FORMATS
from leakmap.extract.boxes import centre_inside, corners, overlap, scale_box, shift_box
from leakmap.extract.document import Barcode, Box
from leakmap.extract.tesseract import OcrWord, read_words

#: Around a linear barcode, the sticker region in inches: left, above, right, below.
LABEL_MARGINS_INCH = (0.25, 1.2, 0.5, 0.25)
#: Resolution the sticker region is upscaled to before it is read.
LABEL_DPI = 300
#: Tesseract page segmentation for the sticker: one uniform block of text.
LABEL_PSM = 6
#: Boxes overlapping this much (intersection over union) are the same word.
SAME_WORD_OVERLAP = 0.5
#: A main-pass word the label pass did not find is kept from this confidence up.
KEEP_CONFIDENCE = 60.0
#: Block number given to the label pass's lines, apart from Tesseract's own (from 1).
_LABEL_BLOCK = -1


def read_labels(
    image: Image.Image,
    words: list[OcrWord],
    barcodes: tuple[Barcode, ...],
    *,
    dpi: int,
    languages: str,
) -> list[OcrWord]:
    """``words`` of the main pass, with every sticker's region read again and merged in.

    ``image`` is the page the main pass read (barcodes erased), ``barcodes`` those found on
    it: their boxes locate the stickers.
    """
    for region in _label_regions(barcodes, image, dpi=dpi):
        label = _read_region(image, region, dpi=dpi, languages=languages)
        if label:
            words = _replace_region(words, region, label)
    return words


def read_label_zones(
    image: Image.Image, barcodes: tuple[Barcode, ...], *, dpi: int, languages: str
) -> tuple[tuple[Box, ...], list[OcrWord]]:
    """Every sticker region beside a linear barcode, and its words, read before the body.

    Reading the label first lets the caller decide how finely the rest of the page must
    be read (``extract/ocr.py``); ``place_label_words`` then puts the words in the text.
    """
    regions = tuple(_label_regions(barcodes, image, dpi=dpi))
    words = [w for region in regions for w in _read_region(image, region, dpi=dpi, languages=languages)]  # fmt: skip
    return regions, words


def place_label_words(
    words: list[OcrWord], regions: tuple[Box, ...], label: list[OcrWord]
) -> list[OcrWord]:
    """The body's ``words`` with each region's label words merged in where the sticker
    sits, word by word as ``read_labels`` merges them."""
    for region in regions:
        inside = [w for w in label if centre_inside(w.box, region)]
        label = [w for w in label if not centre_inside(w.box, region)]
        if inside:
            words = _replace_region(words, region, inside)
    return words


def _label_regions(barcodes: tuple[Barcode, ...], image: Image.Image, *, dpi: int) -> Iterator[Box]:
    """The sticker around each linear barcode (stickers carry Code 128 or 39), clipped."""
    left_in, above_in, right_in, below_in = LABEL_MARGINS_INCH
    for barcode in barcodes:
        if barcode.format not in LINEAR_FORMATS or barcode.box is None:
            continue
        box = barcode.box
        left = max(0, box.left - round(left_in * dpi))
        top = max(0, box.top - round(above_in * dpi))
        right = min(image.width, box.left + box.width + round(right_in * dpi))
        bottom = min(image.height, box.top + box.height + round(below_in * dpi))
        yield Box(left, top, right - left, bottom - top)


def _read_region(image: Image.Image, region: Box, *, dpi: int, languages: str) -> list[OcrWord]:
    """The sticker read on its own, as one block, upscaled; boxes back in page pixels."""
    crop = image.crop(corners(region))
    factor = max(1.0, LABEL_DPI / dpi)
    if factor > 1:
        size = (round(crop.width * factor), round(crop.height * factor))
        crop = crop.resize(size, Image.Resampling.LANCZOS)
    words = read_words(crop, dpi=round(dpi * factor), psm=LABEL_PSM, languages=languages)
    return [
        replace(
            word,
            box=shift_box(scale_box(word.box, 1 / factor, 1 / factor), region),
            line=(_LABEL_BLOCK, *word.line[1:]),
        )
        for word in words
    ]


def _replace_region(words: list[OcrWord], region: Box, label: list[OcrWord]) -> list[OcrWord]:
    """The main pass with the region's words replaced by the merged reading.

    The sticker's lines go before the first main line that starts below the region's top,
    so that name, birth date and IPP stay together in the text.
    """
    inside = [w for w in words if centre_inside(w.box, region)]
    kept = [w for w in words if not centre_inside(w.box, region)]
    at = next((i for i, w in enumerate(kept) if w.box.top >= region.top), len(kept))
    return [*kept[:at], *_merged(label, inside), *kept[at:]]


def _merged(label: list[OcrWord], inside: list[OcrWord]) -> list[OcrWord]:
    """The label pass's lines, each word from the more confident reading; then the main
    pass's confident words that the label pass did not find at all."""
    merged = []
    for word in label:
        twin = _twin(word, inside)
        if twin is not None and twin.confidence > word.confidence:
            word = replace(word, text=twin.text, confidence=twin.confidence)
        merged.append(word)
    missed = [w for w in inside if w.confidence >= KEEP_CONFIDENCE and _twin(w, label) is None]
    return [*merged, *missed]


def _twin(word: OcrWord, others: list[OcrWord]) -> OcrWord | None:
    """The word of ``others`` at the same place as ``word``, if any."""
    best = max(others, key=lambda other: overlap(word.box, other.box), default=None)
    if best is None or overlap(word.box, best.box) <= SAME_WORD_OVERLAP:
        return None
    return best
