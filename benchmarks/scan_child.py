"""One leakmap scan of a generated hospital, as the child process a benchmark measures.

The library's ``scan`` with ``ScanSettings(workers=N, ray_address=...)``, which is what
``leakmap scan --workers N [--ray ADDRESS]`` runs, without the command's summary
printing: a change in the CLI's wording never breaks a measurement. Run:
``python benchmarks/scan_child.py HOSPITAL CASE --workers N [--ray ADDRESS]``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from leakmap.scan import scan
from leakmap.settings import ScanSettings


def main() -> int:
    """Scan ``HOSPITAL/dump`` with ``HOSPITAL/registry.csv`` into ``CASE``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hospital", type=Path)
    parser.add_argument("case", type=Path)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--ray", default=None, help="a Ray cluster's address")
    args = parser.parse_args()
    settings = replace(ScanSettings(), workers=args.workers, ray_address=args.ray)
    scan(
        args.hospital / "dump",
        registry=args.hospital / "registry.csv",
        case_dir=args.case,
        settings=settings,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
