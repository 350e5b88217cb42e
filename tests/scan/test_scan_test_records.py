"""Registry test records across a real scan: a leaked list names "TEST Patient" beside real
patients; the test record is in ``test_records.csv``, never in ``affected.csv``, and the
summary counts it. "TESTU Marie" is a real family name and a patient like any other; an
IPP range the hospital declares (``--test-pattern``) is set apart too.

Real CSV files, a real scan into a real encrypted case; every person is fictitious.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from leakmap.cli import cli
from leakmap.errors import ScanCannotRun
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case

SETTINGS = ScanSettings(workers=1, use_ner=False)
TEST_PATIENT, TESTU, QUALITY = "99999001", "10000050", "99990007"
#: Registry rows added to the shared fictitious registry.
EXTRA = [
    (TEST_PATIENT, "TEST", "", "Patient", "1990-01-01", "M", "", "", "", "", "", ""),
    (TESTU, "TESTU", "", "Marie", "1962-04-18", "F", "", "", "", "", "", ""),
    (QUALITY, "QUALITE", "", "Controle", "1985-06-06", "F", "", "", "", "", "", ""),
]  # fmt: skip
LIST = [
    ["IPP", "Nom", "Prénom", "Date de naissance", "Examen"],
    ["10000001", "DUPONT", "Marie Claire", "12/03/1965", "Glycémie à jeun"],
    [TEST_PATIENT, "TEST", "Patient", "01/01/1990", "Glycémie à jeun"],
    [TESTU, "TESTU", "Marie", "18/04/1962", "Hémoglobine glyquée"],
    [QUALITY, "QUALITE", "Controle", "06/06/1985", "Ionogramme"],
    ["10000009", "ZARKOVIC", "Milan", "10/10/1990", "Créatinine"],
]


@pytest.fixture
def registry(registry_csv: Path) -> Path:
    with registry_csv.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(EXTRA)
    return registry_csv


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    root = tmp_path / "dump"
    root.mkdir()
    for name, day in (("labo_liste_travail.csv", "12/03/2024"), ("labo_liste_veille.csv", "11/03/2024")):  # fmt: skip
        with (root / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([[f"Liste de travail du {day}"], *LIST])
    return root


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["patient_id"]: row for row in csv.DictReader(handle)}


def test_scan_test_record_is_reported_apart(tmp_path: Path, registry: Path, dump: Path) -> None:
    case = tmp_path / "case"
    summary = scan(dump, registry=registry, case_dir=case, settings=SETTINGS)
    affected = _rows(case / "affected.csv")
    assert TEST_PATIENT not in affected
    assert affected[TESTU]["decision"] == "notify"  # a real name, a real patient
    assert affected["10000001"]["decision"] == affected["10000009"]["decision"] == "notify"
    assert affected[QUALITY]["decision"] == "notify"  # no marker, no pattern: a patient
    assert _rows(case / "test_records.csv") == {
        TEST_PATIENT: {"patient_id": TEST_PATIENT, "reason": "name:TEST", "documents": "2"}
    }
    assert summary.test_records == 1
    with (case / "documents.csv").open(encoding="utf-8", newline="") as handle:
        documents = {row["path"]: row["patients"] for row in csv.DictReader(handle)}
    assert documents == {"labo_liste_travail.csv": "4", "labo_liste_veille.csv": "4"}


@pytest.mark.usefixtures("english_messages")  # the summary's English wording
def test_cli_test_pattern_sets_an_ipp_range_apart(tmp_path: Path, registry: Path, dump: Path) -> None:  # fmt: skip
    case = tmp_path / "case"
    args = ["scan", str(dump), "--registry", str(registry), "--out", str(case), "--workers", "1",
            "--test-pattern", "^9999"]  # fmt: skip
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "registry test records seen in the leak: 2 (test_records.csv)" in result.output
    affected = _rows(case / "affected.csv")
    assert QUALITY not in affected and TEST_PATIENT not in affected and TESTU in affected
    records = _rows(case / "test_records.csv")
    assert {pid: row["reason"] for pid, row in records.items()} == {
        QUALITY: "patient_id:/^9999/",
        TEST_PATIENT: "patient_id:/^9999/",
    }
    with Case.open(case, writer=False) as stored:
        recorded = stored.get_meta("settings")
    assert recorded["test_patterns"] == ["^9999"]
    assert recorded["rule_versions"]["link.test_records"] == "test-records.v1"
    assert "QUALITE" not in result.output and "TESTU" not in result.output


def test_bad_test_pattern_stops_the_scan_before_the_case(tmp_path: Path, registry: Path, dump: Path) -> None:  # fmt: skip
    settings = ScanSettings(workers=1, use_ner=False, test_patterns=("^9999(",))
    with pytest.raises(ScanCannotRun, match="--test-pattern #1"):
        scan(dump, registry=registry, case_dir=tmp_path / "case", settings=settings)
    assert not (tmp_path / "case").exists()
