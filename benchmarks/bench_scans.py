"""Scanned documents against text documents: the issue-3 yardstick.

Generates a hospital where 70% of the reports are printed and scanned, about half the
documents (2,000 patients, 400 files, seed 3 by default), scans it with the default settings, and prints:
notify recall on patients exposed only by scanned files versus only by text files (each
over patients the truth does not call ambiguous), the IPP barcode decode rate on
label-bearing scans by resolution (from the barcodes stored in the case), and pages per
second. Run: ``python benchmarks/bench_scans.py [--seed S --patients N --files M --share F]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pypdfium2
from PIL import Image, ImageSequence

from leakmap.extract.barcode_rescue import rescue_barcodes
from leakmap.extract.barcodes import read_barcodes
from leakmap.extract.document import ExtractedDocument
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.synth import generate_hospital
from leakmap.walk.dump import walk_dump


def main() -> None:
    """Generate, scan, and compare scans with text documents."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--share", type=float, default=0.7, help="share of reports scanned")
    args = parser.parse_args()
    os.environ.setdefault(
        "LEAKMAP_KEY", "7a3e9c1f5b8d2e6a0c4f9b7d3e1a8c5f2d6b0e9a4c7f1d3b8e5a2c6f0d9b4e7a"
    )
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        hospital, case_dir = root / "hospital", root / "case"
        generated = _timed(lambda: generate_hospital(hospital, seed=args.seed, patients=args.patients, files=args.files, scanned_share=args.share))  # fmt: skip
        started = time.perf_counter()
        scan(hospital / "dump", registry=hospital / "registry.csv", case_dir=case_dir)
        seconds = time.perf_counter() - started
        truth = json.loads((hospital / "truth.json").read_text(encoding="utf-8"))
        rows = _read_csv(case_dir / "documents.csv")
        decisions = {r["patient_id"]: r["decision"] for r in _read_csv(case_dir / "affected.csv")}
        barcodes = _barcode_rates(case_dir, truth, rows)
        direct = _direct_barcode_rates(hospital / "dump", truth)
    print(f"hospital: {args.patients} patients, {args.files} files, seed {args.seed}, share {args.share}; generated in {generated:.1f} s")  # fmt: skip
    _print_table(truth, decisions, (barcodes, *direct), rows, seconds)


def _timed(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _patient_groups(truth: dict) -> dict[str, list[str]]:
    """Unambiguous patients exposed only by scanned files, and only by text files."""
    groups: dict[str, list[str]] = {"scan": [], "text": []}
    files = truth["files"]
    for patient_id, entry in truth["patients"].items():
        if entry["ambiguous"]:
            continue
        scanned = {bool(files[path].get("scanned")) for path in entry["files"]}
        if scanned == {True}:
            groups["scan"].append(patient_id)
        elif scanned == {False}:
            groups["text"].append(patient_id)
    return groups


def _barcode_rates(case_dir: Path, truth: dict, rows: list[dict[str, str]]) -> dict[int, tuple[int, int]]:  # fmt: skip
    """Per resolution: (scans whose IPP barcode was decoded, label-bearing scans)."""
    sha = {r["path"]: r["sha256"] for r in rows}
    rates: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    with Case.open(case_dir, writer=False) as case:
        for path, entry in truth["files"].items():
            if not entry.get("scanned") or not entry["barcodes"] or path not in sha:
                continue
            document = case.load_contents(ExtractedDocument, sha[path])
            decoded = {b.text for b in document.barcodes} if document else set()
            rates[entry["dpi"]][0] += all(value in decoded for value in entry["barcodes"])
            rates[entry["dpi"]][1] += 1
    return {dpi: (found, total) for dpi, (found, total) in sorted(rates.items())}


def _direct_barcode_rates(dump: Path, truth: dict) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:  # fmt: skip
    """The same rate read straight off the scanner's page images (no pipeline around it):
    zxing-cpp's whole-page read alone, and with the rescue pass on what it left."""
    rates: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rescued: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for leaked in walk_dump(dump, ScanSettings(workers=1)):
        entry = truth["files"].get(str(leaked.path), {})
        if not entry.get("scanned") or not entry["barcodes"]:
            continue
        data = leaked.content if leaked.content is not None else leaked.source.read_bytes()  # type: ignore[union-attr]
        pages = _pages(data, entry["medium"])
        decoded = {b.text for n, page in enumerate(pages, 1) for b in read_barcodes(page, page=n)}
        rates[entry["dpi"]][0] += all(value in decoded for value in entry["barcodes"])
        rates[entry["dpi"]][1] += 1
        if not all(value in decoded for value in entry["barcodes"]):
            decoded |= {b.text for n, page in enumerate(pages, 1) for b in rescue_barcodes(page, page=n, dpi=entry["dpi"])}  # fmt: skip
        rescued[entry["dpi"]][0] += all(value in decoded for value in entry["barcodes"])
        rescued[entry["dpi"]][1] += 1
    return _sorted(rates), _sorted(rescued)


def _sorted(rates: dict[int, list[int]]) -> dict[int, tuple[int, int]]:
    return {dpi: (found, total) for dpi, (found, total) in sorted(rates.items())}


def _pages(data: bytes, medium: str) -> list[Image.Image]:
    """A scan's page images as the scanner stored them (a PDF's one image per page)."""
    if medium != "pdf":
        return [frame.copy() for frame in ImageSequence.Iterator(Image.open(io.BytesIO(data)))]
    document = pypdfium2.PdfDocument(data)
    try:
        return [next(iter(page.get_objects())).get_bitmap().to_pil() for page in document]
    finally:
        document.close()


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _print_table(truth: dict, decisions: dict[str, str], barcodes: tuple[dict[int, tuple[int, int]], ...], rows: list[dict[str, str]], seconds: float) -> None:  # fmt: skip
    documents = [f for f in truth["files"].values() if f["kind"] not in ("zip", "eml")]
    scans = sum(bool(f.get("scanned")) for f in documents)
    print(f"documents: {len(documents)}, of which scans {scans} ({scans / len(documents):.0%})")
    print(f"{'patients exposed only by':<28}{'n':>6}{'notify':>9}{'found':>8}")
    for group, patients in _patient_groups(truth).items():
        notified = sum(decisions.get(p) == "notify" for p in patients)
        found = sum(p in decisions for p in patients)
        print(f"{group + ' files':<28}{len(patients):>6}{_rate(notified, len(patients)):>9}{_rate(found, len(patients)):>8}")  # fmt: skip
    titles = ("IPP barcode, case", "IPP barcode, page images", "  same, + rescue pass")
    for title, rates in zip(titles, barcodes, strict=True):
        print(f"{title:<28}{'dpi':>6}{'decoded':>9}{'rate':>8}")
        for dpi, (found, total) in rates.items():
            print(f"{'':<28}{dpi:>6}{f'{found}/{total}':>9}{found / total:>8.1%}")
    pages = sum(int(r["pages"] or 0) for r in rows)
    ocr_pages = sum(int(r["pages"] or 0) for r in rows if r["ocr"] in ("true", "True", "1", "yes"))  # fmt: skip
    print(f"scan: {len(rows)} files, {pages} pages ({ocr_pages} OCR) in {seconds:.1f} s: {pages / seconds:.2f} pages/s, {ocr_pages / seconds:.2f} OCR pages/s ({os.cpu_count()} cores)")  # fmt: skip


if __name__ == "__main__":
    main()
