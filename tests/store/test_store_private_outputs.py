"""Every output protected: modes whatever the umask, sealed outputs, export, rekey, weak keys.

A real scan of the small dump, then ``notify``'s letters, kits and regulator report;
``export`` and ``rekey`` run as the user runs them, as subprocesses of the CLI.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from leakmap.case_commands import seal_case_outputs
from leakmap.errors import CaseKeyError
from leakmap.notify import write_notifications
from leakmap.report.templating import export_templates
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.export import export_outputs
from leakmap.store.key_strength import MIN_KEY_BITS, key_entropy_bits
from leakmap.store.output_keys import output_identity

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

TODAY = date(2025, 2, 20)
NEW_KEY = "9e2b7d4a1f8c5e3b0d6a9f2c7e4b1d8a5f3c0e7b4d9a6f1c8e5b2d7a4f0c3e9b"
#: Files of a case that are never sealed: the database and SQLite's files, the lock, the
#: public recipient, the hospital's own settings and templates.
NEVER_SEALED = {"case.db", "case.db-wal", "case.db-shm", ".lock", "outputs.age-recipient"}


def _scan_and_notify(dump: Path, registry: Path, case_dir: Path) -> None:
    scan(
        dump,
        registry=registry,
        case_dir=case_dir,
        settings=ScanSettings(workers=1, use_ner=False),
        today=TODAY,
    )
    write_notifications(case_dir, today=TODAY)
    export_templates(case_dir)


def _tree(root: Path) -> Iterator[Path]:
    yield root
    yield from root.rglob("*")


def _leakmap(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *args],
        capture_output=True,
        text=True,
        env=os.environ | env,
        timeout=120,
    )


@pytest.mark.slow
def test_every_case_file_is_0600_and_folder_0700_under_umask_022(
    small_dump, registry_csv: Path, tmp_path: Path
) -> None:
    dump, _ = small_dump
    case_dir = tmp_path / "cases" / "case"
    before = os.umask(0o022)
    try:
        _scan_and_notify(dump, registry_csv, case_dir)
        with Case.open(case_dir):  # the WAL and SHM exist while a writer holds the case
            modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
                     for p in _tree(case_dir)}  # fmt: skip
    finally:
        os.umask(before)
    for must in ("affected.csv", "unregistered.csv", "documents.csv", "test_records.csv",
                 "case.db", "case.db-wal", "case.db-shm", ".lock", "case.toml",
                 "letters/print_shop.csv", "regulator/severity.csv", "regulator/report.pdf",
                 "regulator/report.html", "regulator/breach_register.json",
                 "regulator/people_by_category.png", "templates/letter.fr.txt"):  # fmt: skip
        assert f"cases/case/{must}" in modes, must
    assert any(name.endswith(".eml") for name in modes)
    assert any(name.startswith("cases/case/complaint_kits/") for name in modes)
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (tmp_path / name).is_dir() else 0o600)
    }
    assert wrong == {}
    assert stat.S_IMODE((tmp_path / "cases").stat().st_mode) == 0o700  # created by leakmap


@pytest.mark.slow
def test_sealed_outputs_are_age_files_and_export_opens_them(
    small_dump, registry_csv: Path, tmp_path: Path
) -> None:
    dump, exposed = small_dump
    case_dir = tmp_path / "case"
    scanned = _leakmap("scan", str(dump), "--registry", str(registry_csv), "--out", str(case_dir),
                       "--workers", "1", "--encrypt-outputs")  # fmt: skip
    assert scanned.returncode == 0, scanned.stderr
    assert "affected.csv.age" in scanned.stdout
    assert _leakmap("notify", str(case_dir)).returncode == 0  # the case keeps sealing
    outputs = [p for p in case_dir.rglob("*") if p.is_file()]
    plain = [
        p.relative_to(case_dir).as_posix()
        for p in outputs
        if p.name not in NEVER_SEALED and p.suffix != ".age"
        and p.name != "case.toml" and p.parent.name != "templates"
    ]  # fmt: skip
    assert plain == []
    sealed = (case_dir / "affected.csv.age").read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1") and b"patient_id" not in sealed
    assert not (case_dir / "affected.csv").exists()

    target = tmp_path / "exported"
    done = _leakmap("export", str(case_dir), "--to", str(target))
    assert done.returncode == 0, done.stderr
    assert "decrypted" in done.stdout and "plaintext now" in done.stdout
    rows = list(csv.DictReader(io.StringIO((target / "affected.csv").read_text("utf-8"))))
    assert {r["patient_id"] for r in rows} >= set().union(*exposed.values()) - {""}
    assert (target / "regulator" / "report.pdf").read_bytes().startswith(b"%PDF")
    assert any(p.read_bytes().startswith(b"%PDF") for p in (target / "letters").glob("*.pdf"))
    assert not (target / "case.db").exists() and not (target / "outputs.age-recipient").exists()
    for path in _tree(target):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path

    again = _leakmap("export", str(case_dir), "--to", str(target))
    assert again.returncode != 0 and "not an empty folder" in again.stderr
    inside = _leakmap("export", str(case_dir), "--to", str(dump / "out"))
    assert inside.returncode != 0 and "inside a dump" in inside.stderr
    assert not (dump / "out").exists()


def test_a_sealed_case_stays_sealed_when_its_recipient_file_is_deleted(
    tmp_path: Path,
) -> None:
    case_dir = tmp_path / "case"
    seal_case_outputs(case_dir)
    recipient = (case_dir / "outputs.age-recipient").read_text()
    (case_dir / "outputs.age-recipient").write_text("age1notours\n")
    Case.open(case_dir).close()
    assert (case_dir / "outputs.age-recipient").read_text() == recipient
    assert seal_case_outputs(case_dir) is False


def test_rekey_opens_with_the_new_key_and_refuses_the_old(tmp_path: Path, case_key: str) -> None:
    case_dir = tmp_path / "case"
    with Case.open(case_dir) as case:
        case.set_meta("marker", "kept")
    seal_case_outputs(case_dir)
    with Case.open(case_dir, writer=False) as case:
        identity = str(output_identity(case))

    weak = _leakmap("rekey", str(case_dir), LEAKMAP_NEW_KEY="hospital-2026")
    assert weak.returncode != 0 and "too weak" in weak.stderr
    key_file = tmp_path / "new.key"
    key_file.write_text(NEW_KEY + "\n")
    done = _leakmap("rekey", str(case_dir), "--new-key-file", str(key_file))
    assert done.returncode == 0, done.stderr

    with Case.open(case_dir, key=NEW_KEY, writer=False) as case:
        assert case.get_meta("marker") == "kept"
        assert str(output_identity(case)) == identity  # sealed outputs stay readable
    with pytest.raises(CaseKeyError, match="does not open this case"):
        Case.open(case_dir, key=case_key, writer=False)
    raw = (case_dir / "case.db").read_bytes()
    assert b"SQLite format" not in raw and b"kept" not in raw


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "test-key-0123456789abcdef",
        "correct horse battery staple",
        "a" * 64,
        "0123456789" * 4,
        "Hopital-Nord-2026-fuite-de-donnees",
        "5f2a9c1e7b3d",
    ],
)
def test_a_weak_key_is_refused_with_the_way_to_make_one(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAKMAP_KEY", key)
    with pytest.raises(CaseKeyError, match=r"too weak.*token_hex\(32\)") as refused:
        Case.open(tmp_path / "case")
    assert len(key) < 4 or key not in str(refused.value)
    assert not (tmp_path / "case").exists()


@pytest.mark.parametrize(
    "key",
    [
        "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f",  # token_hex(32)
        "b7e05d13c9f24a8e6b1d0f7c3a952e48",  # token_hex(16)
        "hL3vQ9xZ_pT2wK7mB4nR8yF1sD6gJ0cA5eU-iO3lV9q",  # token_urlsafe(32)
        "apple river cloud stone piano tiger lemon ocean brick flute",  # 10 Diceware words
    ],
)
def test_a_strong_key_is_accepted(key: str) -> None:
    assert key_entropy_bits(key) >= MIN_KEY_BITS


def test_a_writer_tightens_an_older_case_and_nothing_else_in_its_folder(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    Case.open(case_dir).close()
    loose = {"affected.csv": 0o644, "letters/10000001.pdf": 0o644, "notes.txt": 0o644}
    for name, mode in loose.items():
        (case_dir / name).parent.mkdir(exist_ok=True)
        (case_dir / name).write_text("fictitious\n")
        (case_dir / name).chmod(mode)
    case_dir.chmod(0o755)
    (case_dir / "letters").chmod(0o755)
    Case.open(case_dir).close()
    modes = {
        name: stat.S_IMODE((case_dir / name).stat().st_mode) for name in [*loose, "letters", "."]
    }
    assert modes == {"affected.csv": 0o600, "letters/10000001.pdf": 0o600, "letters": 0o700,
                     ".": 0o700, "notes.txt": 0o644}  # fmt: skip


def test_a_case_made_with_a_weak_key_is_refused_until_rekeyed(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    Case.open(case_dir, key="hospital-2019", allow_weak_key=True).close()  # an older leakmap's
    with pytest.raises(CaseKeyError, match="leakmap rekey"):
        Case.open(case_dir, key="hospital-2019")
    done = _leakmap("rekey", str(case_dir), LEAKMAP_KEY="hospital-2019", LEAKMAP_NEW_KEY=NEW_KEY)
    assert done.returncode == 0, done.stderr
    Case.open(case_dir, key=NEW_KEY).close()


def test_sealing_a_case_seals_the_plaintext_outputs_it_already_had(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    Case.open(case_dir).close()
    earlier = {"affected.csv": b"patient_id\n10000001\n", "letters/10000001.pdf": b"%PDF-1.4 x"}
    for name, data in earlier.items():
        (case_dir / name).parent.mkdir(exist_ok=True)
        (case_dir / name).write_bytes(data)
    assert seal_case_outputs(case_dir) is True
    assert not (case_dir / "affected.csv").exists()
    assert (case_dir / "letters" / "10000001.pdf.age").exists()
    summary = export_outputs(case_dir, tmp_path / "out")
    assert summary.decrypted == 2
    assert {n: (tmp_path / "out" / n).read_bytes() for n in earlier} == earlier
