"""Scans run as a user runs them, for the kill-and-resume tests: a ``leakmap scan``
subprocess, and a CSV output read back in an order that does not depend on the walk."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path


def scan_process(dump: Path, registry: Path, case: Path) -> subprocess.Popen[bytes]:
    """``leakmap scan`` with two workers, started and not waited for (to be killed)."""
    command = [sys.executable, "-m", "leakmap", "scan", str(dump), "--registry", str(registry),
               "--out", str(case), "--workers", "2"]  # fmt: skip
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy()
    )


def sorted_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV output, sorted."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda r: tuple(r.values()))
