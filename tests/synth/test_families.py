"""Export families: each writes files that parse as what they claim, with exact truth.

Files are read back with the named libraries (openpyxl, pypdfium2, json, csv) and by
the specifications' own rules (HL7's declared delimiters), never with leakmap's readers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pypdfium2
from click.testing import CliRunner
from family_cases import items as _items

from leakmap.cli import cli
from leakmap.synth import generate_hospital
from leakmap.synth.casting import Cast
from leakmap.synth.families import (
    FAMILY_NAMES,
    fhir_fr_core,
    fixed_width,
    headerless_csv,
    hl7_pam_fr,
    planning_pdf,
    pmsi_lab_undelimited,
    spreadsheet_vendor,
)
from leakmap.synth.families.spreadsheet_vendor import excel_serial
from leakmap.synth.person import Role
from leakmap.vocabulary import Category


def test_families_every_row_exposes_name_and_health(cast: Cast) -> None:
    for make in (hl7_pam_fr.make, pmsi_lab_undelimited.make, fixed_width.make, headerless_csv.make,
                 planning_pdf.make, spreadsheet_vendor.make, fhir_fr_core.make):  # fmt: skip
        for item in _items(cast, make, 3):
            assert item.exposures, item.name
            for exposure in item.exposures:
                assert Category.NAME in exposure.categories
                is_patient = exposure.person.role is Role.PATIENT
                assert (Category.HEALTH in exposure.categories) is is_patient, item.name


def _segments(data: bytes) -> list[str]:
    text = data.decode("utf-8") if b"UTF-8" in data[:300] else data.decode("latin-1")
    return [s for s in text.replace("\r\n", "\r").replace("\n", "\r").split("\r") if s]


def test_hl7_pid3_parses_by_the_declared_delimiters(cast: Cast) -> None:
    odd = 0
    for item in _items(cast, hl7_pam_fr.make, 40):
        segments = _segments(item.data)
        msh = next(s for s in segments if s.startswith("MSH"))
        field, component, repetition, _, subcomponent = msh[3], msh[4], msh[5], msh[6], msh[7]
        odd += (field, msh[4:8]) != ("|", "^~\\&")
        patients = {e.person.patient_id: e for e in item.exposures if e.person.role is Role.PATIENT}
        pids = [s.split(field) for s in segments if s.startswith("PID")]
        assert len(pids) == len(patients)
        for pid in pids:
            ids = {r.split(component)[0]: r.split(component)[3].split(subcomponent)[1] for r in pid[3].split(repetition)}  # fmt: skip
            ipp = next(value for value, oid in ids.items() if oid == hl7_pam_fr.IPP_OID)
            exposure = patients[ipp]
            assert (hl7_pam_fr.INS_NIR_OID in ids.values()) is (Category.NATIONAL_ID in exposure.categories)  # fmt: skip
            assert pid[7][:8] == f"{exposure.person.birth_date:%Y%m%d}" and len(pid[7]) in (8, 12)
            types = [r.split(component)[6] for r in pid[5].split(repetition)]
            assert sorted(types) == (["D", "L"] if exposure.person.birth_name else ["L"])
    assert 0 < odd < 40  # some files declare other delimiters, most the usual ones


def test_hl7_next_of_kin_is_an_unregistered_relative(cast: Cast) -> None:
    items = _items(cast, hl7_pam_fr.make, 10)
    kin = [e for item in items for e in item.exposures if e.person.role is Role.RELATIVE]
    nk1 = sum(s.startswith("NK1") for item in items for s in _segments(item.data))
    assert kin and len(kin) == nk1
    assert all(not e.person.patient_id and Category.HEALTH not in e.categories for e in kin)


def test_pmsi_and_lab_dates_are_undelimited(cast: Cast) -> None:
    for item in _items(cast, pmsi_lab_undelimited.make, 12):
        text = item.data.decode("cp1252", errors="replace")
        rows = [line for line in text.splitlines() if line]
        separator = max(";|\t", key=rows[0].count)
        header = rows[0].split(separator)
        births = [h for h in header if h in ("DT_NAIS", "PAT_DDN", "DATNAI", "DDN")]
        if not births:  # an export without its header line
            continue
        column = header.index(births[0])
        assert all(len(r.split(separator)[column]) == 8 and r.split(separator)[column].isdigit() for r in rows[1:])  # fmt: skip


def test_pmsi_lab_rows_reveal_their_analysis(cast: Cast) -> None:
    seen = set()
    for item in _items(cast, pmsi_lab_undelimited.make, 30):
        rows = item.data.decode("cp1252", errors="replace").splitlines()
        for line, exposure in zip(rows[1:] if "NOM" in rows[0] or "IPP" in rows[0] or "NUMDOS" in rows[0] else rows, item.exposures, strict=False):  # fmt: skip
            for code, category in (("|BHCG|", Category.GYNECOLOGY_OBSTETRICS), ("|VIH|", Category.SEXUAL_HEALTH), (";F322;", Category.MENTAL_HEALTH)):  # fmt: skip
                if code in line:
                    assert category in exposure.categories
                    seen.add(code)
    assert seen


def test_fixed_width_pages_and_prints_every_patient(cast: Cast) -> None:
    for item in _items(cast, fixed_width.make, 6):
        lines = item.data.decode("cp1252").splitlines()
        tops = [n for n, line in enumerate(lines) if "EDITE LE" in line]
        assert tops[0] == 0 and all(b - a <= 60 for a, b in zip(tops, tops[1:], strict=False))
        text = "\n".join(lines)
        for exposure in item.exposures:
            assert exposure.person.patient_id in text


def test_headerless_csv_starts_with_a_patient_row(cast: Cast) -> None:
    for item in _items(cast, headerless_csv.make, 10):
        text = item.data.decode("utf-8") if _is_utf8(item.data) else item.data.decode("cp1252")
        first = next(
            csv.reader(io.StringIO(text), delimiter=max(";,\t", key=text.splitlines()[0].count))
        )
        person = item.exposures[0].person
        assert (
            person.family_name.upper() in (c.upper() for c in first) or person.first_given in first
        )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_planning_pdf_prints_the_practitioner_who_is_not_exposed(cast: Cast) -> None:
    (item,) = _items(cast, planning_pdf.make, 1)
    document = pypdfium2.PdfDocument(item.data)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    staff = {p.key: p for p in cast.population.staff}
    printed = [p for p in staff.values() if planning_pdf.practitioner_cell(p) in text]
    assert printed, "the practitioner column is in the text layer"
    assert not {e.person.key for e in item.exposures} & staff.keys()
    for exposure in item.exposures:
        assert exposure.person.first_given in text


def test_spreadsheet_vendor_has_date_cells_and_serial_numbers(cast: Cast) -> None:
    kinds: set[str] = set()
    for item in _items(cast, spreadsheet_vendor.make, 10):
        sheet = openpyxl.load_workbook(io.BytesIO(item.data)).active
        header, *rows = list(sheet.iter_rows(values_only=True))
        births = {e.person.birth_date for e in item.exposures}
        for row in rows:
            kinds |= {"cell" for v in row if isinstance(v, datetime) and v.date() in births}
            kinds |= {
                "serial"
                for v in row
                if isinstance(v, int) and v in {excel_serial(b) for b in births}
            }
    assert kinds == {"cell", "serial"}


def test_fhir_ndjson_lines_are_patients_and_bundles_reference_them(cast: Cast) -> None:
    shapes = set()
    for item in _items(cast, fhir_fr_core.make, 12):
        if item.name.endswith(".ndjson"):
            resources = [json.loads(line) for line in item.data.decode().splitlines()]
            shapes.add("ndjson")
        else:
            bundle = json.loads(item.data)
            assert bundle["resourceType"] == "Bundle"
            resources = [entry["resource"] for entry in bundle["entry"]]
            shapes.add("bundle")
        patients = [r for r in resources if r["resourceType"] == "Patient"]
        assert len(patients) == len(item.exposures)
        for patient, exposure in zip(patients, item.exposures, strict=True):
            systems = {i["system"] for i in patient["identifier"]}
            assert (f"urn:oid:{fhir_fr_core.INS_NIR_OID}" in systems) is (Category.NATIONAL_ID in exposure.categories)  # fmt: skip
            assert patient["birthDate"] == exposure.person.birth_date.isoformat()
            assert {n["use"] for n in patient["name"]} == ({"official", "usual"} if exposure.person.birth_name else {"official"})  # fmt: skip
        ids = {p["id"] for p in patients}
        assert all(r["subject"]["reference"].removeprefix("Patient/") in ids for r in resources if "subject" in r)  # fmt: skip
    assert shapes == {"ndjson", "bundle"}


def test_only_exports_dump_records_each_file_family(tmp_path: Path) -> None:
    generate_hospital(tmp_path, seed=3, patients=200, files=2 * len(FAMILY_NAMES) - 1, export_families=FAMILY_NAMES, only_exports=True)  # fmt: skip
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    families = [entry.get("family") for path, entry in truth["files"].items() if "!/" not in path]  # fmt: skip
    assert sorted(families) == sorted(FAMILY_NAMES * 2)
    assert not any(name in path for path in truth["files"] for name in FAMILY_NAMES)
    assert {p.relative_to(tmp_path / "dump").as_posix() for p in (tmp_path / "dump").rglob("*") if p.is_file()} == {p for p in truth["files"] if "!/" not in p}  # fmt: skip


def test_families_leave_the_rest_of_the_dump_unchanged(tmp_path: Path) -> None:
    generate_hospital(tmp_path / "plain", seed=4, patients=150, files=12)
    generate_hospital(tmp_path / "more", seed=4, patients=150, files=12, export_families=("headerless_csv",), family_files=2)  # fmt: skip
    plain = json.loads((tmp_path / "plain" / "truth.json").read_text(encoding="utf-8"))["files"]
    more = json.loads((tmp_path / "more" / "truth.json").read_text(encoding="utf-8"))["files"]
    assert {k: v for k, v in more.items() if "family" not in v} == plain
    for path in plain:
        top = path.split("!/")[0]
        assert (tmp_path / "plain" / "dump" / top).read_bytes() == (tmp_path / "more" / "dump" / top).read_bytes()  # fmt: skip
    assert (tmp_path / "plain" / "registry.csv").read_bytes() == (tmp_path / "more" / "registry.csv").read_bytes()  # fmt: skip


def test_synth_cli_refuses_unknown_families() -> None:
    result = CliRunner().invoke(cli, ["synth", "--out", "unused", "--export-families", "hl7,nope"])
    assert result.exit_code != 0 and "fhir_fr_core" in result.output
