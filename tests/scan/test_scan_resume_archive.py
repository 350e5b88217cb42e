"""A scan killed inside an archive resumes it: the members already committed are not read
again, the others are, and the archive's own row comes once its walk is over."""

from __future__ import annotations

import signal
import time
import zipfile
from pathlib import Path

from scan_runs import scan_process, sorted_rows

from leakmap.store import Case

MEMBERS = 1200


def _write_dump(root: Path) -> None:
    root.mkdir()
    with zipfile.ZipFile(root / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(MEMBERS):
            archive.writestr(
                f"cr/cr_{i:04d}.txt",
                f"Compte rendu n°{i}\nPatiente : Mme DUPONT Marie Claire, née le 12/03/1965\n"
                f"Coloscopie du {1 + i % 28:02d}/05/2022 : polype sigmoïdien.\n",
            )
    (root / "note.txt").write_text("M. LE GOFF Yann, né le 03/03/1971, IRM.", encoding="utf-8")


def test_scan_killed_inside_an_archive_resumes_it(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _write_dump(dump)
    case = tmp_path / "case"
    process = scan_process(dump, registry_csv, case)
    wal = case / "case.db-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 300_000:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the scan ended before it could be killed; raise MEMBERS"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Case.open(case, writer=False) as reader:
        done = reader.known_paths()
    assert 0 < len(done) < MEMBERS
    assert "export.zip" not in done  # the archive's row waits for the end of its walk

    assert scan_process(dump, registry_csv, case).wait(timeout=300) == 0
    clean = tmp_path / "clean"
    assert scan_process(dump, registry_csv, clean).wait(timeout=300) == 0
    resumed = sorted_rows(case / "documents.csv")
    assert len(resumed) == MEMBERS + 2
    assert len({r["path"] for r in resumed}) == MEMBERS + 2
    assert resumed == sorted_rows(clean / "documents.csv")
    assert sorted_rows(case / "affected.csv") == sorted_rows(clean / "affected.csv")
