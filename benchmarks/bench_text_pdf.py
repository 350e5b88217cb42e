"""Text-layer PDFs: pages/s of leakmap's PDF path beside raw pdfium text extraction.

Both read the same PDFs (written here with reportlab: hospital-report-like pages of about
2,500 characters). "raw pdfium" opens each file and takes each page's text, nothing more;
"leakmap" runs ``extract_pdf`` (open, per-page text, the check that a page is not a scan
with a stamped text layer, newline normalisation). One process, one core. Run:
``python benchmarks/bench_text_pdf.py [--files N --pages P]``.
"""

from __future__ import annotations

import argparse
import io
import random
import time

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leakmap.extract.pdf import extract_pdf
from leakmap.settings import ScanSettings

_WORDS = [
    "patiente",
    "examen",
    "biopsie",
    "compte",
    "rendu",
    "carcinome",
    "échographie",
    "conclusion",
    "indication",
    "traitement",
    "suivi",
    "consultation",
    "service",
    "docteur",
    "résultat",
    "normal",
    "lésion",
    "gauche",
    "droite",
]


def _pdf(rng: random.Random, pages: int) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        page.drawString(60, 800, "DUPONT Marie  née le 12/03/1965  IPP : 10000001")
        for line in range(45):
            page.drawString(60, 770 - 15 * line, " ".join(rng.choices(_WORDS, k=9)))
        page.showPage()
    page.save()
    return buffer.getvalue()


def _raw(files: list[bytes]) -> int:
    pages = 0
    for data in files:
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
            pages += 1
        document.close()
    return pages


def _ours(files: list[bytes]) -> int:
    settings = ScanSettings(workers=1)
    return sum(len(extract_pdf(data, settings).blocks) for data in files)


def main() -> None:
    """Time both paths on the same files and print pages/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    files = [_pdf(rng, args.pages) for _ in range(args.files)]
    rates = {}
    for name, run in (("raw pdfium", _raw), ("leakmap extract_pdf", _ours)):
        run(files[:5])  # warm up
        started = time.perf_counter()
        pages = run(files)
        rates[name] = pages / (time.perf_counter() - started)
        print(f"{name:22s} {pages} pages  {rates[name]:8.1f} pages/s")
    print(
        f"leakmap keeps {rates['leakmap extract_pdf'] / rates['raw pdfium']:.0%} of raw pdfium's rate"
    )


if __name__ == "__main__":
    main()
