"""``leakmap scan`` as a user runs it (a subprocess): where it stands on stderr, what to do
next, no scan without a registry unless asked for, the registry's problems one a line.

Issue 18 points 3 and 7. Every person here is fictitious.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REGISTRY_HEADER
from leakmap.progress_display import ProgressDisplay, ScanProgress, ScanStage

pytestmark = pytest.mark.usefixtures("english_messages")  # the display's English wording


def _run(*args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    if not quiet:
        env.pop("LEAKMAP_QUIET", None)
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _dump(tmp_path: Path) -> Path:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "cr.txt").write_text(
        "Compte rendu. Patiente : DUPONT Marie Claire, née le 12/03/1965. Diabète de type 2.\n",
        encoding="utf-8",
    )
    return dump


def test_scan_shows_plain_progress_lines_and_the_next_steps(
    tmp_path: Path, registry_csv: Path
) -> None:
    case = tmp_path / "case"
    args = ("scan", str(_dump(tmp_path)), "--registry", str(registry_csv), "--out", str(case))
    result = _run(*args, "--workers", "1", quiet=False)  # stderr is a pipe, not a terminal
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "registry: 9 patients"
    assert any(
        line.startswith("read 1/1 files (1 counting archive members, 1 new)") for line in lines
    )
    assert "linking to the registry: 1 file read" in lines
    assert any(line.startswith("writing the outputs") for line in lines)
    assert "\r" not in result.stderr and "\x1b[" not in result.stderr  # no live display
    assert result.stdout.splitlines()[-6:] == [
        "next steps:",
        f"  1. edit {case / 'case.toml'}: hospital, DPO, breach dates, hotline",
        f"  2. leakmap user add {case} NAME      a reviewer account",
        f"  3. leakmap review {case}             the workbench: doubtful matches",
        f"  4. leakmap report {case}             apply the reviewers' decisions",
        f"  5. leakmap notify {case}             letters, complaint kits, regulator report",
    ]
    notified = _run("notify", str(case), quiet=False)
    assert notified.returncode == 0, notified.stderr
    notify_lines = notified.stderr.splitlines()
    assert notify_lines[0] == "notify: writing letters, kits, report"
    assert notify_lines[1] == "letters 0/1"  # the letters counted as they are written
    assert notify_lines[2].startswith("letters 1/1, took ") and len(notify_lines) == 4
    assert notify_lines[-1].startswith("notify: writing letters, kits, report: took ")


def test_scan_without_a_registry_is_refused_unless_asked_for(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump, case = _dump(tmp_path), tmp_path / "case"
    refused = _run("scan", str(dump), "--out", str(case))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "leakmap: no --registry: give the patient registry with --registry REGISTRY, or "
        "--no-registry to scan without one on purpose (nobody could be notified)"
    ]
    assert not case.exists()

    on_purpose = _run("scan", str(dump), "--no-registry", "--out", str(case), "--workers", "1")
    assert on_purpose.returncode == 0, on_purpose.stderr
    assert "patients to notify   0" in on_purpose.stdout
    assert "no registry (--no-registry): nobody could be linked" in on_purpose.stdout

    linked = tmp_path / "linked"
    first = _run("scan", str(dump), "--registry", str(registry_csv), "--out", str(linked))
    assert first.returncode == 0, first.stderr
    (dump / "more.txt").write_text("Patient : LEROY Anne, née le 15/06/1975.\n", encoding="utf-8")
    again = _run("scan", str(dump), "--out", str(linked), "--workers", "1")  # a later wave
    assert again.returncode == 0, again.stderr
    assert "reusing the registry the case holds from an earlier wave (9 patients)" in again.stderr
    assert "LEROY" not in again.stderr + again.stdout  # counts and paths only


def test_registry_problems_one_a_line_fifty_shown_all_in_a_csv(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADER)
        for row in range(60):  # 60 rows, three problems each: 180 problems
            writer.writerow([f"2{row:07d}", "", "", "Zoé", "31/02/1990", "X", *[""] * 6])
    case = tmp_path / "case"
    result = _run("scan", str(_dump(tmp_path)), "--registry", str(registry), "--out", str(case))
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "leakmap: the registry has 180 problems; fix the export and run again:"
    assert lines[1:4] == [
        "  registry.csv row 2: family_name is empty; every patient needs one",
        "  registry.csv row 2: birth_date is not YYYY-MM-DD; fix the row or the date format",
        "  registry.csv row 2: sex must be F or M (or empty); map other codes in the mapping",
    ]
    assert len(lines) == 1 + 50 + 2
    assert lines[-2:] == ["  ... and 130 more", f"  every problem is in {case / 'registry_problems.csv'}"]  # fmt: skip
    written = case / "registry_problems.csv"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with written.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "where", "problem"] and len(rows) == 1 + 180
    assert rows[-1] == ["registry.csv", "row 61", "sex must be F or M (or empty); map other codes in the mapping"]  # fmt: skip
    assert "Zoé" not in result.stderr and "Zoé" not in written.read_text(encoding="utf-8")


def test_a_header_that_does_not_match_points_to_registry_map(tmp_path: Path) -> None:
    registry = tmp_path / "export.csv"
    registry.write_text("IPP;NOM;PRENOM\n1;X;Y\n", encoding="utf-8")
    case = tmp_path / "case"
    result = _run("scan", str(_dump(tmp_path)), "--registry", str(registry), "--out", str(case))
    assert result.returncode == 3
    (line,) = result.stderr.strip().splitlines()
    assert "header lacks patient_id, family_name, given_names" in line
    assert "--registry-map" in line
    assert not case.exists()  # few problems: all on the screen, no file written


def test_scan_help_names_the_key_the_defaults_and_the_outputs() -> None:
    result = _run("scan", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for words in ("LEAKMAP_KEY", "--no-registry", "(default 0.9)", "(default 300)",
                  "affected.csv", "documents.csv", "unregistered.csv", "registry_problems.csv"):  # fmt: skip
        assert words in text, words


def test_the_live_display_draws_the_scan_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # rich reads the terminal's width there
    monkeypatch.setenv("FORCE_COLOR", "1")  # and draws live (a terminal's codes) into a StringIO
    screen = io.StringIO()
    with ProgressDisplay(screen, live=True, starting="starting") as display:
        display.scan_event(ScanProgress(ScanStage.REGISTRY, detail="9 patients"))
        display.scan_event(
            ScanProgress(ScanStage.READING, listed=40, done=12, entries=30, pages=80, ocr_pages=7)
        )
        time.sleep(0.4)  # rich redraws 4 times a second
        drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    final = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "registry: 9 patients\n" in final  # the stage line above the bar stays
    assert "reading the dump" in drawn
    assert "12/40+ listed files (30 with members)" in drawn and "80 pages, 7 OCR" in drawn
