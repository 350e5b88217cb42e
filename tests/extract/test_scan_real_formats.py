"""A whole scan over real formats that used to be missed (issue 17 point 7): DICOM with a
TIFF preamble, a DICOMDIR, a FHIR Patient alone and FHIR NDJSON, BIFF4 and BIFF5 lists,
an XLSB. Each names one registry patient with its birth date: every file is ``read`` in
``documents.csv`` and its patient is notified in ``affected.csv``; a registry that is one FHIR
Patient resource is accepted and that patient is found. Every person is fictitious."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from real_formats import (
    TIFF_PREAMBLE,
    biff_list,
    dicom_image,
    dicomdir,
    fhir_ndjson,
    fhir_patient,
    xlsb_list,
)

from leakmap.scan import scan
from leakmap.settings import ScanSettings

SETTINGS = ScanSettings(workers=1, use_ner=False)
#: File → (kind, the registry patient it names), patients of the shared test registry.
FILES = {
    "imagerie/IMG0001.tif": ("dicom", "10000009"),  # a DICOM that opens as a TIFF too
    "cd/DICOMDIR": ("dicom", "10000004"),
    "fhir/Patient-10000008.json": ("json", "10000008"),
    "fhir/Patient.ndjson": ("json", "10000003"),
    "listes/liste_1994.xls": ("xls", "10000005"),
    "listes/liste_1996.xls": ("xls", "10000002"),
    "listes/liste.xlsb": ("xlsb", "10000001"),
}


def _write_dump(root: Path) -> None:
    ndjson = fhir_ndjson([fhir_patient("10000003", "Durand", "Jeanne", "1948-11-05")])
    contents = {
        "imagerie/IMG0001.tif": dicom_image(
            "ZARKOVIC", "Milan", "19901010", "10000009", preamble=TIFF_PREAMBLE
        ),
        "cd/DICOMDIR": dicomdir(
            [("LE GOFF", "Yann", "19710303", "M", "10000004", "IRM cérébrale")],
            with_birth_dates=True,
        ),
        "fhir/Patient-10000008.json": json.dumps(
            fhir_patient("10000008", "Leroy", "Anne", "1975-06-15"), indent=2
        ).encode(),
        "fhir/Patient.ndjson": ndjson,
        "listes/liste_1994.xls": biff_list(
            4, [["10000005", "MOREAU-VASSEUR", "Jean-Pierre", "30/01/1959"]]
        ),
        "listes/liste_1996.xls": biff_list(5, [["10000002", "DUPONT", "Marie", "04/07/1971"]]),
        "listes/liste.xlsb": xlsb_list([("10000001", "DUPONT", "Marie Claire", date(1965, 3, 12))]),
    }
    for name, data in contents.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def _csv(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def test_scan_reads_real_formats_and_finds_their_patients(
    tmp_path: Path, registry_csv: Path
) -> None:
    _write_dump(tmp_path / "dump")
    scan(tmp_path / "dump", registry=registry_csv, case_dir=tmp_path / "case", settings=SETTINGS)
    documents = _csv(tmp_path / "case" / "documents.csv", "path")
    assert {p: (d["kind"], d["status"]) for p, d in documents.items()} == {
        path: (kind, "read") for path, (kind, _) in FILES.items()
    }
    affected = _csv(tmp_path / "case" / "affected.csv", "patient_id")
    for path, (_, patient_id) in FILES.items():
        assert affected[patient_id]["decision"] == "notify", path
        assert "birth_date" in affected[patient_id]["categories"], path
    assert "imaging" in affected["10000004"]["categories"]


def test_a_single_fhir_patient_is_a_registry(tmp_path: Path) -> None:
    _write_dump(tmp_path / "dump")
    registry = tmp_path / "Patient-10000008.json"
    registry.write_text(json.dumps(fhir_patient("10000008", "Leroy", "Anne", "1975-06-15")))
    scan(tmp_path / "dump", registry=registry, case_dir=tmp_path / "case", settings=SETTINGS)
    affected = _csv(tmp_path / "case" / "affected.csv", "patient_id")
    assert list(affected) == ["10000008"]
    assert affected["10000008"]["decision"] == "notify"
