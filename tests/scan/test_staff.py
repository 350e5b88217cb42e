"""Staff across the dump: the staff directory (``--staff``) and names on too many files.

Real text files, a real scan into a real encrypted case; every person is fictitious. Anne
LEROY is a registry patient (10000008) and, here, also a physician who signs reports with
no title: her signature is not her exposure, her own patient label is.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from leakmap.errors import StaffDirectoryError
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case

LEROY = "10000008"
ZARKOVIC = "10000009"
#: Patients with their own label line (name and birth date), one per report.
LABELS = [
    ("10000001", "Mme DUPONT Marie Claire, née le 12/03/1965"),
    ("10000003", "Mme DURAND Jeanne, née le 05/11/1948"),
    ("10000004", "M. LE GOFF Yann, né le 03/03/1971"),
    ("10000005", "M. MOREAU-VASSEUR Jean-Pierre, né le 30/01/1959"),
    ("10000009", "M. ZARKOVIC Milan, né le 10/10/1990"),
]
SETTINGS = ScanSettings(workers=1, use_ner=False)


def _report(label: str, *, day: int) -> str:
    return (
        "CENTRE HOSPITALIER DE TESTVILLE - Service de cardiologie\n"
        f"Compte rendu de consultation du {day:02d}/03/2022\n"
        f"Patient : {label}\n"
        "Echographie cardiaque : fraction d'éjection conservée, pas de valvulopathie.\n"
        "Traitement inchangé.\n\n"
        "Anne LEROY\n"
        "Service de cardiologie\n"
    )


def _signed_reports(root: Path, count: int) -> None:
    """``count`` reports, each for one of the labelled patients, signed by Anne LEROY."""
    root.mkdir(parents=True)
    for i in range(count):
        _, label = LABELS[i % len(LABELS)]
        (root / f"cr_{i:02d}.txt").write_text(_report(label, day=1 + i), encoding="utf-8")


def _staff_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";") -> Path:
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _affected(case: Path) -> dict[str, str]:
    with (case / "affected.csv").open(encoding="utf-8", newline="") as handle:
        return {row["patient_id"]: row["decision"] for row in csv.DictReader(handle)}


def test_scan_staff_directory_signer_is_not_exposed(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _signed_reports(dump, 2)
    staff = _staff_csv(
        tmp_path / "staff.csv",
        [["Nom", "Prénom", "Date de naissance", "Fonction", "Service"],
         ["LEROY", "Anne", "15/06/1975", "praticien hospitalier", "Cardiologie"]],
    )  # fmt: skip
    without = tmp_path / "without"
    scan(dump, registry=registry_csv, case_dir=without, settings=SETTINGS)
    assert LEROY in _affected(without), "control: an untitled signature alone links to her"
    case = tmp_path / "case"
    scan(dump, registry=registry_csv, staff=staff, case_dir=case, settings=SETTINGS)
    affected = _affected(case)
    assert LEROY not in affected
    assert affected["10000001"] == "notify"
    with Case.open(case, writer=False) as stored:
        assert stored.get_meta("settings")["staff_directory"] == "staff.csv"


def test_scan_staff_member_on_her_own_label_is_notified(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _signed_reports(dump, 1)
    (dump / "her_own.txt").write_text(
        _report("Mme LEROY Anne, née le 15/06/1975", day=20), encoding="utf-8"
    )
    staff = _staff_csv(tmp_path / "staff.csv", [["family_name", "given_names"], ["Leroy", "Anne"]])
    case = tmp_path / "case"
    scan(dump, registry=registry_csv, staff=staff, case_dir=case, settings=SETTINGS)
    assert _affected(case)[LEROY] == "notify"


def test_scan_staff_directory_kept_for_the_next_wave(tmp_path: Path, registry_csv: Path) -> None:
    staff = _staff_csv(tmp_path / "staff.csv", [["Nom", "Prénom"], ["LEROY", "Anne"]])
    case = tmp_path / "case"
    _signed_reports(tmp_path / "wave1", 1)
    scan(tmp_path / "wave1", registry=registry_csv, staff=staff, case_dir=case, settings=SETTINGS)
    _signed_reports(tmp_path / "wave2", 2)
    scan(tmp_path / "wave2", registry=registry_csv, case_dir=case, settings=SETTINGS)
    assert LEROY not in _affected(case)


def test_bad_staff_directory_lists_every_problem(tmp_path: Path, registry_csv: Path) -> None:
    staff = _staff_csv(
        tmp_path / "staff.csv",
        [["Nom", "Prénom", "DDN"], ["LEROY", "", "15/06/1975"], ["", "Paul", "1980-01-01"],
         ["MARTIN", "Luc", "31/02/1980"]],
        delimiter=",",
    )  # fmt: skip
    dump = tmp_path / "dump"
    _signed_reports(dump, 1)
    with pytest.raises(StaffDirectoryError) as raised:
        scan(dump, registry=registry_csv, staff=staff, case_dir=tmp_path / "case")
    assert raised.value.problems == [
        "staff.csv row 2: given_names is empty; every staff member needs one",
        "staff.csv row 3: family_name is empty; every staff member needs one",
        "staff.csv row 4: birth_date is not YYYY-MM-DD or DD/MM/YYYY; fix the row",
    ]
    assert not (tmp_path / "case").exists()


def test_cli_staff_directory_without_names_exits_3(tmp_path: Path, registry_csv: Path) -> None:
    staff = _staff_csv(tmp_path / "staff.csv", [["Matricule", "Service"], ["A12", "Cardio"]])
    dump = tmp_path / "dump"
    _signed_reports(dump, 1)
    command = [sys.executable, "-m", "leakmap", "scan", str(dump), "--registry", str(registry_csv),
               "--staff", str(staff), "--out", str(tmp_path / "case")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert "staff.csv: header lacks family_name, given_names" in done.stderr
    assert "LEROY" not in done.stderr


def test_frequent_untitled_signer_is_not_exposed(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _signed_reports(dump, 10)
    control = tmp_path / "control"
    scan(dump, registry=registry_csv, case_dir=control,
         settings=replace(SETTINGS, staff_min_documents=0))  # fmt: skip
    assert LEROY in _affected(control), "control: without the frequency rule she is linked"
    case = tmp_path / "case"
    scan(dump, registry=registry_csv, case_dir=case, settings=SETTINGS)
    affected = _affected(case)
    assert LEROY not in affected
    assert affected[ZARKOVIC] == "notify"


def test_patient_on_many_files_with_birth_date_stays_notified(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    for i in range(12):
        text = (
            f"Séance de dialyse n°{i}\nPatient : M. ZARKOVIC Milan, né le 10/10/1990\n"
            "Hémodialyse sans incident. Milan ZARKOVIC repart à domicile.\n"
        )
        (dump / f"dialyse_{i:02d}.txt").write_text(text, encoding="utf-8")
    case = tmp_path / "case"
    scan(dump, registry=registry_csv, case_dir=case, settings=SETTINGS)
    assert _affected(case)[ZARKOVIC] == "notify"
