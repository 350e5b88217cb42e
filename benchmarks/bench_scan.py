"""End to end on a fictitious hospital: generate, scan, evaluate; accuracy and speed.

The issue-2 yardstick: 5,000 patients and 300 files (seed 1 by default). Prints the
evaluation table and the scan's throughput. Run: ``python benchmarks/bench_scan.py
[--seed S --patients N --files M]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from leakmap.evaluate import evaluate_case, format_evaluation
from leakmap.scan import scan
from leakmap.synth import generate_hospital


def main() -> None:
    """Generate, scan and evaluate one hospital."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault(
        "LEAKMAP_KEY", "7a3e9c1f5b8d2e6a0c4f9b7d3e1a8c5f2d6b0e9a4c7f1d3b8e5a2c6f0d9b4e7a"
    )
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        started = time.perf_counter()
        generate_hospital(
            root / "hospital", seed=args.seed, patients=args.patients, files=args.files
        )
        generated = time.perf_counter() - started
        summary = scan(
            root / "hospital" / "dump",
            registry=root / "hospital" / "registry.csv",
            case_dir=root / "case",
        )
        evaluation = evaluate_case(root / "case", root / "hospital" / "truth.json")
    size = f"{args.patients} patients, {args.files} files, seed {args.seed}"
    print(f"hospital: {size}; generated in {generated:.1f} s")
    print(
        f"scan: {summary.files_seen} files in {summary.seconds:.1f} s "
        f"({summary.files_seen / summary.seconds:.1f} files/s, {os.cpu_count()} cores)"
    )
    print(format_evaluation(evaluation))


if __name__ == "__main__":
    main()
