"""A member too big for its worker's memory cap is its own row (out_of_memory); the other
members of its archive are read, and the scan goes on."""

from __future__ import annotations

import csv
import random
import zipfile
from pathlib import Path

from leakmap.scan import scan
from leakmap.settings import MIB, ScanSettings


def _words(size: int) -> bytes:
    rng = random.Random(7)
    vocabulary = [f"mot{n}" for n in range(5000)]
    out = bytearray()
    while len(out) < size:
        out += (" ".join(rng.choices(vocabulary, k=2000)) + "\n").encode()
    return bytes(out)


def test_member_over_the_memory_cap_is_out_of_memory_and_the_rest_is_read(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    with zipfile.ZipFile(dump / "lot.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "Mme LEROY Anne, née le 15/06/1975 : IRM pelvienne.")
        archive.writestr("b_enorme.txt", _words(160 * MIB))
        archive.writestr("c.txt", "M. ZARKOVIC Milan, né le 10/10/1990 : scanner thoracique.")
    settings = ScanSettings(workers=2, worker_memory_bytes=128 * MIB)
    scan(dump, registry=registry_csv, case_dir=tmp_path / "case", settings=settings)
    with (tmp_path / "case" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["path"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"lot.zip", "lot.zip!/a.txt", "lot.zip!/b_enorme.txt", "lot.zip!/c.txt"}
    big = rows["lot.zip!/b_enorme.txt"]
    assert (big["status"], big["reason"]) == ("unreadable", "out_of_memory")
    assert rows["lot.zip!/a.txt"]["status"] == rows["lot.zip!/c.txt"]["status"] == "read"
    affected = (tmp_path / "case" / "affected.csv").read_text(encoding="utf-8")
    assert "10000008" in affected and "10000009" in affected
