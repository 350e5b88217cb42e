"""One ``leakmap scan`` over the whole hostile corpus, as a user runs it (a subprocess,
two workers): it exits 0, prints no traceback, writes one ``documents.csv`` row per file
and per member, and no process of the scan holds more than a worker's memory budget."""

from __future__ import annotations

import csv
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from corpus import EXPECTED_REASONS, CorpusEntry, build_corpus

#: What one worker may hold (issue 17: bounded workers, default at most 1 GiB).
WORKER_BUDGET_BYTES = 1 << 30
_SAMPLE_EVERY_S = 0.05
#: A registry of two fictitious people.
_REGISTRY = (
    "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,"
    "phone,email,nir\n"
    "99990001,TESTCORPUS,,Fictif,1970-01-01,F,,,,,,\n"
    "99990002,ZZHOSTILE,,Essai,1980-02-02,M,,,,,,\n"
)


@dataclass
class _PeakMemory:
    """The highest ``VmHWM`` (peak resident set) seen for each process below one pid."""

    root: int
    peaks: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                parent = _parent_pid(int(entry.name))
                if parent is not None:
                    parents[int(entry.name)] = parent
        for pid in parents:
            if pid == self.root or _descends_from(pid, self.root, parents):
                peak = _peak_rss(pid)
                if peak is not None and peak > self.peaks.get(pid, 0):
                    self.peaks[pid] = peak
                    self.names[pid] = _command(pid)


def _parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])


def _descends_from(pid: int, root: int, parents: dict[int, int]) -> bool:
    while pid in parents and pid > 1:
        pid = parents[pid]
        if pid == root:
            return True
    return False


def _peak_rss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


@contextmanager
def _sampling(peaks: _PeakMemory) -> Iterator[None]:
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(_SAMPLE_EVERY_S):
            peaks.sample()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@dataclass(frozen=True)
class _ScanRun:
    returncode: int
    stderr: str
    rows: dict[str, dict[str, str]]
    duplicates: tuple[str, ...]
    entries: tuple[CorpusEntry, ...]
    worker_peaks: dict[str, int]
    scan_peak: int


@pytest.fixture(scope="module")
def hostile_scan(tmp_path_factory: pytest.TempPathFactory) -> _ScanRun:
    root = tmp_path_factory.mktemp("hostile")
    entries = build_corpus(root / "dump")
    (root / "registry.csv").write_text(_REGISTRY, encoding="utf-8")
    environment = {**os.environ, "LEAKMAP_KEY": secrets.token_hex(32), "LEAKMAP_QUIET": "1"}
    command = [sys.executable, "-m", "leakmap", "scan", str(root / "dump")]
    command += ["--registry", str(root / "registry.csv"), "--out", str(root / "case")]
    command += ["--workers", "2", "--timeout", "45"]
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peaks = _PeakMemory(process.pid)
    with _sampling(peaks):
        _, stderr = process.communicate(timeout=240)
    scan_peak = peaks.peaks.pop(process.pid, 0)
    rows: dict[str, dict[str, str]] = {}
    duplicates: list[str] = []
    documents = root / "case" / "documents.csv"
    if documents.exists():
        with documents.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["path"] in rows:
                    duplicates.append(row["path"])
                rows[row["path"]] = row
    worker_peaks = {f"{peaks.names[pid]}[{pid}]": peak for pid, peak in peaks.peaks.items()}
    return _ScanRun(
        process.returncode, stderr, rows, tuple(duplicates), tuple(entries), worker_peaks, scan_peak
    )


def test_hostile_corpus_holds_forty_kinds(hostile_scan: _ScanRun) -> None:
    assert len(hostile_scan.entries) >= 40


def test_hostile_scan_exits_0_without_traceback(hostile_scan: _ScanRun) -> None:
    assert hostile_scan.returncode == 0, hostile_scan.stderr[-2000:]
    assert "Traceback" not in hostile_scan.stderr


def test_hostile_scan_names_no_file_on_stderr(hostile_scan: _ScanRun) -> None:
    """A member named after a person and a diagnosis must not be printed (issue 17)."""
    assert "TESTCORPUS" not in hostile_scan.stderr
    assert [e.name for e in hostile_scan.entries if e.name in hostile_scan.stderr] == []


def test_hostile_scan_writes_one_row_per_file_and_member(hostile_scan: _ScanRun) -> None:
    assert hostile_scan.duplicates == ()
    files = {entry.name for entry in hostile_scan.entries}
    outer = {path.split("!/")[0] for path in hostile_scan.rows}
    assert files <= set(hostile_scan.rows), sorted(files - set(hostile_scan.rows))
    assert outer <= files
    missing_members = [
        f"{entry.name}!/{member}"
        for entry in hostile_scan.entries
        for member in entry.members
        if f"{entry.name}!/{member}" not in hostile_scan.rows
    ]
    assert missing_members == []


def test_hostile_scan_gives_each_file_an_allowed_status(hostile_scan: _ScanRun) -> None:
    wrong = {
        entry.name: (
            hostile_scan.rows[entry.name]["status"],
            hostile_scan.rows[entry.name]["reason"],
        )
        for entry in hostile_scan.entries
        if entry.name in hostile_scan.rows
        and hostile_scan.rows[entry.name]["status"] not in entry.statuses
    }
    assert wrong == {}


def test_hostile_scan_gives_the_known_reasons(hostile_scan: _ScanRun) -> None:
    given = {
        path: hostile_scan.rows[path]["reason"].split(":")[0] if path in hostile_scan.rows else None
        for path in EXPECTED_REASONS
    }
    assert given == EXPECTED_REASONS


def test_hostile_scan_keeps_every_worker_under_its_budget(hostile_scan: _ScanRun) -> None:
    """Measured (2 cores, 76 files, 432 rows): workers 350 and 493 MB, the parent 144 MB
    (peak RSS; 813 MB before PDF pages with a 60,000-pixel image were left unrendered)."""
    over = {
        name: peak for name, peak in hostile_scan.worker_peaks.items() if peak > WORKER_BUDGET_BYTES
    }
    assert hostile_scan.worker_peaks, "no worker process was sampled"
    assert over == {}, {name: peak >> 20 for name, peak in hostile_scan.worker_peaks.items()}
    assert hostile_scan.scan_peak <= WORKER_BUDGET_BYTES


@pytest.mark.xfail(
    strict=True,
    reason="py7zr checks the CRC of every member of a folder it decompresses, even one not "
    "asked for: the members after a damaged one cannot be read (the archive is now "
    "'corrupt: CrcError' with the members before the damage read)",
)
def test_hostile_scan_names_a_7z_crc_error_and_reads_the_good_member(
    hostile_scan: _ScanRun,
) -> None:
    row = hostile_scan.rows["seven_stored_crc_error.7z"]
    assert (row["status"], row["reason"].split(":")[0]) != ("unreadable", "parser_crashed")
    assert hostile_scan.rows["seven_stored_crc_error.7z!/second.txt"]["status"] == "read"


def test_hostile_scan_calls_a_7z_crc_error_corrupt(hostile_scan: _ScanRun) -> None:
    row = hostile_scan.rows["seven_stored_crc_error.7z"]
    assert (row["status"], row["reason"]) == ("unreadable", "corrupt: CrcError")
