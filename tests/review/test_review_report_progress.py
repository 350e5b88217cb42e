"""``report`` says where it stands on stderr (linking, outputs, letters), plain in a log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages


def test_report_prints_its_stages(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "cr.txt").write_text("Mme LEROY Anne, née le 15/06/1975 : IRM.", encoding="utf-8")
    case = tmp_path / "case"
    leakmap = [sys.executable, "-m", "leakmap"]
    scan = [*leakmap, "scan", str(dump), "--registry", str(registry_csv), "--out", str(case)]
    assert (
        subprocess.run([*scan, "--workers", "1"], capture_output=True, timeout=120).returncode == 0
    )
    done = subprocess.run(
        [*leakmap, "report", str(case)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "writing the outputs" in done.stderr
    assert "rewriting the letters" in done.stderr
    assert "\r" not in done.stderr and "\x1b" not in done.stderr  # plain lines off a terminal
    assert "1 to notify" in done.stdout
