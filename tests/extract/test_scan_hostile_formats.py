"""A whole scan, two workers, over every format and hostile case, plus a file that hangs
its parser and one that kills its worker: every file ends as its ``documents.csv`` row."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from format_dump import write_format_dump

from leakmap.extract.parts import ExtractedParts
from leakmap.extract.registry import BUILTIN_EXTRACTORS, installed_extractors
from leakmap.extract.text import extract_text
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind


def _hostile_text(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Plain text, except that one file hangs its parser and another kills the process."""
    if data.startswith(b"HANG"):
        time.sleep(3600)
    if data.startswith(b"CRASH"):
        os._exit(70)
    return extract_text(data, settings)


def test_scan_writes_a_row_for_every_format_and_hostile_file(tmp_path: Path) -> None:
    expected = write_format_dump(tmp_path / "dump")
    (tmp_path / "dump" / "pendu.txt").write_bytes(b"HANG the parser forever\n")
    (tmp_path / "dump" / "crash.txt").write_bytes(b"CRASH the worker\n")
    expected["pendu.txt"] = ("txt", "unreadable", "timeout")
    expected["crash.txt"] = ("txt", "unreadable", "parser_crashed")
    settings = ScanSettings(workers=2, per_file_timeout_s=3, use_ner=False)
    with installed_extractors({**BUILTIN_EXTRACTORS, FileKind.TXT: _hostile_text}):
        scan(tmp_path / "dump", registry=None, case_dir=tmp_path / "case", settings=settings)
    with (tmp_path / "case" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {
            r["path"]: (r["kind"], r["status"], r["reason"].split(":")[0])
            for r in csv.DictReader(handle)
        }
    assert rows == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case", "dump"]
