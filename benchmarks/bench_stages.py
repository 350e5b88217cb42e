"""Where a whole scan's time goes, stage by stage, on a generated hospital (issue 15 point 1).

Generates a fictitious hospital (``leakmap synth``'s generator: registry, dump with a share
of scanned reports), scans it as ``leakmap scan`` does (the forked worker pool), and prints
the case's per-stage table (``leakmap stages``), the CPU seconds per file outside OCR
(target: 0.04) and detection's throughput: the text the extractors handed over, in MB, per
CPU second of the ``detect`` and ``ner`` stages (per core, since it is CPU time).

``--profile`` scans the same hospital again in this process (the serial executor) under
cProfile and prints the functions that cost the most, OCR included: what to look at next.

Run: ``python benchmarks/bench_stages.py [--seed 3 --patients 20000 --files 1500
--scanned-share 0.15 --workers 2 --profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from leakmap.executors import SerialExecutor
from leakmap.extract.document import ExtractedDocument
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.stage_table import by_stage, format_stage_table, stage_figures
from leakmap.store import Case, codec
from leakmap.store.stage_times import load_stage_times
from leakmap.synth import generate_hospital

#: The issue's target for the non-OCR path, CPU seconds per file on average.
TARGET_CPU_PER_FILE = 0.04
_KEY = "7a3e9c1f5b8d2e6a0c4f9b7d3e1a8c5f2d6b0e9a4c7f1d3b8e5a2c6f0d9b4e7a"


def main() -> None:
    """Generate, scan, print the table; profile on request."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=1_500)
    parser.add_argument("--scanned-share", type=float, default=0.15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hospital", type=Path, default=None, help="Reuse a generated one.")
    parser.add_argument("--profile", action="store_true", help="Also profile a serial scan.")
    args = parser.parse_args()
    os.environ.setdefault("LEAKMAP_KEY", _KEY)
    with tempfile.TemporaryDirectory() as work:
        hospital = args.hospital or Path(work) / "hospital"
        if args.hospital is None:
            started = time.perf_counter()
            generate_hospital(
                hospital, seed=args.seed, patients=args.patients, files=args.files,
                scanned_share=args.scanned_share,
            )  # fmt: skip
            print(f"hospital generated in {time.perf_counter() - started:.1f} s")
        made = f"seed {args.seed}, {args.patients} patients, {args.files} files, scanned share"
        made = f"{made} {args.scanned_share}" if args.hospital is None else str(args.hospital)
        print(f"hospital: {made}; {args.workers} workers, {os.cpu_count()} cores")
        settings = replace(ScanSettings(), workers=args.workers)
        _scan_and_print(hospital, Path(work) / "case", settings)
        if args.profile:
            _profile(hospital, Path(work) / "profiled")


def _scan_and_print(hospital: Path, case_dir: Path, settings: ScanSettings) -> None:
    summary = scan(
        hospital / "dump", registry=hospital / "registry.csv", case_dir=case_dir,
        settings=settings,
    )  # fmt: skip
    with Case.open(case_dir, writer=False) as case:
        rows = load_stage_times(case)
        text_bytes = _text_bytes(case)
    print(f"scan: {summary.files_seen} files, {summary.seconds:.1f} s wall\n")
    print("\n".join(format_stage_table(rows)))
    figures = stage_figures(rows)
    stages = {r.stage: r for r in by_stage(rows)}
    detection_cpu = sum(stages[s].cpu_s for s in ("detect", "ner") if s in stages)
    print(
        f"\nCPU s per file outside OCR: {figures.cpu_per_file_outside_ocr:.4f} "
        f"(target <= {TARGET_CPU_PER_FILE})"
    )
    if detection_cpu:
        print(
            f"detection: {text_bytes / 1e6:.2f} MB of text in {detection_cpu:.2f} CPU s "
            f"(detect + ner) = {text_bytes / 1e6 / detection_cpu:.2f} MB/s/core"
        )


def _text_bytes(case: Case) -> int:
    """UTF-8 bytes of every extracted content's text and cells, as detection reads them."""
    total = 0
    for (text,) in case.connection.execute("SELECT document FROM contents"):
        document = codec.loads(ExtractedDocument, text)
        total += sum(len(b.text.encode()) for b in document.blocks)
        total += sum(len(v.encode()) for row in document.rows for _, v in row.cells)
    return total


def _profile(hospital: Path, case_dir: Path) -> None:
    profile = cProfile.Profile()
    profile.enable()
    scan(
        hospital / "dump", registry=hospital / "registry.csv", case_dir=case_dir,
        settings=replace(ScanSettings(), workers=1), executor=SerialExecutor(),
    )  # fmt: skip
    profile.disable()
    stats = pstats.Stats(profile)
    print("\n--- serial scan under cProfile: own time ---")
    stats.sort_stats("tottime").print_stats(35)
    print("--- cumulative ---")
    stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
