"""Column roles from headers and values: lists as other vendors' software writes them."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import openpyxl
import pytest

from leakmap.detect.column_roles import RegistryNames, infer_roles
from leakmap.detect.columns import Column, column_of
from leakmap.detect.dates import find_dates, parse_date_cell
from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.detect.text import fold
from leakmap.extract.document import ExtractedDocument, TableRow
from leakmap.extract.json_records import extract_json
from leakmap.extract.spreadsheet import extract_csv, extract_xlsx
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus
from leakmap.walk.sniff_text import text_kind

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("10000001", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("10000002", "MOREL-JACQUET", "", "Marc-Antoine", date(1981, 9, 23), "M", *[""] * 6),
    Patient("10000003", "LEFEBVRE", "", "Chantal", date(1965, 12, 3), "F", *[""] * 6),
    Patient("10000004", "GUILLOU", "", "Hervé", date(2004, 1, 30), "M", *[""] * 6),
]
CONTEXT = DetectionContext(NameIndex.build(PEOPLE), ScanSettings(workers=1), TODAY)
REGISTRY = RegistryNames(CONTEXT.names.given_tokens, given_words=CONTEXT.names.given_words)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12031965", date(1965, 3, 12)),  # DDMMYYYY (PMSI, lab systems)
        ("19651203", date(1965, 12, 3)),  # YYYYMMDD (HL7)
        ("202205120930", date(2022, 5, 12)),  # YYYYMMDDHHMM
        ("20220512093015", date(2022, 5, 12)),  # YYYYMMDDHHMMSS
        ("20121965", date(1965, 12, 20)),
        ("12.05.22", date(2022, 5, 12)),  # DD.MM.YY
    ],
)
def test_dates_hospital_software_writes(text: str, value: date) -> None:
    assert [d.value for d in find_dates(text, fold(text), today=TODAY)] == [value]


@pytest.mark.parametrize(
    "text", ["14898201", "0612345678", "296123502230970", "196512031260", "20220512250000"]
)
def test_numbers_that_are_no_dates(text: str) -> None:
    assert find_dates(text, fold(text), today=TODAY) == []


def test_a_spreadsheet_serial_is_a_date_only_in_a_date_column() -> None:
    assert parse_date_cell("24176", today=TODAY, serial=True) == date(1966, 3, 10)
    assert parse_date_cell("24176", today=TODAY) is None


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("PRN_PAT", Column.GIVEN),
        ("PAT_NOM", Column.FAMILY),
        ("DT_NAIS", Column.BIRTH_DATE),
        ("PAT_DDN", Column.BIRTH_DATE),
        ("NOM_JF", Column.BIRTH_NAME),
        ("NUM_IPP", Column.IPP),
        ("SEXE", Column.SEX),
        ("DT_ENT", Column.DATE),
        ("Date RDV", Column.DATE),
        ("NOM_MED", Column.STAFF),
        ("NOM_PRN", Column.FULL_NAME),
    ],
)
def test_vendors_abbreviated_headers_are_read_by_their_words(header: str, column: Column) -> None:
    assert column_of(header) is column


def _rows(headers: tuple[str, ...], *values: tuple[str, ...]) -> list[TableRow]:
    return [
        TableRow("t", i, tuple(zip(headers, row, strict=True))) for i, row in enumerate(values, 1)
    ]


def test_columns_without_headers_are_read_by_their_values() -> None:
    headers = ("col1", "col2", "col3", "col4", "col5", "col6")
    rows = _rows(
        headers,
        ("Dr M. LE GOFF", "KERGOAT", "Yvonne", "07031948", "22/05/2022", "Consultation"),
        ("Dr M. LE GOFF", "MOREL-JACQUET", "Marc-Antoine", "23091981", "22/05/2022", "Suivi"),
        ("Pr DURAND", "LEFEBVRE", "Chantal", "03121965", "23/05/2022", "Bilan"),
        ("Dr M. LE GOFF", "GUILLOU", "Hervé", "30012004", "23/05/2022", "Bilan"),
    )
    roles = infer_roles(headers, rows, REGISTRY, today=TODAY)
    assert [roles.of(h) for h in headers] == [
        Column.STAFF, Column.FAMILY, Column.GIVEN, Column.BIRTH_DATE, Column.DATE, Column.OTHER
    ]  # fmt: skip


def test_a_known_header_is_kept_and_values_name_no_second_family_column() -> None:
    headers = ("Nom", "col2", "DDN")
    rows = _rows(
        headers,
        ("KERGOAT", "LEFEBVRE", "07/03/1948"),
        ("GUILLOU", "KERGOAT", "30/01/2004"),
        ("LEFEBVRE", "GUILLOU", "03/12/1965"),
    )
    roles = infer_roles(headers, rows, REGISTRY, today=TODAY)
    assert [roles.of(h) for h in headers] == [Column.FAMILY, Column.OTHER, Column.BIRTH_DATE]


def _detect(document: ExtractedDocument) -> set[tuple[str, str, str]]:
    """(family, given, role, birth date) of each row's person."""
    findings = detect_document(document, CONTEXT)
    births = {i.location.row: i.value for i in findings.identifiers if i.kind.value == "birth_date"}
    return {
        (n.family_name, n.given_names, n.role.value, births.get(n.location.row, ""))
        for n in findings.names
    }


def test_a_headerless_csv_with_undelimited_dates_gives_its_patients() -> None:
    data = (
        "90000001;KERGOAT;Yvonne;07031948;F;Idées suicidaires\n"
        "90000002;MOREL-JACQUET;Marc-Antoine;23091981;M;Chute\n"
        "90000003;LEFEBVRE;Chantal;03121965;F;bHCG\n"
    ).encode("cp1252")
    parts = extract_csv(data, ScanSettings(workers=1))
    document = ExtractedDocument(
        "export.csv", "a" * 64, FileKind.CSV, ReadStatus.READ, rows=parts.rows
    )
    assert _detect(document) == {
        ("KERGOAT", "Yvonne", "unknown", "1948-03-07"),
        ("LEFEBVRE", "Chantal", "unknown", "1965-12-03"),
        ("MOREL-JACQUET", "Marc-Antoine", "unknown", "1981-09-23"),
    }


def test_a_worklist_with_serial_and_datetime_dates_gives_birth_dates() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Patient", "dob", "", "Prélèvement"])
    sheet.append(["KERGOAT Yvonne", (date(1948, 3, 7) - date(1899, 12, 30)).days, "x", datetime(2022, 5, 3, 8, 30)])  # fmt: skip
    sheet.append(["GUILLOU Hervé", (date(2004, 1, 30) - date(1899, 12, 30)).days, "y", datetime(2022, 5, 3, 9, 0)])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    parts = extract_xlsx(buffer.getvalue(), ScanSettings(workers=1))
    document = ExtractedDocument(
        "worklist.xlsx", "b" * 64, FileKind.XLSX, ReadStatus.READ, rows=parts.rows
    )
    assert _detect(document) == {
        ("GUILLOU", "Hervé", "unknown", "2004-01-30"),
        ("KERGOAT", "Yvonne", "unknown", "1948-03-07"),
    }


def test_a_fr_core_patient_gives_its_usual_and_birth_names_and_its_ins() -> None:
    lines = [
        json.dumps({"resourceType": "Patient", "identifier": [
            {"system": "urn:oid:1.2.250.1.999.1", "value": "90000001"},
            {"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "248037510300146"},
        ], "name": [
            {"use": "usual", "family": "KERGOAT", "given": ["Yvonne"]},
            {"use": "official", "family": "LE GALL", "given": ["Yvonne", "Marie"]},
        ], "birthDate": "1948-03-07", "gender": "female"}),
        json.dumps({"resourceType": "Patient", "name": [
            {"use": "official", "family": "GUILLOU", "given": ["Hervé"]}
        ], "birthDate": "2004-01-30"}),
    ]  # fmt: skip
    data = "\n".join(lines).encode()
    assert text_kind(data.decode(), truncated=False) is FileKind.JSON
    parts = extract_json(data, ScanSettings(workers=1))
    document = ExtractedDocument(
        "patients.ndjson", "c" * 64, FileKind.JSON, ReadStatus.READ, rows=parts.rows
    )
    findings = detect_document(document, CONTEXT)
    assert sorted((n.family_name, n.birth_name) for n in findings.names) == [
        ("GUILLOU", ""), ("KERGOAT", "LE GALL")
    ]  # fmt: skip
    nirs = [i.value for i in findings.identifiers if i.kind.value == "nir"]
    assert nirs == ["248037510300146"]


def test_a_headerless_export_gives_its_postcode_and_town_columns_by_their_values() -> None:
    """ "01/08/1963;Karine;29250;DUBOIS;F;06221367;;Saint-Pol-de-Léon": the postcode and
    the town are the patient's address, whatever no header says."""
    people = [
        Patient(
            f"1000000{n}",
            family,
            "",
            given,
            date(1950 + n, 1, 2),
            "F",
            "",
            postcode,
            city,
            "",
            "",
            "",
        )  # fmt: skip
        for n, (family, given, postcode, city) in enumerate(
            [
                ("KERGOAT", "Yvonne", "29250", "Saint-Pol-de-Léon"),
                ("LE GALL", "Anne", "29200", "Brest"),
                ("RIOU", "Marie", "29000", "Quimper"),
                ("TANGUY", "Julie", "29100", "Douarnenez"),
            ]
        )  # fmt: skip
    ]
    names = NameIndex.build(people)
    registry = RegistryNames(names.given_tokens, names.patient_ids, names.given_words, names.cities)
    headers = ("col1", "col2", "col3", "col4")
    rows = [
        TableRow(
            "t",
            i,
            tuple(zip(headers, (p.family_name, p.given_names, p.postcode, p.city), strict=True)),
        )  # fmt: skip
        for i, p in enumerate(people, 1)
    ]
    roles = infer_roles(headers, rows, registry, today=TODAY)
    assert (roles.of("col3"), roles.of("col4")) == (Column.POSTCODE, Column.CITY)
    ids = [("col1", ("10000001", "10000002", "10000003", "10000004"))]
    id_rows = [TableRow("t", i, ((ids[0][0], v),)) for i, v in enumerate(ids[0][1], 1)]
    assert infer_roles(("col1",), id_rows, registry, today=TODAY).of("col1") is Column.IPP
