"""Read scanned pages with Tesseract: the text, each word's box, and the barcodes.

Hospitals leak scans: faxed referrals, printed-and-signed reports, ID cards. Their only
text is what Tesseract reads, and what matters most on them is the patient label (family
name, given name, birth date, IPP) that the hospital sticks on every sheet, usually with a
barcode of the IPP. So a page is read in this order, one call per step in ``ocr_scan``:

1. *triage* (``page_triage``): a blank page (scanner noise only) and a photograph (a
   dark paper tone, little paper) are not OCR'd: plain 300 dpi Tesseract spent 3.6 CPU s
   on a noisy blank page, the statistics take about a millisecond;
2. *resolution*: pages scanned finer than 300 dpi are read at 300 dpi;
3. *orientation*: a page whose lines run vertically (``deskew.lines_run_vertically``, a
   few ms) is given to OSD for its quarter turn before it is read; an upside-down page is
   caught later, by a poor reading (step 8);
4. *deskew* (``deskew.level``): a page more than 0.4° askew is turned level;
5. *barcodes* (``barcodes.read_barcodes``; bar-textured regions it left undecoded are
   read closely by ``barcode_rescue.rescue_barcodes``), then erased from the page for OCR;
   a page with no ink left is a barcode-only page: its barcodes are its reading;
6. *label zone first* (``labels.read_label_zones``): each sticker beside a linear barcode
   is read on its own, upscaled to 300 dpi, as one block (psm 6);
7. *body* (``tesseract.read_words``, ``fra``, LSTM only, psm 3, one engine per process):
   a label that settled the person (a decoded IPP barcode and a birth date on the
   sticker) leaves the body only its categories to give, so it is read at ``BODY_DPI``;
   otherwise at ``UNSETTLED_DPI``; the label's words are merged in word by word;
8. a poor reading (mean confidence under 60) of a level page asks OSD, and a page it
   finds turned is read again, keeping the better reading;
9. every box is mapped back onto the image as given (turned, levelled, resized back).

Reading smart (issue 15), measured by the OCR table of ``benchmarks/bench_ocr.py`` (2
shared cores under load 8 to 11, readers interleaved page by page; CPU s/page). 24
generated pages (21 report pages of the generator's templates scanned at 150-300 dpi, a
blank page, a photo, a barcode sheet), recall against the text PDF:

=========================================  =====  ======  =====  ======  ==========
reader                                     all    report  words  labels  categories
=========================================  =====  ======  =====  ======  ==========
plain ``tesseract -l fra`` 300 dpi, psm 3  0.787  0.658   0.961  44/46   46/46
before (``smart=False``)                   0.713  0.712   0.991  46/46   46/46
smart, unsettled body 200 dpi (default)    0.600  0.680   0.989  46/46   46/46
smart, unsettled body 150 dpi              0.546  0.618   0.990  46/46   46/46
=========================================  =====  ======  =====  ======  ==========

Plain Tesseract spent 4.3 s on the blank page and 0.41 on the photo, the smart path
0.002; the barcode sheet cost 0.12 (1.72 before: barcodes, rescue and an empty OCR).
On 12 pages whose label settled the person, the body at 150/200/300 dpi: 0.687/0.769/
0.855 CPU s/page, labels 36/35/35 of 36, categories 31/31 each (plain: 0.697, 30/36,
30/31). So 1.31x plain on the mix and 0.97x on report pages alone (1.44x and 1.06x
with every body at 150 dpi, which the hospital check refused): Tesseract's own
recognition of a page's lines (0.39 CPU s at 150 dpi, 0.67 at 300) bounds what reading
at a lower resolution gives; psm 6 on the body read fewer words (0.90 against 0.95) and
``tessedit_do_invert`` or dictionaries off changed nothing (``fra`` here is the LSTM-only
fast model, one engine per process already). The ≥ 2x of issue 15 is met only where a
dump holds many pages that are not text.

Measured with ``benchmarks/bench_ocr.py`` (2 shared CPU cores, one process; 30 A4 report
pages with a framed label beside the header, a Code 128 of the IPP and clinical text,
"scanned" by ``synth.degrade.scan_pdf_pages`` at 200 or 300 dpi: skew up to 3°, blur,
noise, JPEG or fax). "labels" counts pages whose family name, given name, birth date and
IPP are all in the text; "words" is the share of clinical words read exactly:

=====  ===  =====  ======  ==========  ======  ======  ========
dpi    psm  label  deskew  CPU s/page  labels  words   barcodes
=====  ===  =====  ======  ==========  ======  ======  ========
150    3    on     on      0.41        30/30   0.986   26/30
200    3    off    on      0.48        14/30   0.983   30/30
200    3    on     off     0.49        30/30   0.940   30/30
200    3    on     on      0.51        30/30   0.983   30/30
200    6    on     on      0.46        30/30   0.983   30/30
200    11   on     on      0.51        30/30   0.983   30/30
250    3    on     on      0.64        30/30   0.985   28/30
300    3    off    on      0.78        16/30   0.980   29/30
300    3    on     on      0.81        30/30   0.980   29/30
=====  ===  =====  ======  ==========  ======  ======  ========

Barcodes alone (``--barcodes``, 200 other pages): 200/200 decoded at 200 dpi and at 300,
181/200 at 150 dpi; 0.09 CPU s/page at 200 dpi. Since the generator renders scans through
a 600 dpi sensor (``synth.degrade.render_page``), 60/60 decode at 150, 200 and 300 dpi;
the rescue pass costs 0.012 CPU s/page at 200 dpi on top (0.023 at 300). On generated
hospitals (``benchmarks/bench_scans.py``, labels with 0.25-0.38 mm modules, a quarter of
scans faxed) it lifts the IPP read at 200 dpi from 42/44 to 43/44 (seed 3) and 46/48 to
47/48 (seed 5); with the rescue, this path read 20 pages at 1.93 pages/s (0.52 CPU
s/page) against 1.18 pages/s for ``tesseract -l fra`` at 300 dpi with one thread and 0.34
with OpenMP as installed.

Hence 200 dpi (as accurate as 300, 1.6x less CPU; 150 dpi loses barcodes), the label
pass (+16 labels for 0.03 s/page), deskew (+4 points of words for 0.02 s/page: without
it Tesseract dropped whole paragraphs of pages skewed by 3°), psm 3 (6 and 11 are no
better here, and 3 is the one that follows columns and tables). ``fra`` alone: on a first
sample of 6 pages without label pass, ``fra+eng`` read no more family names (4/6 at 200
dpi either way, 4/6 against 5/6 at 300) and was 20% slower.
Speed on 20 pages, one process: this path 0.51 CPU s/page, everything above included
(1.5 to 1.9 pages/s on the shared cores); ``tesseract -l fra`` at 300 dpi, a process per
page, 0.72 CPU s/page with ``OMP_THREAD_LIMIT=1`` (1.3 pages/s) and 2.6 to 2.8 CPU s/page
with OpenMP as installed (0.2 to 0.4 pages/s: its threads fight for the cores).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pypdfium2
from PIL import Image

from leakmap.extract.barcode_rescue import rescue_barcodes
from leakmap.extract.barcodes import LINEAR_FORMATS, erase_barcodes, read_barcodes
from leakmap.extract.boxes import scale_box
from leakmap.extract.deskew import level, lines_run_vertically, unlevel
from leakmap.extract.document import Barcode, Box, TextBlock
from leakmap.extract.labels import place_label_words, read_label_zones, read_labels
from leakmap.extract.page_triage import PageTriage, count_page, is_blank, looks_like_photo
from leakmap.extract.tesseract import (
    LANGUAGES,
    OcrWord,
    detect_turn,
    read_words,
    tesseract_available,
)

__all__ = [
    "OcrOptions",
    "ocr_image",
    "ocr_pdf_page",
    "ocr_scan",
    "scale_boxes",
    "tesseract_available",
]

#: Resolution at which PDF pages without a text layer are rendered for OCR (measured: see
#: the module docstring).
OCR_DPI = 200
#: Word and barcode boxes of PDF pages are given in pixels at this resolution, whatever the
#: OCR resolution, because the review app renders page regions at 300 dpi.
BOX_DPI = 300
#: Images scanned finer than this are read at this resolution (boxes mapped back).
MAX_OCR_DPI = 300
#: Pixels a PDF page is rendered to, at most (A3 at 300 dpi is 17 million, A2 at 200 dpi
#: 19 million). A page may declare 14,400 pt a side: at ``OCR_DPI`` that is 1.6 billion
#: pixels (4.8 GB and 24 s in one worker), so such a page is rendered at the resolution
#: that fits instead (25 dpi: 0.13 GB; an all-dark one 0.41 GB, 1.6 s).
MAX_RENDER_PIXELS = 25_000_000
#: Resolution of a page's body once its label settled the person: the body then only
#: gives the categories, which 150 dpi reads as well as 200 (``benchmarks/bench_ocr.py``).
BODY_DPI = 150
#: Resolution of a page's body when no label settled the person: names, birth dates and
#: IPPs must then come from the body. 150 dpi read the 46 label fields of 24 generated
#: pages as 200 did (0.62 CPU s/page against 0.68), but on the seed-3 hospital (3,000
#: patients, 300 files, scanned share 0.5) it lost a birth date and a pathology category
#: on two files (file categories 1190/1214 against 1191/1213): so 200.
UNSETTLED_DPI = OCR_DPI
#: A reading whose mean word confidence is below this asks OSD whether the page is turned.
LOW_CONFIDENCE = 60.0
_POINTS_PER_INCH = 72
_DATE = re.compile(r"\b\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:19|20)\d{2}\b")


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How a page is OCR'd; the defaults are the measured choices (benchmarks vary them)."""

    dpi: int = OCR_DPI
    psm: int = 3
    languages: str = LANGUAGES
    label_pass: bool = True
    deskew: bool = True
    #: Read smart (``_read_smart``): pages that are not text skipped, the label first, the
    #: body at ``body_dpi`` once the label settled the person, at ``unsettled_dpi``
    #: otherwise (``dpi`` stays the PDF rendering and barcode resolution).
    smart: bool = True
    body_dpi: int = BODY_DPI
    unsettled_dpi: int = UNSETTLED_DPI


DEFAULT_OPTIONS = OcrOptions()


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
    dpi = render_dpi(page.get_size(), dpi=options.dpi)
    bitmap = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True)
    image = bitmap.to_pil().convert("L")
    block, barcodes = ocr_scan(image, page=page_number, dpi=dpi, options=options)
    factor = BOX_DPI / dpi
    return scale_boxes(block, barcodes, x=factor, y=factor)


def render_dpi(size_pt: tuple[float, float], *, dpi: int) -> int:
    """``dpi``, or the lower resolution at which a page of ``size_pt`` (width, height in
    points) fits ``MAX_RENDER_PIXELS``: a huge page is read coarser, never rendered whole."""
    width, height = (max(abs(side), 1.0) / _POINTS_PER_INCH for side in size_pt)
    fitting = math.sqrt(MAX_RENDER_PIXELS / (width * height))
    return max(1, min(dpi, math.floor(fitting)))


def ocr_scan(
    image: Image.Image, *, page: int, dpi: int, options: OcrOptions = DEFAULT_OPTIONS
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    """OCR one page image scanned at ``dpi`` and read its barcodes; boxes in ``image`` pixels.

    Raises ``MissingDependency`` when Tesseract cannot run here: that stops a scan, it is
    not a problem of one leaked file.
    """
    if dpi <= 0:
        raise ValueError(f"scan resolution must be positive, got {dpi} dpi")
    grey = image.convert("L")
    skipped = _not_text(grey, options=options)
    if skipped is not None:
        count_page(skipped)
        return TextBlock(page=page, text="", ocr=True), ()
    factor = min(1.0, MAX_OCR_DPI / dpi)
    work, work_dpi = _resize(grey, factor), round(dpi * factor)
    sideways = lines_run_vertically(work, dpi=work_dpi)
    turn = detect_turn(work, dpi=work_dpi) if sideways else 0
    reading = _read_turned(work, turn, page=page, dpi=work_dpi, options=options)
    if not sideways and _reads_poorly(reading.words):
        reading = _read_upside_down(work, reading, page=page, dpi=work_dpi, options=options)
    block = _text_block(list(reading.words), page=page)
    return scale_boxes(block, reading.barcodes, x=1 / factor, y=1 / factor)


def _not_text(grey: Image.Image, *, options: OcrOptions) -> PageTriage | None:
    """Why the page is not read at all (blank; a photograph, when reading smart), or None."""
    if is_blank(grey):
        return PageTriage.BLANK
    return PageTriage.PHOTO if options.smart and looks_like_photo(grey) else None


def scale_boxes(
    block: TextBlock, barcodes: tuple[Barcode, ...], *, x: float, y: float
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    """The same reading with every box scaled (from OCR pixels to a caller's pixels)."""
    if x == 1 and y == 1:
        return block, barcodes
    return _map_boxes(block, barcodes, lambda box: scale_box(box, x, y))


def _map_boxes(
    block: TextBlock, barcodes: tuple[Barcode, ...], move: Callable[[Box], Box]
) -> tuple[TextBlock, tuple[Barcode, ...]]:
    words = tuple((start, end, move(box)) for start, end, box in block.words)
    moved = tuple(replace(b, box=move(b.box) if b.box else None) for b in barcodes)
    return replace(block, words=words), moved


# --- one reading -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    """Words and barcodes of a page, boxes on the page image as it came."""

    words: tuple[OcrWord, ...]
    barcodes: tuple[Barcode, ...]


def _read_turned(
    work: Image.Image, turn: int, *, page: int, dpi: int, options: OcrOptions
) -> _Reading:
    """The page read after a quarter turn (0, 90, 180, 270 counter-clockwise) and levelling;
    every box is turned back onto ``work``."""
    turned = work.rotate(turn, expand=True, fillcolor=255) if turn else work
    upright, angle = level(turned, dpi=dpi) if options.deskew else (turned, 0.0)
    barcodes = read_barcodes(upright, page=page)
    # Levelling resamples the page and can blur thin bars; zxing reads a slight skew itself,
    # so a barcode missed on the levelled page is looked for on the page as scanned.
    unlevelled = () if barcodes or not angle else read_barcodes(turned, page=page)
    # A label's barcode faxed or blurred past the whole-page read: its bar-textured region
    # read closely (``barcode_rescue``), a few ms on a page without bars.
    barcodes += rescue_barcodes(upright, page=page, dpi=dpi, known=barcodes + unlevelled)
    clean = erase_barcodes(upright, barcodes)
    if options.smart:
        words = _read_smart(clean, barcodes, dpi=dpi, options=options)
    else:
        words = read_words(clean, dpi=dpi, psm=options.psm, languages=options.languages)
        if options.label_pass:
            words = read_labels(clean, words, barcodes, dpi=dpi, languages=options.languages)

    def back(box: Box) -> Box:
        return _unturn(unlevel(box, angle=angle, size=turned.size), turn, work.size)

    def back_unlevelled(box: Box) -> Box:
        return _unturn(box, turn, work.size)

    return _Reading(
        tuple(replace(w, box=back(w.box)) for w in words),
        tuple(replace(b, box=back(b.box) if b.box else None) for b in barcodes)
        + tuple(replace(b, box=back_unlevelled(b.box) if b.box else None) for b in unlevelled),
    )


def _read_smart(
    clean: Image.Image, barcodes: tuple[Barcode, ...], *, dpi: int, options: OcrOptions
) -> list[OcrWord]:
    """The label zone first, then the body only as finely as the answer needs.

    A page with nothing left once its barcodes are erased is a barcode-only page: the
    barcodes are its reading. A label that settled the person (``label_settles``) leaves
    the body only its categories to give: it is read at ``options.body_dpi``. Otherwise
    the body may hold the only name on the page and is read at ``options.unsettled_dpi``
    (barcodes and the label zone are read at the page's resolution, up to 300 dpi).
    The label's words are merged into the body's as the label pass merges them.
    """
    if is_blank(clean):
        count_page(PageTriage.BARCODES_ONLY)
        return []
    regions, label = read_label_zones(clean, barcodes, dpi=dpi, languages=options.languages)
    settled = _label_settles(label, barcodes)
    count_page(PageTriage.LABEL_SETTLED if settled else PageTriage.BODY_FULL)
    body_dpi = min(dpi, options.body_dpi if settled else options.unsettled_dpi)
    factor = body_dpi / dpi
    words = read_words(_resize(clean, factor), dpi=body_dpi, psm=options.psm, languages=options.languages)  # fmt: skip
    if factor != 1:
        words = [replace(w, box=scale_box(w.box, 1 / factor, 1 / factor)) for w in words]
    return place_label_words(words, regions, label)


def _label_settles(label: list[OcrWord], barcodes: tuple[Barcode, ...]) -> bool:
    """Whether a label names its patient beyond doubt: a decoded linear barcode (the IPP)
    and a birth date read on the sticker; a name alone may be a homonym's."""
    text = " ".join(w.text for w in label)
    return any(b.format in LINEAR_FORMATS for b in barcodes) and bool(_DATE.search(text))


def _read_upside_down(
    work: Image.Image, first: _Reading, *, page: int, dpi: int, options: OcrOptions
) -> _Reading:
    """A poor first reading of a page whose lines run level: OSD, and if it says the page
    is turned, a second reading; the better of the two is kept.

    Only poor readings pay for OSD: most pages are upright and read well.
    """
    turn = detect_turn(work, dpi=dpi)
    if turn == 0:
        return first
    again = _read_turned(work, turn, page=page, dpi=dpi, options=options)
    return again if _quality(again.words) > _quality(first.words) else first


# --- orientation --------------------------------------------------------------------------


def _reads_poorly(words: tuple[OcrWord, ...]) -> bool:
    """Upside-down or sideways text reads as short words of low confidence, or as nothing."""
    if not words:
        return True
    return sum(w.confidence for w in words) / len(words) < LOW_CONFIDENCE


def _quality(words: tuple[OcrWord, ...]) -> float:
    """Sum of confidences of confident words: more well-read words is a better reading."""
    return sum(w.confidence for w in words if w.confidence >= LOW_CONFIDENCE)


def _unturn(box: Box, turn: int, size: tuple[int, int]) -> Box:
    """A box on the page turned by ``turn`` degrees (``expand=True``), back on the page."""
    width, height = size
    right, bottom = box.left + box.width, box.top + box.height
    if turn == 90:  # turned counter-clockwise: x' = y, y' = width - x
        return Box(width - bottom, box.left, box.height, box.width)
    if turn == 180:
        return Box(width - right, height - bottom, box.width, box.height)
    if turn == 270:  # turned clockwise: x' = height - y, y' = x
        return Box(box.top, height - right, box.height, box.width)
    return box


# --- text assembly ------------------------------------------------------------------------


def _text_block(words: list[OcrWord], *, page: int) -> TextBlock:
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


def _resize(image: Image.Image, factor: float) -> Image.Image:
    if factor == 1:
        return image
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)
