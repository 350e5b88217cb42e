"""A scan killed midway (SIGKILL) and started again loses nothing and duplicates nothing."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from scan_runs import scan_process, sorted_rows

from leakmap.store import Case

FILES = 1500


def _write_dump(root: Path) -> None:
    root.mkdir()
    for i in range(FILES):
        day = 1 + i % 28
        text = (
            f"Compte rendu de consultation n°{i}\n"
            f"Patiente : Mme DUPONT Marie Claire, née le 12/03/1965\n"
            f"Examen du {day:02d}/05/2022 : échographie pelvienne normale.\n"
        )
        (root / f"cr_{i:04d}.txt").write_text(text, encoding="utf-8")
    (root / "other.txt").write_text(
        "M. LE GOFF Yann, né le 03/03/1971, IRM cérébrale.", encoding="utf-8"
    )


def test_killed_scan_resumes_without_loss_or_duplicates(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _write_dump(dump)
    case = tmp_path / "case"
    process = scan_process(dump, registry_csv, case)
    wal = case / "case.db-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 400_000:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the scan ended before it could be killed; raise FILES"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Case.open(case, writer=False) as reader:
        done_before = len(reader.known_paths())
    assert 0 < done_before < FILES + 1

    assert scan_process(dump, registry_csv, case).wait(timeout=300) == 0
    clean = tmp_path / "clean"
    assert scan_process(dump, registry_csv, clean).wait(timeout=300) == 0

    resumed_documents = sorted_rows(case / "documents.csv")
    assert len(resumed_documents) == FILES + 1
    assert len({r["path"] for r in resumed_documents}) == FILES + 1
    assert resumed_documents == sorted_rows(clean / "documents.csv")
    assert sorted_rows(case / "affected.csv") == sorted_rows(clean / "affected.csv")
    with Case.open(case, writer=False) as reader:
        mentions = reader.connection.execute(
            "SELECT count(*), count(DISTINCT key) FROM mentions"
        ).fetchone()
    assert mentions[0] == mentions[1] == FILES + 1
