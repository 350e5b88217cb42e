"""Read scanned pages with Tesseract: the text, each word's box, and the barcodes.

Hospitals leak scans: faxed referrals, printed-and-signed reports, ID cards. Their only
text is what Tesseract reads, and what matters most on them is the patient label (family
name, given name, birth date, IPP) that the hospital sticks on every sheet, usually with a
barcode of the IPP. So a page is read in this order:

1. *triage*: a blank page (scanner noise only) is not OCR'd;
2. *barcodes* on the page image (``barcodes.read_barcodes``);
3. *main pass*: Tesseract, ``fra``, automatic page segmentation, barcodes whitened out;
4. *orientation*, only when the main pass reads little: OSD, rotate, read again, keep the
   better reading;
5. *label pass*: around each linear barcode (a patient sticker), the region is read again on
   its own as one block, upscaled; its words replace the main pass's words there. The main
   pass often fuses the sticker lines with the header lines beside them ("Val-Fictif POP
   CNT Hélène") and misreads the bold capitals of the family name; on its own the
   sticker reads cleanly.

Tesseract runs in-process through ``tesserocr`` (one engine per process, kept loaded).

Measurements (``benchmarks/bench_ocr.py``; 2 CPU cores; one process; A4 report pages with a
label block, a Code 128 barcode and clinical text, printed then "scanned" by
``synth.degrade.scan_pdf_pages`` at 200 or 300 dpi, skew ±3°, blur, noise, JPEG or fax):

- engine, 200 dpi, psm 3: tesserocr 2.8 pages/s; pytesseract (a process per page)
  1.2 pages/s with ``OMP_THREAD_LIMIT=1``, 0.37 pages/s with OpenMP left on.
- see ``_MEASURED`` below for accuracy per resolution and segmentation mode.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

from leakmap.errors import MissingDependency
from leakmap.extract.barcodes import read_barcodes
from leakmap.extract.deskew import level, unlevel
from leakmap.extract.document import Barcode, Box, TextBlock

#: Resolution at which PDF pages without a text layer are rendered for OCR (measured: see
#: the module docstring; 200 dpi reads labels as well as 300, 1.5x faster).
OCR_DPI = 200
#: Word and barcode boxes of PDF pages are given in pixels at this resolution, whatever the
#: OCR resolution, because the review app renders page regions at 300 dpi.
BOX_DPI = 300
#: Images scanned finer than this are read at this resolution (boxes mapped back).
MAX_OCR_DPI = 300
#: Tesseract languages: French only (``fra+eng`` measured slower and no better).
LANGUAGES = "fra"
#: Share of dark pixels (on a small thumbnail) under which a page is blank.
BLANK_INK_SHARE = 0.0005
#: A main pass whose mean word confidence is below this asks OSD for the orientation.
LOW_CONFIDENCE = 60.0
#: OSD orientation confidence above which the page is turned.
OSD_CONFIDENCE = 2.0
#: Around a linear barcode, the sticker region in inches: left, above, right, below.
LABEL_MARGINS_INCH = (0.25, 1.2, 0.5, 0.25)
#: Resolution the sticker region is upscaled to for the label pass.
LABEL_DPI = 300
_LABEL_FORMATS = frozenset({"Code128", "Code39"})
_POINTS_PER_INCH = 72
_TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How a page is OCR'd; the defaults are the measured choices (benchmarks vary them)."""

    dpi: int = OCR_DPI
    psm: int = 3
    languages: str = LANGUAGES
    label_pass: bool = True


DEFAULT_OPTIONS = OcrOptions()


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    box: Box
    confidence: float
    line: tuple[int, int, int]


def tesseract_available() -> bool:
    """Whether pages can be OCR'd here: ``tesserocr`` imports and the language data exists."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return _tessdata_dir() is not None


def ocr_image(
    image: Image.Image, *, page: int, dpi: int, options: OcrOptions = DEFAULT_OPTIONS
) -> TextBlock:
    """The text of one scanned page (``ocr=True``), word boxes in ``image`` pixels."""
    return ocr_scan(image, page=page, dpi=dpi, options=options)[0]


def ocr_pdf_page(
    page: pypdfium2.PdfPage, *, page_number: int, options: OcrOptions = DEFAULT_OPTIONS
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    """Render a PDF page at ``options.dpi``, then OCR it and read its barcodes.

    Boxes come back in pixels at ``BOX_DPI`` (the review app's rendering), not OCR pixels.
    """
    bitmap = page.render(scale=options.dpi / _POINTS_PER_INCH, grayscale=True)
    image = bitmap.to_pil().convert("L")
    block, barcodes = ocr_scan(image, page=page_number, dpi=options.dpi, options=options)
    factor = BOX_DPI / options.dpi
    return scale_boxes(block, barcodes, x=factor, y=factor)


def ocr_scan(
    image: Image.Image, *, page: int, dpi: int, options: OcrOptions = DEFAULT_OPTIONS
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    """OCR one page image scanned at ``dpi`` and read its barcodes; boxes in ``image`` pixels.

    Raises ``MissingDependency`` when Tesseract cannot run here: that stops a scan, it is
    not a problem of one leaked file.
    """
    grey = image.convert("L")
    if _is_blank(grey):
        return TextBlock(page=page, text="", ocr=True), ()
    factor = min(1.0, MAX_OCR_DPI / dpi) if dpi > 0 else 1.0
    work = _resize(grey, factor)
    work_dpi = round(dpi * factor) if dpi > 0 else MAX_OCR_DPI
    upright, angle = level(work, dpi=work_dpi)
    barcodes = read_barcodes(upright, page=page)
    words, turn = _read_oriented(_whiten(upright, barcodes), dpi=work_dpi, options=options)
    if options.label_pass and turn == 0:
        words = _read_labels(upright, words, barcodes, dpi=work_dpi, options=options)
    block = _text_block(words, page=page)
    return _map_boxes(
        block, barcodes, lambda box: _scale(unlevel(box, angle=angle, size=work.size), 1 / factor)
    )


def scale_boxes(
    block: TextBlock, barcodes: tuple[Barcode, ...], *, x: float, y: float
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    """The same reading with every box scaled (from OCR pixels to a caller's pixels)."""
    if x == 1 and y == 1:
        return block, barcodes
    return _map_boxes(block, barcodes, lambda box: _scale(box, x, y))


def _map_boxes(
    block: TextBlock, barcodes: tuple[Barcode, ...], move: Callable[[Box], Box]
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    words = tuple((start, end, move(box)) for start, end, box in block.words)
    moved = tuple(replace(b, box=move(b.box) if b.box else None) for b in barcodes)
    return replace(block, words=words), moved


# --- the engine ---------------------------------------------------------------------------


@functools.cache
def _tessdata_dir() -> str | None:
    """The folder holding ``fra.traineddata``: ``TESSDATA_PREFIX`` first, then usual places."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, str(Path(prefix) / "tessdata")] if prefix else []
    for folder in [*candidates, *_TESSDATA_CANDIDATES]:
        if all((Path(folder) / f"{lang}.traineddata").is_file() for lang in LANGUAGES.split("+")):
            return folder.rstrip("/") + "/"
    return None


_ENGINE_LOCK = threading.Lock()


@functools.cache
def _engine(languages: str) -> object:
    """One Tesseract per process and language set: loading the model costs ~0.2 s."""
    import tesserocr

    folder = _tessdata_dir()
    if folder is None:
        raise MissingDependency(
            f"Tesseract language data for '{languages}' not found; install the Debian "
            "packages tesseract-ocr and tesseract-ocr-fra, or set TESSDATA_PREFIX"
        )
    return tesserocr.PyTessBaseAPI(path=folder, lang=languages, oem=tesserocr.OEM.LSTM_ONLY)


def _tesseract_tsv(image: Image.Image, *, dpi: int, psm: int, languages: str) -> str:
    try:
        api = _engine(languages)
    except ImportError as error:
        raise MissingDependency("tesserocr is not installed; pip install tesserocr") from error
    with _ENGINE_LOCK:
        api.SetPageSegMode(psm)  # type: ignore[attr-defined]
        api.SetImage(image)  # type: ignore[attr-defined]
        api.SetSourceResolution(dpi)  # type: ignore[attr-defined]
        api.Recognize()  # type: ignore[attr-defined]
        return str(api.GetTSVText(0))  # type: ignore[attr-defined]


def _read_words(image: Image.Image, *, dpi: int, psm: int, languages: str) -> list[_Word]:
    """Tesseract's words (level 5 rows of its TSV), empty ones dropped."""
    words = []
    for row in _tesseract_tsv(image, dpi=dpi, psm=psm, languages=languages).splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        line = (int(cells[2]), int(cells[3]), int(cells[4]))
        words.append(
            _Word(cells[11].strip(), Box(left, top, width, height), float(cells[10]), line)
        )
    return words


# --- orientation --------------------------------------------------------------------------


def _read_oriented(image: Image.Image, *, dpi: int, options: OcrOptions) -> tuple[list[_Word], int]:
    """The main pass, and the quarter turn it needed (0, 90, 180, 270 counter-clockwise).

    OSD and a second reading run only when the first reading is poor: most pages are
    upright, and OSD plus a second pass would double their cost.
    """
    words = _read_words(image, dpi=dpi, psm=options.psm, languages=options.languages)
    if not _reads_poorly(words):
        return words, 0
    turn = _osd_turn(image, dpi=dpi)
    if turn == 0:
        return words, 0
    turned = image.rotate(turn, expand=True, fillcolor=255)
    again = _read_words(turned, dpi=dpi, psm=options.psm, languages=options.languages)
    if _quality(again) <= _quality(words):
        return words, 0
    return [replace(w, box=_unturn(w.box, turn, image.size)) for w in again], turn


def _reads_poorly(words: list[_Word]) -> bool:
    """Upside-down or sideways text reads as short words of low confidence, or as nothing."""
    if not words:
        return True
    return sum(w.confidence for w in words) / len(words) < LOW_CONFIDENCE


def _quality(words: list[_Word]) -> float:
    """Sum of confidences of confident words: more well-read words is a better reading."""
    return sum(w.confidence for w in words if w.confidence >= LOW_CONFIDENCE)


def _osd_turn(image: Image.Image, *, dpi: int) -> int:
    """Degrees (counter-clockwise) that turn the page upright, 0 when unsure."""
    api = _osd_engine()
    with _ENGINE_LOCK:
        api.SetImage(image)  # type: ignore[attr-defined]
        api.SetSourceResolution(dpi)  # type: ignore[attr-defined]
        found = api.DetectOrientationScript()  # type: ignore[attr-defined]
    if not found or found["orient_conf"] < OSD_CONFIDENCE:
        return 0
    return int(found["orient_deg"]) % 360


@functools.cache
def _osd_engine() -> object:
    import tesserocr

    folder = _tessdata_dir()
    if folder is None or not (Path(folder) / "osd.traineddata").is_file():
        raise MissingDependency("Tesseract osd data not found; install tesseract-ocr (Debian)")
    return tesserocr.PyTessBaseAPI(path=folder, lang="osd", psm=tesserocr.PSM.OSD_ONLY)


def _unturn(box: Box, turn: int, size: tuple[int, int]) -> Box:
    """A box on the page turned by ``turn`` degrees, back on the page as scanned."""
    width, height = size
    right, bottom = box.left + box.width, box.top + box.height
    if turn == 90:  # turned counter-clockwise: x' = y, y' = width - x
        return Box(width - bottom, box.left, box.height, box.width)
    if turn == 180:
        return Box(width - right, height - bottom, box.width, box.height)
    if turn == 270:  # turned clockwise: x' = height - y, y' = x
        return Box(box.top, height - right, box.height, box.width)
    return box


# --- the label pass -----------------------------------------------------------------------


def _read_labels(
    image: Image.Image,
    words: list[_Word],
    barcodes: tuple[Barcode, ...],
    *,
    dpi: int,
    options: OcrOptions,
) -> list[_Word]:
    """Each sticker read again on its own, merged word by word with the main pass."""
    for region in _label_regions(barcodes, image, dpi=dpi):
        label = _read_label(image, region, barcodes, options)
        inside = [w for w in words if _centre_inside(w.box, region)]
        words = _replace_region(words, region, _best_of(label, inside))
    return words


def _best_of(label: list[_Word], inside: list[_Word]) -> list[_Word]:
    """The label pass's lines, each word taken from whichever pass read it more confidently.

    The two passes fail differently (the main pass garbles the bold family name, the label
    pass sometimes an IPP beside the frame), so the same word, found at the same place by
    both, is taken from the more confident reading.
    """
    merged = []
    for word in label:
        twin = max(inside, key=lambda other: _overlap(word.box, other.box), default=None)
        if twin and _overlap(word.box, twin.box) > 0.5 and twin.confidence > word.confidence:
            word = replace(word, text=twin.text, confidence=twin.confidence)
        merged.append(word)
    return merged


def _overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes, 0..1."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    common = width * height
    return common / (a.width * a.height + b.width * b.height - common)


def _label_regions(barcodes: tuple[Barcode, ...], image: Image.Image, *, dpi: int) -> Iterator[Box]:
    """The sticker around each linear barcode, clipped to the page."""
    left_in, above_in, right_in, below_in = LABEL_MARGINS_INCH
    for barcode in barcodes:
        if barcode.format not in _LABEL_FORMATS or barcode.box is None:
            continue
        box = barcode.box
        left = max(0, box.left - round(left_in * dpi))
        top = max(0, box.top - round(above_in * dpi))
        right = min(image.width, box.left + box.width + round(right_in * dpi))
        bottom = min(image.height, box.top + box.height + round(below_in * dpi))
        yield Box(left, top, right - left, bottom - top)


def _read_label(
    image: Image.Image, region: Box, barcodes: tuple[Barcode, ...], options: OcrOptions
) -> list[_Word]:
    """The sticker read on its own, as one block, upscaled; boxes back in page pixels."""
    crop = _whiten(image, barcodes).crop(_corners(region))
    factor = max(1.0, LABEL_DPI / options.dpi)
    words = _read_words(_resize(crop, factor), dpi=LABEL_DPI, psm=6, languages=options.languages)
    return [
        replace(
            w, box=_shift(_scale(w.box, 1 / factor, 1 / factor), region), line=(-1, *w.line[1:])
        )
        for w in words
    ]


def _replace_region(words: list[_Word], region: Box, label: list[_Word]) -> list[_Word]:
    """Main-pass words inside ``region`` give way to the label pass's, placed in reading order.

    The label lines go before the first main line that starts below the region's top, so
    that the name, birth date and IPP stay together in the text.
    """
    if not label:
        return words
    kept = [w for w in words if not _centre_inside(w.box, region)]
    at = next((i for i, w in enumerate(kept) if w.box.top >= region.top), len(kept))
    return [*kept[:at], *label, *kept[at:]]


# --- text assembly ------------------------------------------------------------------------


def _text_block(words: list[_Word], *, page: int) -> TextBlock:
    """Words joined by spaces, lines by newlines, blocks by a blank line; offsets kept."""
    parts: list[str] = []
    spans: list[tuple[int, int, Box]] = []
    offset = 0
    previous: tuple[int, int, int] | None = None
    for word in words:
        if previous is not None:
            separator = _separator(previous, word.line)
            parts.append(separator)
            offset += len(separator)
        parts.append(word.text)
        spans.append((offset, offset + len(word.text), word.box))
        offset += len(word.text)
        previous = word.line
    return TextBlock(page=page, text="".join(parts), ocr=True, words=tuple(spans))


def _separator(previous: tuple[int, int, int], line: tuple[int, int, int]) -> str:
    if previous == line:
        return " "
    return "\n" if previous[:2] == line[:2] else "\n\n"


# --- pixels -------------------------------------------------------------------------------


def _is_blank(image: Image.Image) -> bool:
    return _ink_share(image) < BLANK_INK_SHARE


def _ink_share(image: Image.Image) -> float:
    """Share of dark pixels on a thumbnail (averaging first, so that noise is not ink)."""
    thumbnail = image.reduce(4) if min(image.size) >= 64 else image
    histogram = thumbnail.histogram()
    return sum(histogram[:128]) / max(1, thumbnail.width * thumbnail.height)


def _whiten(image: Image.Image, barcodes: tuple[Barcode, ...]) -> Image.Image:
    """A copy with barcode boxes painted white: bars read as rows of "|" and "I"."""
    boxes = [b.box for b in barcodes if b.box is not None]
    if not boxes:
        return image
    copy = image.copy()
    draw = ImageDraw.Draw(copy)
    for box in boxes:
        left, top, right, bottom = _corners(box)
        draw.rectangle((left - 3, top - 3, right + 3, bottom + 3), fill=255)
    return copy


def _resize(image: Image.Image, factor: float) -> Image.Image:
    if factor == 1:
        return image
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _scale(box: Box, x: float, y: float | None = None) -> Box:
    y = x if y is None else y
    return Box(round(box.left * x), round(box.top * y), round(box.width * x), round(box.height * y))


def _shift(box: Box, origin: Box) -> Box:
    return Box(box.left + origin.left, box.top + origin.top, box.width, box.height)


def _corners(box: Box) -> tuple[int, int, int, int]:
    return (box.left, box.top, box.left + box.width, box.top + box.height)


def _centre_inside(box: Box, region: Box) -> bool:
    x, y = box.left + box.width / 2, box.top + box.height / 2
    return (
        region.left <= x <= region.left + region.width
        and region.top <= y <= region.top + region.height
    )
