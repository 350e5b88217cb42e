"""``leakmap scan`` as a user runs it: a subprocess, then every file and column of the contract."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leakmap.vocabulary import Category, Decision, ReadStatus, Severity, parse_categories


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=300,
    )


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_scan_writes_the_contract_outputs(tmp_path: Path, small_dump, registry_csv: Path) -> None:
    dump, exposed = small_dump
    case = tmp_path / "case"
    result = _run(
        "scan", str(dump), "--registry", str(registry_csv), "--out", str(case), "--workers", "2"
    )
    assert result.returncode == 0, result.stderr
    assert "patients à notifier" in result.stdout  # leakmap speaks French by default

    header, affected = _read(case / "affected.csv")
    assert header == ["patient_id", "decision", "confidence", "severity", "categories", "documents"]
    by_id = {row["patient_id"]: row for row in affected}
    for row in affected:
        assert Decision(row["decision"]) and Severity(row["severity"])
        assert 0.0 <= float(row["confidence"]) <= 1.0
        assert int(row["documents"]) >= 1
        parse_categories(row["categories"])
    notified = {pid for pid, row in by_id.items() if row["decision"] == "notify"}
    assert {"10000001", "10000004", "10000009", "10000005", "10000003", "10000002"} <= notified
    assert by_id["10000006"]["decision"] == by_id["10000007"]["decision"] == "review"
    assert "10000008" not in by_id  # the pathologist is not a patient exposure
    assert Category.SEXUAL_HEALTH in parse_categories(by_id["10000009"]["categories"])
    assert Category.SEXUAL_HEALTH not in parse_categories(by_id["10000005"]["categories"])
    assert {Category.PATHOLOGY, Category.ONCOLOGY, Category.HOSPITAL_ID} <= parse_categories(
        by_id["10000001"]["categories"]
    )
    assert Category.MENTAL_HEALTH in parse_categories(by_id["10000004"]["categories"])

    header, unregistered = _read(case / "unregistered.csv")
    assert header == ["family_name", "given_names", "birth_date", "categories", "documents"]
    staff = [r for r in unregistered if r["family_name"] == "KERGUELEN"]
    assert (
        staff and staff[0]["birth_date"] == "1988-02-02" and "health" not in staff[0]["categories"]
    )

    header, documents = _read(case / "documents.csv")
    assert header == [
        "path",
        "sha256",
        "kind",
        "pages",
        "ocr",
        "status",
        "reason",
        "patients",
        "categories",
        "wave",
        "first_wave",
    ]
    rows = {row["path"]: row for row in documents}
    expected_paths = set(exposed) | {
        "mail.eml", "archive.zip", "archive.zip!/dossiers/inner.zip", "empty.txt", "truncated.pdf",
        "locked.zip", "locked.zip!/secret.pdf",
    }  # fmt: skip
    assert expected_paths <= set(rows)
    for path in ("empty.txt", "truncated.pdf", "locked.zip!/secret.pdf"):
        assert rows[path]["status"] == ReadStatus.UNREADABLE and rows[path]["reason"], path
    assert rows["empty.txt"]["reason"].startswith("empty")
    assert rows["locked.zip!/secret.pdf"]["reason"].startswith("encrypted")
    assert (
        rows["Anapath/CR_biopsie.pdf"]["status"] == "read"
        and rows["Anapath/CR_biopsie.pdf"]["patients"] == "1"
    )
    assert rows["labo_worklist.xlsx"]["patients"] == "2"
    assert all(len(row["sha256"]) == 64 for row in documents if row["status"] != "unreadable")


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_scan_refuses_a_bad_registry_with_one_line(tmp_path: Path, small_dump) -> None:
    dump, _ = small_dump
    bad = tmp_path / "bad.csv"
    bad.write_text("id;nom\n1;x\n", encoding="utf-8")
    result = _run("scan", str(dump), "--registry", str(bad), "--out", str(tmp_path / "case"))
    assert result.returncode == 3
    assert len(result.stderr.strip().splitlines()) == 1 and "header lacks" in result.stderr
    assert not (tmp_path / "case").exists()


def test_scan_refuses_a_missing_dump(tmp_path: Path, registry_csv: Path) -> None:
    result = _run(
        "scan",
        str(tmp_path / "nope"),
        "--registry",
        str(registry_csv),
        "--out",
        str(tmp_path / "c"),
    )
    assert result.returncode == 4 and "fichier ou dossier introuvable" in result.stderr  # French


def test_second_wave_adds_to_the_case(tmp_path: Path, small_dump, registry_csv: Path) -> None:
    dump, _ = small_dump
    case = tmp_path / "case"
    assert (
        _run("scan", str(dump), "--registry", str(registry_csv), "--out", str(case)).returncode == 0
    )
    wave2 = tmp_path / "wave2"
    wave2.mkdir()
    (wave2 / "new.txt").write_text(
        "Mme LEROY Anne, née le 15/06/1975, scanner thoracique.", encoding="utf-8"
    )
    result = _run("scan", str(wave2), "--registry", str(registry_csv), "--out", str(case))
    assert result.returncode == 0 and "(1 nouveau)" in result.stdout
    _, affected = _read(case / "affected.csv")
    ids = {row["patient_id"] for row in affected}
    assert {"10000001", "10000008"} <= ids


def test_notify_writes_letters_kits_and_the_regulator_report(
    tmp_path: Path, small_dump, registry_csv: Path
) -> None:
    dump, _ = small_dump
    case = tmp_path / "case"
    assert (
        _run("scan", str(dump), "--registry", str(registry_csv), "--out", str(case)).returncode == 0
    )
    result = _run("notify", str(case))
    assert result.returncode == 0, result.stderr
    assert "courriers écrits :" in result.stdout and "letters written" not in result.stdout
    letters = {p.name for p in (case / "letters").iterdir()}
    assert "10000001.pdf" in letters and "not_sent.csv" in letters
    # A draft only where the registry has an e-mail (10000004's), none for 10000001.
    assert "10000004.eml" in letters and "10000001.eml" not in letters
    assert any(name.startswith("staff-") for name in letters)  # the HR file's nurse
    assert (case / "regulator" / "report.pdf").stat().st_size > 0
    assert any((case / "complaint_kits").iterdir())
    lookup = _run("lookup", str(case), "--family-name", "dupont", "--given-names", "marie claire",
                  "--birth-date", "12/03/1965")  # fmt: skip
    assert lookup.returncode == 0 and lookup.stdout.startswith("concerné\n")
    assert "10000001" not in lookup.stdout and "notifi" not in lookup.stdout  # one person, no id
    misspelled = _run("lookup", str(case), "--family-name", "dupond", "--given-names", "marie",
                      "--birth-date", "12/03/1965")  # fmt: skip
    assert misspelled.stdout == "non trouvé\n"  # a spelling is never guessed at
    assert _run("lookup", str(case), "--family-name", "dupont").returncode == 2


def test_scan_reads_a_mapped_registry_export(tmp_path: Path, small_dump) -> None:
    dump, _ = small_dump
    export = tmp_path / "export_patients.csv"
    export.write_text(
        "IPP;NOM_USAGE;NOM_NAISSANCE;PRENOM;DATE_NAIS;SEXE\n"
        "10000001;DUPONT;;Marie Claire;12/03/1965;2\n"
        "10000004;LE GOFF;;Yann;03/03/1971;1\n",
        encoding="latin-1",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'delimiter = ";"\nencoding = "latin-1"\n[columns]\npatient_id = "IPP"\n'
        'family_name = "NOM_USAGE"\nbirth_name = "NOM_NAISSANCE"\ngiven_names = "PRENOM"\n'
        'birth_date = "DATE_NAIS"\nsex = "SEXE"\n[dates]\nbirth_date = ["%d/%m/%Y"]\n'
        '[sex]\nM = ["1"]\nF = ["2"]\n',
        encoding="utf-8",
    )
    case = tmp_path / "case"
    result = _run(
        "scan",
        str(dump),
        "--registry",
        str(export),
        "--registry-map",
        str(mapping),
        "--out",
        str(case),
    )
    assert result.returncode == 0, result.stderr
    _, affected = _read(case / "affected.csv")
    assert {r["patient_id"]: r["decision"] for r in affected} == {
        "10000001": "notify",
        "10000004": "notify",
    }
