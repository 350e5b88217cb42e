"""OCR table (issue 15 point 2): plain full-page Tesseract against leakmap's reading.

Pages come from the generator: report kinds of ``synth.templates`` drawn for fictitious
patients, printed by ``synth.render_pdf`` (label, Code 128 of the IPP) and scanned by
``synth.degrade`` at the scanner resolutions of ``synth.render_scan``; the text PDF gives
each page's true text. Beside them, pages that are not text, as a leak holds them: blank
pages (``render_scan.scanned_page``), photographs, and label sheets with only barcodes.

Per reader: CPU and wall seconds per page, word recall (words of four letters or more of
the true text found in the OCR text), label recall (family name, birth date and IPP the
page prints, found in the OCR text or, for the IPP, in a decoded barcode), and category
recall (the health categories ``detect/health.py`` finds on the true text that it also
finds on the OCR text; ``extra`` counts categories found on the OCR text alone).

Baseline (24 pages, seed 11: 21 report pages, one blank, one photo, one barcode sheet;
2 shared cores, load 4.3; CPU s/page, the readers interleaved page by page):

=====================================  =====  =====  ======  =======  ==========
reader                                 all    report words  label    categories
=====================================  =====  =====  ======  =======  ==========
plain ``tesseract -l fra`` 300 dpi     0.763  0.661  0.961   44/46    46/46
leakmap ``ocr_scan`` before issue 15   0.704  0.699  0.991   46/46    46/46
=====================================  =====  =====  ======  =======  ==========

Read smart (same pages, load 10.8): plain 0.787 (reports 0.658), before 0.713 (0.712),
smart default (body at 150 dpi once the label settled the person, 200 otherwise) 0.600
(0.680): 1.31x plain overall, 0.97x on report pages; every body at 150 dpi 0.546
(0.618): 1.44x and 1.06x; words 0.989/0.990, labels 46/46, categories 46/46 each. The figures of each run are in ``extract/ocr.py``'s docstring.

Plain Tesseract spent 3.58 CPU s on the blank page (scanner noise), leakmap 0.001;
leakmap spent 1.76 s on the barcode sheet (barcodes, rescue, an empty OCR), plain 0.45.
"""

from __future__ import annotations

import io
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdfium2
from PIL import Image, ImageDraw, ImageFilter
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leakmap.detect.health import categories_of, find_health
from leakmap.detect.identifiers.place import Place
from leakmap.detect.text import fold, tokenize
from leakmap.extract.document import Barcode as FoundBarcode
from leakmap.extract.document import TextBlock
from leakmap.synth.casting import Cast
from leakmap.synth.degrade import degrade_scan, render_page
from leakmap.synth.people import KeyCounter, build_population
from leakmap.synth.plan import Report
from leakmap.synth.render_pdf import render_pdf
from leakmap.synth.render_scan import BAR_WIDTH_PT, SCAN_DPIS, SMALL_LABEL_PT, scanned_page
from leakmap.synth.templates import CATALOGUE, REPORT_FORMATS
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category

#: Resolution plain Tesseract reads at (the issue's yardstick).
PLAIN_DPI = 300
#: Share of the generated pages that are not text: blank, photo, barcodes only (each).
NOT_TEXT_SHARE = 0.05
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")  # fmt: skip
_REPORT_KINDS = tuple(kind for kind in CATALOGUE if kind.formats is REPORT_FORMATS)


@dataclass(frozen=True, slots=True)
class TablePage:
    """A scanned page, the resolution it was scanned at, and what is really on it."""

    image: Image.Image
    dpi: int
    kind: str  # report, blank, photo, barcodes
    text: str
    label: tuple[str, ...]  # fields the page prints: family name, birth date, IPP
    ipp: str
    categories: frozenset[Category]


@dataclass(slots=True)
class TableScore:
    """One reader over the pages: sums, divided when printed."""

    pages: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    words_found: int = 0
    words: int = 0
    label_found: int = 0
    label: int = 0
    categories_found: int = 0
    categories: int = 0
    extra_categories: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)


#: A reader: (image, dpi) -> the page's text and its decoded barcodes.
Reader = Callable[[Image.Image, int], tuple[str, tuple[str, ...]]]


def table_pages(count: int, *, seed: int) -> list[TablePage]:
    """``count`` pages: report pages of a small fictitious hospital, and a few that are not text."""
    rng = random.Random(seed)
    keys = KeyCounter()
    cast = Cast(rng, build_population(rng, patients=400, keys=keys), keys)
    odd = max(1, round(count * NOT_TEXT_SHARE))
    pages = [_blank(rng) for _ in range(odd)] + [_photo(rng) for _ in range(odd)]
    pages += [_barcodes_only(rng) for _ in range(odd)]
    while len(pages) < count:
        pages += _report_pages(rng, cast)
    return pages[:count]


def _report_pages(rng: random.Random, cast: Cast) -> list[TablePage]:
    desk = Desk(rng, cast, can_draw_barcode=True)
    report = rng.choice(_REPORT_KINDS).make(desk)
    assert isinstance(report, Report)
    small = rng.random() < 0.25
    dpis, weights = zip(*SCAN_DPIS, strict=True)
    dpi = rng.choices(dpis, weights)[0]
    bar = round(rng.uniform(*BAR_WIDTH_PT), 2)
    pdf = render_pdf(report, rng, label_size=SMALL_LABEL_PT if small and dpi >= 200 else None, bar_width=bar)  # fmt: skip
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for index in range(len(document)):
        text = document[index].get_textpage().get_text_range()
        image = degrade_scan(render_page(document[index], dpi=dpi), rng=rng, dpi=dpi)
        label, ipp = _label_fields(report, text)
        pages.append(TablePage(image, dpi, "report", text, label, ipp, health_categories(text, ocr=False)))  # fmt: skip
    document.close()
    return pages


def _label_fields(report: Report, text: str) -> tuple[tuple[str, ...], str]:
    """The patient's family name, birth date (as printed) and IPP, those the page prints."""
    if not report.exposures:
        return (), ""
    person = report.exposures[0].person
    flat = _flat(text)
    born = person.birth_date
    dates = (born.strftime("%d/%m/%Y"), born.strftime("%d.%m.%Y"), born.strftime("%d-%m-%Y"),
             born.isoformat(), f"{born.day} {_MONTHS[born.month - 1]} {born.year}",
             f"{born.day:02d} {_MONTHS[born.month - 1]} {born.year}")  # fmt: skip
    fields = [person.family_name] + [d for d in dates if _flat(d) in flat][:1]
    ipp = person.patient_id if person.patient_id and person.patient_id in text else ""
    fields += [ipp] if ipp else []
    return tuple(f for f in fields if _flat(f) in flat), ipp


def _blank(rng: random.Random) -> TablePage:
    image = Image.open(io.BytesIO(scanned_page(rng))).convert("L")
    return TablePage(image, 150, "blank", "", (), "", frozenset())


def _photo(rng: random.Random) -> TablePage:
    """A photograph (a wound, a scan of an X-ray film): smooth tones, no lines of text."""
    small = Image.effect_noise((62, 88), 60).filter(ImageFilter.GaussianBlur(3))
    image = small.resize((1240, 1754), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randint(100, 1100), rng.randint(100, 1600), rng.randint(60, 300)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(20, 220))
    image = image.filter(ImageFilter.GaussianBlur(8))
    return TablePage(degrade_scan(image, rng=rng, dpi=150), 150, "photo", "", (), "", frozenset())


def _barcodes_only(rng: random.Random) -> TablePage:
    """A sheet of barcode stickers without text (a specimen-tube sheet)."""
    ipp = str(rng.randint(10_000_000, 99_999_999))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    for row in range(3):
        code128.Code128(ipp, barHeight=30, barWidth=1.0, humanReadable=False).drawOn(sheet, 80, 700 - 90 * row)  # fmt: skip
    sheet.showPage()
    sheet.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    image = degrade_scan(render_page(document[0], dpi=200), rng=rng, dpi=200)
    document.close()
    return TablePage(image, 200, "barcodes", "", (ipp,), ipp, frozenset())


def health_categories(text: str, *, ocr: bool) -> frozenset[Category]:
    """What ``detect/health.py`` finds on a page's text."""
    return categories_of(find_health(text, tokenize(fold(text)), Place(1), ocr=ocr))


def score_readers(pages: list[TablePage], readers: dict[str, Reader]) -> dict[str, TableScore]:
    """Every page read by every reader, interleaved page by page (same load on all)."""
    scores = {name: TableScore() for name in readers}
    for page in pages:
        for name, reader in readers.items():
            _score_one(page, reader, scores[name])
    return scores


def _score_one(page: TablePage, reader: Reader, result: TableScore) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    text, barcodes = reader(page.image, page.dpi)
    spent = time.process_time() - cpu
    result.cpu += spent
    result.wall += time.perf_counter() - wall
    result.pages += 1
    kind = result.by_kind.setdefault(page.kind, [0, 0.0])
    kind[0] += 1
    kind[1] += spent
    flat = _flat(text)
    read = set(_words(text))
    truth = [w for w in _words(page.text) if len(w) > 3]
    result.words += len(truth)
    result.words_found += sum(w in read for w in truth)
    result.label += len(page.label)
    result.label_found += sum(_flat(f) in flat or (f == page.ipp and f in barcodes) for f in page.label)  # fmt: skip
    found = health_categories(text, ocr=True)
    result.categories += len(page.categories)
    result.categories_found += len(found & page.categories)
    result.extra_categories += len(found - page.categories)


def _words(text: str) -> list[str]:
    return [w.strip(".,:;()'\"«»") for w in text.split()]


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w/.-]", " ", text.casefold()).split())


def print_table(scores: dict[str, TableScore], *, baseline: str) -> None:
    """One line per reader; the speed-up against ``baseline`` in CPU per page."""
    base = scores[baseline].cpu / scores[baseline].pages
    print(f"{'reader':<34} {'CPU s/page':>10} {'wall s/page':>11} {'speed-up':>8} "
          f"{'words':>6} {'label':>11} {'categories':>12} {'extra':>5}  CPU s/page by page kind")  # fmt: skip
    for name, s in scores.items():
        cpu = s.cpu / s.pages
        kinds = ", ".join(f"{k} {t / n:.3f}" for k, (n, t) in sorted(s.by_kind.items()))
        print(f"{name:<34} {cpu:>10.3f} {s.wall / s.pages:>11.3f} {base / cpu:>7.2f}x "
              f"{s.words_found / max(1, s.words):>6.3f} {s.label_found:>4}/{s.label:<3} {s.label_found / max(1, s.label):.2f} "
              f"{s.categories_found:>3}/{s.categories:<3} {s.categories_found / max(1, s.categories):.2f} {s.extra_categories:>5}  {kinds}", flush=True)  # fmt: skip


def plain_tesseract() -> Reader:
    """Full-page Tesseract as a plain pipeline runs it: ``-l fra``, default psm (3), the
    page at ``PLAIN_DPI``, one engine kept loaded (no start-up cost counted), no barcodes."""
    import tesserocr

    from leakmap.extract.tesseract import _tessdata_dir

    api = tesserocr.PyTessBaseAPI(path=_tessdata_dir("fra"), lang="fra")

    def read(image: Image.Image, dpi: int) -> tuple[str, tuple[str, ...]]:
        factor = PLAIN_DPI / dpi
        if factor != 1:
            size = (round(image.width * factor), round(image.height * factor))
            image = image.resize(size, Image.Resampling.LANCZOS)
        api.SetImage(image)
        api.SetSourceResolution(PLAIN_DPI)
        return str(api.GetUTF8Text()), ()

    return read


def leakmap_reader(
    ocr: Callable[..., tuple[TextBlock, tuple[FoundBarcode, ...]]], **options: object
) -> Reader:
    """leakmap's ``ocr_scan`` with ``options``: its text and its barcodes' values."""

    def read(image: Image.Image, dpi: int) -> tuple[str, tuple[str, ...]]:
        block, barcodes = ocr(image, page=1, dpi=dpi, **options)
        return block.text, tuple(code.text for code in barcodes)

    return read
