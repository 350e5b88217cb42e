"""Registry duplicates across a real scan: a person's second record, marked "DOUBLON" or
"FUSIONNÉ avec IPP …", is that person; what the leak shows of it goes to the record kept,
so the person has one row in ``affected.csv`` (one letter), never two, and a list that
cannot tell the person from their own duplicate notifies the person instead of sending
them to review.

A real registry CSV and real leaked CSV lists, a real scan into a real case; every
person is fictitious.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leakmap.scan import scan
from leakmap.settings import ScanSettings

SETTINGS = ScanSettings(workers=1, use_ner=False)
LE_ROUX, LE_ROUX_DOUBLON, PERRIN, PERRIN_MERGED = "20000001", "20000002", "20000003", "20000004"
EXTRA = [
    (LE_ROUX, "LE ROUX", "", "Annick", "1957-09-14", "F", *[""] * 6),
    (LE_ROUX_DOUBLON, "LE ROUX", "", "Annick DOUBLON", "1957-09-14", "F", *[""] * 6),
    (PERRIN, "PERRIN", "", "Hugo", "1983-02-21", "M", *[""] * 6),
    (PERRIN_MERGED, "PERRIN", "FUSIONNÉ avec IPP 20000003", "Hugo", "1983-02-21", "M", *[""] * 6),
]


@pytest.fixture
def registry(registry_csv: Path) -> Path:
    with registry_csv.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(EXTRA)
    return registry_csv


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    root = tmp_path / "dump"
    root.mkdir()
    header = ["IPP", "Nom", "Prénom", "Date de naissance", "Examen"]
    # Before the merge the lab knew Annick LE ROUX under the duplicate's IPP.
    _write(root / "labo_2019.csv", [header, [LE_ROUX_DOUBLON, "LE ROUX", "Annick", "14/09/1957", "Ferritine"]])  # fmt: skip
    _write(root / "labo_2024.csv", [header, [LE_ROUX, "LE ROUX", "Annick", "14/09/1957", "Ferritine"]])  # fmt: skip
    # No IPP: as much the kept record as its duplicate, and both are Hugo PERRIN.
    _write(root / "rappels.csv", [["Nom", "Prénom", "DDN", "Motif"], ["PERRIN", "Hugo", "21/02/1983", "Résultats"]])  # fmt: skip
    return root


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["patient_id"]: row for row in csv.DictReader(handle)}


def test_a_duplicate_record_gives_no_second_letter(
    tmp_path: Path, registry: Path, dump: Path
) -> None:
    case = tmp_path / "case"
    scan(dump, registry=registry, case_dir=case, settings=SETTINGS)
    affected = _rows(case / "affected.csv")
    assert LE_ROUX_DOUBLON not in affected and PERRIN_MERGED not in affected
    assert affected[LE_ROUX]["decision"] == "notify"
    assert affected[LE_ROUX]["documents"] == "2"  # the duplicate's file counts for her
    assert affected[PERRIN]["decision"] == "notify"
    assert LE_ROUX_DOUBLON not in _rows(case / "test_records.csv")
