"""OCR speed and accuracy on degraded scans of realistic (fictitious) hospital report pages.

Each page is an A4 report as hospitals print them: a header, beside it a patient label
(family name in bold capitals, given name, "Née le", "IPP :") with a Code 128 barcode of the
IPP, then clinical text with accents. It is printed to PDF with reportlab, then "scanned"
by ``synth.degrade.scan_pdf_pages`` at 200 or 300 dpi (skew up to 3°, blur, noise, JPEG
or fax), as a leak would hold it.

Four measures:

- the OCR table (default, what ``make bench`` prints): ``ocr_table.py`` on generated
  hospital scans, plain full-page Tesseract at 300 dpi against leakmap's reading;
- ``--speed``: pages per second of leakmap's OCR path (``ocr_pdf_page``: render at
  200 dpi, deskew, barcodes, Tesseract in-process, label pass) beside the plain
  ``tesseract -l fra`` command line at 300 dpi on the same pages, run once with OpenMP as
  installed and once with ``OMP_THREAD_LIMIT=1`` (how a pool of workers would run it);
- ``--sweep``: for each resolution, page segmentation mode, label pass and deskew setting,
  the share of pages whose label reads right (family name, given name, birth date and IPP
  all found in the text), each field apart, the share of clinical words found, the share of
  barcodes decoded, and pages per second;
- ``--barcodes``: the share of IPP barcodes decoded at 150, 200 and 300 dpi (no OCR, so
  it runs on many pages), by the whole-page read and with the rescue pass, and the CPU
  each costs.

Run: ``python benchmarks/bench_ocr.py [--pages 20] [--speed | --sweep | --barcodes]``. One process,
serial; speed figures depend on the machine and on what else runs on it (the load is
printed, and CPU seconds per page beside pages per second).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ocr_table import (  # noqa: E402
    TablePage,
    health_categories,
    leakmap_reader,
    plain_tesseract,
    print_table,
    score_readers,
    table_pages,
)

from leakmap.extract.barcode_rescue import rescue_barcodes  # noqa: E402
from leakmap.extract.barcodes import read_barcodes  # noqa: E402
from leakmap.extract.ocr import OcrOptions, ocr_pdf_page, ocr_scan, tesseract_available  # noqa: E402
from leakmap.extract.page_triage import triage_counts  # noqa: E402
from leakmap.synth.degrade import scan_pdf_pages  # noqa: E402

FAMILY_NAMES = ("DUPONT", "LEFÈVRE", "MARTINEAU", "GARNIER", "ROUSSEL", "BERTHELOT", "FAURE")
GIVEN_NAMES = (("Marie", "F"), ("Hélène", "F"), ("Chloé", "F"), ("Jean", "M"), ("Rémi", "M"))
CLINICAL_LINES = (
    "Motif d'hospitalisation : douleur thoracique atypique évoluant depuis 48 heures.",
    "Antécédents : hypertension artérielle traitée, diabète de type 2, appendicectomie.",
    "Examen clinique : patiente consciente, orientée, tension artérielle 142/85 mmHg.",
    "Électrocardiogramme : rythme sinusal régulier, pas de trouble de la repolarisation.",
    "Biologie : troponine négative à deux reprises, créatinine 78 µmol/L, CRP à 12 mg/L.",
    "Scanner thoracique : absence d'embolie pulmonaire, pas d'épanchement pleural.",
    "Évolution favorable sous traitement antalgique, sortie autorisée le lendemain.",
    "Traitement de sortie : paracétamol 1 g trois fois par jour pendant cinq jours.",
    "Rendez-vous de contrôle en consultation de cardiologie dans un mois.",
    "Compte rendu dicté par le Dr Vasseur, validé le 14/02/2024, service de médecine B.",
)
#: Resolutions at which the leaked scans were made, in turn.
SCAN_DPIS = (200, 300)
#: The sweep: (OCR dpi, psm, label pass, deskew).
SWEEP = (
    (150, 3, True, True),
    (200, 3, False, True),
    (200, 3, True, False),
    (200, 3, True, True),
    (200, 6, True, True),
    (200, 11, True, True),
    (250, 3, True, True),
    (300, 3, False, True),
    (300, 3, True, True),
)
CLI_DPI = 300
OFF = OcrOptions(smart=False)
COARSE = OcrOptions(unsettled_dpi=150)
#: Body resolutions the OCR table compares once a label settled the person.
BODY_DPIS = (150, 200, 300)


@dataclass(frozen=True, slots=True)
class Page:
    """A scanned page and what its label says."""

    scan: bytes
    family_name: str
    given_name: str
    birth_date: str
    ipp: str
    clinical_words: tuple[str, ...]
    clinical_text: str = ""


@dataclass(slots=True)
class Score:
    """How one OCR setting read a set of pages: counts, and wall and CPU seconds."""

    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    labels: int = 0
    fields: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    words: float = 0.0
    barcodes: int = 0


def hospital_pages(count: int, *, seed: int) -> list[Page]:
    """``count`` scanned report pages, fictitious patients, reproducible from ``seed``."""
    rng = random.Random(seed)
    return [_hospital_page(rng, scan_dpi=SCAN_DPIS[i % len(SCAN_DPIS)]) for i in range(count)]


def _hospital_page(rng: random.Random, *, scan_dpi: int) -> Page:
    family = rng.choice(FAMILY_NAMES)
    given, sex = rng.choice(GIVEN_NAMES)
    birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2015)}"
    ipp = str(rng.randint(10_000_000, 99_999_999))
    lines = rng.sample(CLINICAL_LINES, k=8)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 13)
    page.drawString(50, 800, "CENTRE HOSPITALIER DE VAL-FICTIF")
    page.setFont("Helvetica", 9)
    page.drawString(50, 786, "Service de médecine interne — 3 rue des Essais, 99000 Val-Fictif")
    page.drawString(50, 774, "Tél. secrétariat : 01 99 00 00 00")
    _label(page, f"{family} {given}", f"{'Née' if sex == 'F' else 'Né'} le {birth}", ipp)
    page.setFont("Helvetica-Bold", 12)
    page.drawString(50, 660, "COMPTE RENDU D'HOSPITALISATION")
    page.setFont("Helvetica", 10)
    for index, line in enumerate(lines):
        page.drawString(50, 630 - 18 * index, line)
    page.showPage()
    page.save()
    scan = scan_pdf_pages(buffer.getvalue(), rng=rng, dpi=scan_dpi)
    words = tuple(w.strip(".,:;") for line in lines for w in line.split() if len(w) > 3)
    return Page(scan, family, given, birth, ipp, words, "\n".join(lines))


def _label(page: canvas.Canvas, name: str, born: str, ipp: str) -> None:
    """The patient sticker: a frame, three lines and a Code 128 of the IPP."""
    page.rect(360, 700, 190, 110)
    page.setFont("Helvetica-Bold", 11)
    page.drawString(370, 792, name)
    page.setFont("Helvetica", 10)
    page.drawString(370, 777, born)
    page.drawString(370, 762, f"IPP : {ipp}")
    code128.Code128(ipp, barHeight=28, barWidth=1.1).drawOn(page, 362, 712)


def score(pages: list[Page], settings: list[OcrOptions]) -> list[Score]:
    """Read every page with every setting, interleaved page by page, so that whatever else
    loads the machine weighs on all settings alike; CPU time is measured beside wall time."""
    scores = [Score() for _ in settings]
    for page in pages:
        for options, result in zip(settings, scores, strict=True):
            _read_once(page, options, result)
    return scores


def _read_once(page: Page, options: OcrOptions, result: Score) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    document = pypdfium2.PdfDocument(page.scan)
    block, found = ocr_pdf_page(document[0], page_number=1, options=options)
    document.close()
    result.wall += time.perf_counter() - wall
    result.cpu += time.process_time() - cpu
    text = " ".join(block.text.split())
    hits = [
        page.family_name in text,
        page.given_name in text,
        page.birth_date in text,
        page.ipp in text,
    ]
    result.pages += 1
    result.fields = [total + hit for total, hit in zip(result.fields, hits, strict=True)]
    result.labels += all(hits)
    read = {w.strip(".,:;") for w in text.split()}
    result.words += sum(w in read for w in page.clinical_words) / len(page.clinical_words)
    result.barcodes += any(code.text == page.ipp for code in found)


def cli_seconds(pages: list[Page], *, threads: str | None) -> tuple[float, float]:
    """Wall and CPU seconds the ``tesseract`` command takes on the pages at ``CLI_DPI``."""
    environment = dict(os.environ)
    if threads is not None:
        environment["OMP_THREAD_LIMIT"] = threads
    with tempfile.TemporaryDirectory() as folder:
        images = list(_rendered(pages, Path(folder)))
        started = time.perf_counter()
        cpu = _children_cpu()
        for image in images:
            subprocess.run(
                ["tesseract", str(image), "stdout", "-l", "fra", "--dpi", str(CLI_DPI)],
                check=True,
                capture_output=True,
                env=environment,
            )
        return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _rendered(pages: list[Page], folder: Path) -> Iterator[Path]:
    for index, page in enumerate(pages):
        document = pypdfium2.PdfDocument(page.scan)
        image = document[0].render(scale=CLI_DPI / 72, grayscale=True).to_pil()
        path = folder / f"page{index}.png"
        image.save(path)
        document.close()
        yield path


def barcode_rate(pages: list[Page], *, dpi: int) -> tuple[int, int, float, float]:
    """How many pages' IPP barcode decodes at ``dpi`` (no OCR): by the whole-page read, and
    with the rescue pass on what it left; CPU seconds per page of each step."""
    decoded = rescued = 0
    read_cpu = rescue_cpu = 0.0
    for page in pages:
        document = pypdfium2.PdfDocument(page.scan)
        image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        document.close()
        started = time.process_time()
        found = read_barcodes(image, page=1)
        read_cpu += time.process_time() - started
        decoded += any(code.text == page.ipp for code in found)
        started = time.process_time()
        found += rescue_barcodes(image, page=1, dpi=dpi, known=found)
        rescue_cpu += time.process_time() - started
        rescued += any(code.text == page.ipp for code in found)
    return decoded, rescued, read_cpu / len(pages), rescue_cpu / len(pages)


def _print_score(label: str, result: Score) -> None:
    n = result.pages
    family, given, birth, ipp = result.fields
    print(
        f"{label:<36} {n / result.wall:5.2f} pages/s  {result.cpu / n:5.2f} CPU s/page  "
        f"labels {result.labels:>2}/{n} (family {family}, given {given}, birth {birth}, "
        f"ipp {ipp})  words {result.words / n:.3f}  barcodes {result.barcodes}/{n}",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sweep", action="store_true", help="accuracy per dpi/psm/label pass")
    parser.add_argument("--barcodes", action="store_true", help="barcode decoding rate per dpi")
    parser.add_argument("--speed", action="store_true", help="pages/s against the CLI")
    args = parser.parse_args(argv)
    if not tesseract_available():
        print("Tesseract is not installed here (make install)", file=sys.stderr)
        return 1
    if not (args.speed or args.sweep or args.barcodes):
        return ocr_table(args.pages, seed=args.seed)
    pages = hospital_pages(args.pages, seed=args.seed)
    score(pages[:1], [OcrOptions()])  # load the model before timing
    print(f"{len(pages)} pages, load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    if args.barcodes:
        for dpi in (150, 200, 300):
            decoded, rescued, read_s, rescue_s = barcode_rate(pages, dpi=dpi)
            print(
                f"barcodes at {dpi} dpi: {decoded}/{len(pages)} decoded ({read_s:.3f} CPU s/page), "
                f"{rescued}/{len(pages)} with the rescue pass (+{rescue_s:.3f} CPU s/page)"
            )
        return 0
    if args.sweep:
        settings = [
            OcrOptions(dpi=d, psm=p, label_pass=lab, deskew=dsk) for d, p, lab, dsk in SWEEP
        ]
        for options, result in zip(settings, score(pages, settings), strict=True):
            on = {True: "on", False: "off"}
            name = f"dpi {options.dpi} psm {options.psm} label {on[options.label_pass]} deskew {on[options.deskew]}"
            _print_score(name, result)
        return 0
    _print_score("leakmap ocr_pdf_page (200 dpi)", score(pages, [OcrOptions()])[0])
    if shutil.which("tesseract") is None:
        print("tesseract command not found: CLI comparison skipped")
        return 0
    for threads in (None, "1"):
        wall, cpu = cli_seconds(pages, threads=threads)
        name = f"tesseract -l fra, {CLI_DPI} dpi" + (", 1 thread" if threads else "")
        print(f"{name:<36} {len(pages) / wall:5.2f} pages/s  {cpu / len(pages):5.2f} CPU s/page")
    return 0


def ocr_table(count: int, *, seed: int) -> int:
    """The OCR table: plain full-page Tesseract 300 dpi against leakmap's reading."""
    pages = table_pages(count, seed=seed)
    readers = {
        "plain tesseract -l fra 300 dpi psm 3": plain_tesseract(),
        "leakmap before issue 15 (smart off)": leakmap_reader(ocr_scan, options=OFF),
        "leakmap smart (default)": leakmap_reader(ocr_scan),
        "leakmap smart, unsettled body 150": leakmap_reader(ocr_scan, options=COARSE),
    }
    score_readers(pages[:1], readers)  # engines loaded before timing
    kinds = {kind: sum(p.kind == kind for p in pages) for kind in ("report", "blank", "photo", "barcodes")}  # fmt: skip
    print(f"{len(pages)} pages ({kinds}), seed {seed}, load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")  # fmt: skip
    print_table(score_readers(pages, readers), baseline="plain tesseract -l fra 300 dpi psm 3")
    print(f"pages by triage (all smart readers together): {triage_counts()}")
    labelled = [_table_page(page, dpi=SCAN_DPIS[i % 2]) for i, page in enumerate(hospital_pages(count // 2, seed=seed))]  # fmt: skip
    settled = {
        "plain tesseract -l fra 300 dpi psm 3": readers["plain tesseract -l fra 300 dpi psm 3"],
        "leakmap before issue 15 (smart off)": readers["leakmap before issue 15 (smart off)"],
        **{
            f"leakmap smart, body {dpi} dpi": leakmap_reader(
                ocr_scan, options=OcrOptions(body_dpi=dpi)
            )
            for dpi in BODY_DPIS
        },  # fmt: skip
    }
    before = triage_counts()
    print(f"\n{len(labelled)} report pages with a label and its Code 128 (label-settled pages):")
    print_table(score_readers(labelled, settled), baseline="plain tesseract -l fra 300 dpi psm 3")
    print(f"label-settled pages among them, per smart reader: {(triage_counts().label_settled - before.label_settled) / len(BODY_DPIS):.0f}")  # fmt: skip
    return 0


def _table_page(page: Page, *, dpi: int) -> TablePage:
    """A labelled report page of this benchmark as the OCR table's page."""
    document = pypdfium2.PdfDocument(page.scan)
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    text = f"{page.family_name} {page.given_name} {page.birth_date} IPP {page.ipp}\n{page.clinical_text}"
    fields = (page.family_name, page.birth_date, page.ipp)
    categories = health_categories(text, ocr=False)
    return TablePage(image, dpi, "labelled", text, fields, page.ipp, categories)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
