"""Real formats read as what they are (issue 17 point 7): each file is built by the test,
walked, sniffed and extracted through the registry, and its person comes out as a row
with name and birth date. Every person is fictitious."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from real_formats import (
    TIFF_PREAMBLE,
    biff_list,
    dicom_image,
    dicomdir,
    fhir_ndjson,
    fhir_patient,
    xlsb_list,
)
from xlsb_writer import xlsb_workbook

from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.extract.xlsb import MAX_GRID_CELLS
from leakmap.settings import ScanSettings
from leakmap.walk.dump import walk_dump

SETTINGS = ScanSettings(workers=1)
PATIENTS = [
    ("LE GOFF", "Yann", "19710303", "M", "10000004", "IRM cérébrale"),
    ("LEROY", "Anne", "19750615", "F", "10000008", "Scanner abdominal"),
]


def _read(tmp_path: Path, name: str, data: bytes) -> ExtractedDocument:
    root = tmp_path / "dump"
    root.mkdir(exist_ok=True)
    (root / name).write_bytes(data)
    (file,) = [f for f in walk_dump(root, SETTINGS) if str(f.path) == name]
    return extract_file(file, SETTINGS)


def _cells(document: ExtractedDocument) -> list[dict[str, str]]:
    return [dict(row.cells) for row in document.rows]


def test_dicom_with_a_tiff_preamble_is_read_as_dicom(tmp_path: Path) -> None:
    data = dicom_image("ZARKOVIC", "Milan", "19901010", "10000009", preamble=TIFF_PREAMBLE)
    document = _read(tmp_path, "IMG0001.tif", data)
    assert (document.kind.value, document.status.value) == ("dicom", "read")
    (row,) = _cells(document)
    assert (row["NOM"], row["PRENOM"], row["DDN"], row["IPP"]) == (
        "ZARKOVIC", "Milan", "10/10/1990", "10000009",
    )  # fmt: skip


@pytest.mark.parametrize("edited", [False, True], ids=["offset-tree", "file-order"])
def test_dicomdir_patient_records_are_rows(tmp_path: Path, edited: bool) -> None:
    document = _read(tmp_path, "DICOMDIR", dicomdir(PATIENTS, with_birth_dates=edited))
    assert (document.kind.value, document.status.value) == ("dicom", "read")
    rows = _cells(document)
    assert [(r["NOM"], r["PRENOM"], r["IPP"]) for r in rows] == [
        ("LE GOFF", "Yann", "10000004"), ("LEROY", "Anne", "10000008"),
    ]  # fmt: skip
    assert [r["EXAMEN"] for r in rows] == [
        "IRM cérébrale (15/01/2024)", "Scanner abdominal (15/01/2024)",
    ]  # fmt: skip
    assert [r["DDN"] for r in rows] == (["03/03/1971", "15/06/1975"] if edited else ["", ""])
    assert "IRM cérébrale" in document.blocks[0].text


def test_truncated_dicom_is_partial_without_the_cut_value(tmp_path: Path) -> None:
    data = dicom_image("ZARKOVIC", "Milan", "19901010", "10000009", preamble=bytes(128))
    cut = data.index(b"ZARKOVIC") + 4  # inside the PatientName value
    document = _read(tmp_path, "coupe.dcm", data[:cut])
    assert (document.status.value, document.reason) == ("partial", "corrupt: truncated")
    assert _cells(document)[0]["NOM"] == ""  # not "ZARK"


@pytest.mark.parametrize("size", [140, 200])
def test_dicom_cut_in_its_meta_header_is_unreadable_not_a_crash(tmp_path: Path, size: int) -> None:
    data = dicom_image("ZARKOVIC", "Milan", "19901010", "10000009", preamble=bytes(128))
    document = _read(tmp_path, "coupe.dcm", data[:size])
    assert (document.kind.value, document.status.value) == ("dicom", "unreadable")
    assert document.reason == "corrupt: truncated"


def test_dicomdir_cut_short_keeps_its_whole_records(tmp_path: Path) -> None:
    data = dicomdir(PATIENTS, with_birth_dates=True)
    cut = data.index(b"LEROY") + 2
    document = _read(tmp_path, "DICOMDIR", data[:cut])
    assert (document.status.value, document.reason) == ("partial", "corrupt: truncated")
    first = _cells(document)[0]
    assert (first["NOM"], first["DDN"]) == ("LE GOFF", "03/03/1971")


def test_fhir_single_patient_is_one_row_with_its_birth_date(tmp_path: Path) -> None:
    resource = fhir_patient("10000008", "LEROY", "Anne", "1975-06-15")
    document = _read(tmp_path, "Patient-1.json", json.dumps(resource, indent=2).encode())
    assert (document.kind.value, document.status.value) == ("json", "read")
    (row,) = _cells(document)  # was a row of the name alone, birth date lost
    assert (row["name.official.family"], row["birthDate"]) == ("LEROY", "1975-06-15")


def test_fhir_ndjson_reads_every_resource_and_a_cut_line_makes_it_partial(
    tmp_path: Path,
) -> None:
    patients = [
        fhir_patient("10000008", "LEROY", "Anne", "1975-06-15"),
        fhir_patient("10000009", "ZARKOVIC", "Milan", "1990-10-10"),
    ]
    whole = _read(tmp_path, "Patient.ndjson", fhir_ndjson(patients))
    assert (whole.kind.value, whole.status.value) == ("json", "read")
    families = [r.get("name.official.family") for r in _cells(whole)]
    assert families == ["LEROY", "ZARKOVIC", None]  # the Observation's line kept whole
    cut = _read(tmp_path, "cut.ndjson", fhir_ndjson(patients, cut_last=True))
    assert (cut.status.value, cut.reason) == ("partial", "corrupt: 1 line(s) not JSON")
    assert [r.get("birthDate") for r in _cells(cut)][:2] == ["1975-06-15", "1990-10-10"]


@pytest.mark.parametrize("version", [2, 3, 4, 5])
def test_old_excel_biff_streams_are_rows(tmp_path: Path, version: int) -> None:
    data = biff_list(version, [["10000005", "MOREAU-VASSEUR", "Jean-Pierre", "30/01/1959"]])
    document = _read(tmp_path, f"liste_biff{version}.xls", data)
    assert (document.kind.value, document.status.value) == ("xls", "read")
    assert _cells(document) == [
        {"IPP": "10000005", "NOM": "MOREAU-VASSEUR", "PRENOM": "Jean-Pierre", "DDN": "30/01/1959"}
    ]


def test_xlsb_rows_with_dates_from_their_number_format(tmp_path: Path) -> None:
    data = xlsb_list([("10000001", "DUPONT", "Marie Claire", date(1965, 3, 12))])
    document = _read(tmp_path, "liste.xlsb", data)
    assert (document.kind.value, document.status.value) == ("xlsb", "read")
    assert _cells(document) == [
        {"IPP": "10000001", "NOM": "DUPONT", "PRENOM": "Marie Claire", "DDN": "1965-03-12"}
    ]


def test_xlsb_far_columns_are_dropped_and_a_huge_sheet_is_cut(tmp_path: Path) -> None:
    far = [None] * 16_000
    sparse = xlsb_workbook("L", [["NOM", "DDN", *far, "NOTE"], ["LEROY", "15/06/1975", *far, "x"]])
    (row,) = _cells(_read(tmp_path, "sparse.xlsb", sparse))
    assert row == {"NOM": "LEROY", "DDN": "15/06/1975", "NOTE": "x"}
    # each row's last cell in a column of its own: padded, the rows pass MAX_GRID_CELLS
    rows = 1 + int((2 * MAX_GRID_CELLS) ** 0.5)
    staircase = [["LEROY", *[None] * (rows - r), "x"] for r in range(rows)]
    document = _read(tmp_path, "wide.xlsb", xlsb_workbook("L", [["NOM", "NOTE"], *staircase]))
    assert (document.status.value, document.reason.split(":")[0]) == ("partial", "too_large")
    assert 0 < len(document.rows) < rows


def _with_sheet(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its sheet part's bytes edited (the rest copied as is)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            part = source.read(name)
            target.writestr(name, edit(part) if name == "xl/worksheets/sheet1.bin" else part)
    return buffer.getvalue()


#: The sheet's last two records: the end of its data, the end of the sheet.
_SHEET_ENDS = 6


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda b: b[:-_SHEET_ENDS], "corrupt: truncated"),
        # a cell record of no bytes (BrtCellError): pyxlsb fails on it
        (lambda b: b[:-_SHEET_ENDS] + b"\x03\x00" + b[-_SHEET_ENDS:], "corrupt: damaged record"),
    ],
    ids=["cut", "damaged"],
)
def test_damaged_xlsb_keeps_the_rows_read_before(
    tmp_path: Path, edit: Callable[[bytes], bytes], reason: str
) -> None:
    data = xlsb_list([("10000001", "DUPONT", "Marie Claire", date(1965, 3, 12))])
    document = _read(tmp_path, "liste.xlsb", _with_sheet(data, edit))
    assert (document.status.value, document.reason.split(" (")[0]) == ("partial", reason)
    assert _cells(document)[0]["DDN"] == "1965-03-12"
