"""The export families written from specifications the readers never saw (issue 16 point 8).

Each file is parsed back with its format's own library (ElementTree, csv, python-docx,
openpyxl, html.parser) or by its specification's record rules, never with leakmap's
readers; each family is deterministic for a seed, and its truth names the patients the
file prints.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from family_cases import fold, items, new_cast

from leakmap.synth import generate_hospital
from leakmap.synth.casting import Cast
from leakmap.synth.families import (
    FAMILY_NAMES,
    callback_html,
    cda_r2_dmp,
    consult_xlsx_days,
    hprim_sante,
    or_planning_docx,
    rpu_urgences,
)
from leakmap.synth.families.cohort import INS_NIR_OID, IPP_OID
from leakmap.synth.families.planning_pdf import practitioner_cell
from leakmap.synth.person import Role
from leakmap.vocabulary import Category

NEW = {"hprim_sante": hprim_sante.make, "cda_r2_dmp": cda_r2_dmp.make, "rpu_urgences": rpu_urgences.make,
       "or_planning_docx": or_planning_docx.make, "callback_html": callback_html.make,
       "consult_xlsx_days": consult_xlsx_days.make}  # fmt: skip


def test_new_families_are_registered_after_the_old_ones() -> None:
    assert FAMILY_NAMES[:7] == ("hl7_pam_fr", "pmsi_lab_undelimited", "fixed_width", "headerless_csv", "planning_pdf", "spreadsheet_vendor", "fhir_fr_core")  # fmt: skip
    assert set(NEW) <= set(FAMILY_NAMES[7:])


@pytest.mark.parametrize("name", sorted(NEW))
def test_new_family_is_deterministic_and_exposes_patients_with_health(name: str) -> None:
    first = items(new_cast(), NEW[name], 3, seed=9)
    again = items(new_cast(), NEW[name], 3, seed=9)
    assert [(i.name, i.data) for i in first] == [(i.name, i.data) for i in again]
    for item in first:
        assert item.exposures, item.name
        for exposure in item.exposures:
            assert exposure.person.role is Role.PATIENT
            assert {Category.NAME, Category.HEALTH} <= exposure.categories


def _hprim_records(data: bytes) -> list[list[str]]:
    """Records by HPRIM's rules: lines, ``A|`` continuations glued back, split on ``|``."""
    lines = [s for s in data.decode("latin-1").replace("\r\n", "\r").replace("\n", "\r").split("\r") if s]  # fmt: skip
    records: list[str] = []
    for line in lines:
        if line.startswith("A|"):
            records[-1] += line[2:]
        else:
            records.append(line)
    return [r.split("|") for r in records]


def test_hprim_p_records_are_the_exposed_patients(cast: Cast) -> None:
    without_ipp = 0
    for item in items(cast, hprim_sante.make, 15):
        records = _hprim_records(item.data)
        assert records[0][:2] == ["H", "~^\\&"] and records[-1][0] == "L"
        patients = [r for r in records if r[0] == "P"]
        assert len(patients) == len(item.exposures)
        assert any(r[0] == "OBX" for r in records)
        for record, exposure in zip(patients, item.exposures, strict=True):
            person = exposure.person
            family, given = record[5].split("^")[:2]
            assert fold(family) == fold(person.family_name)
            assert fold(given) == fold(exposure.given)
            assert record[7] == f"{person.birth_date:%Y%m%d}"
            assert (record[2] == person.patient_id) is exposure.shows_patient_id
            without_ipp += not record[2]
            assert Category.LABORATORY in exposure.categories
    assert without_ipp  # some files carry only the laboratory's own number


def test_cda_record_target_parses_with_its_oids_and_qualifiers(cast: Cast) -> None:
    ns = {"h": cda_r2_dmp.HL7}
    qualifiers = set()
    for item in items(cast, cda_r2_dmp.make, 20):
        root = ET.fromstring(item.data)
        (exposure,) = item.exposures
        person = exposure.person
        role = root.find("h:recordTarget/h:patientRole", ns)
        assert role is not None
        ids = {i.get("root"): i.get("extension") for i in role.findall("h:id", ns)}
        assert (ids.get(INS_NIR_OID) == person.nir) is (Category.NATIONAL_ID in exposure.categories)
        assert (ids.get(IPP_OID) == person.patient_id) is exposure.shows_patient_id
        birth = role.find("h:patient/h:birthTime", ns)
        assert birth is not None and birth.get("value", "")[:8] == f"{person.birth_date:%Y%m%d}"
        families = role.findall("h:patient/h:name/h:family", ns)
        qualifiers |= {f.get("qualifier") for f in families}
        assert {fold(f.text or "") for f in families} == {fold(n) for n in exposure.families}
        gender = role.find("h:patient/h:administrativeGenderCode", ns)
        assert gender is not None and gender.get("code") == person.sex.value
    assert {"BR", "SP", None} <= qualifiers


def test_rpu_reads_as_cp1252_semicolon_csv_with_empty_birth_names(cast: Cast) -> None:
    empty_birth_names = 0
    for item in items(cast, rpu_urgences.make, 6):
        rows = list(csv.DictReader(io.StringIO(item.data.decode("cp1252")), delimiter=";"))
        assert len(rows) == len(item.exposures)
        for row, exposure in zip(rows, item.exposures, strict=True):
            person = exposure.person
            assert fold(row["NOM_USUEL"]) == fold(person.family_name)
            assert row["DDN"] in (f"{person.birth_date:%d/%m/%Y}", f"{person.birth_date:%d%m%Y}")
            assert row["SEXE"] in (person.sex.value, "2" if person.sex.value == "F" else "1")
            empty_birth_names += bool(person.birth_name) and not row["NOM_NAISS"]
            assert (person.birth_name in exposure.families) is bool(person.birth_name and row["NOM_NAISS"])  # fmt: skip
    assert empty_birth_names


def test_or_planning_docx_tables_hold_patient_and_age_cells(cast: Cast) -> None:
    for item in items(cast, or_planning_docx.make, 4):
        document = docx.Document(io.BytesIO(item.data))
        title = document.paragraphs[0].text
        assert re.fullmatch(r"Programme opératoire du bloc .+ - semaine du \d\d/\d\d/\d{4}", title)
        rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
        body = [r for r in rows if r[0] != "Salle"]
        assert len(body) == len(item.exposures)
        staff = {practitioner_cell(p) for p in cast.population.staff}
        assert all(r[2] in staff and r[3] in staff and r[5].endswith(" ans") for r in body)
        cells = {r[4] for r in body}
        for exposure in item.exposures:
            person = exposure.person
            assert any(fold(c).startswith(fold(person.family_name)) and fold(c).endswith(fold(person.first_given)) for c in cells)  # fmt: skip
            assert exposure.age_on is not None and Category.BIRTH_DATE not in exposure.categories
            assert f"{person.age_on(exposure.age_on)} ans" in {r[5] for r in body}


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.title = ""
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th", "h1"):
            self._in = tag
            if tag != "h1":
                self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.title += data
        elif self._in:
            self.rows[-1][-1] += data


def test_callback_html_table_has_combined_names_phones_and_partial_dates(cast: Cast) -> None:
    born_names = 0
    for item in items(cast, callback_html.make, 6):
        parser = _Cells()
        parser.feed(item.data.decode("utf-8"))
        header, *rows = parser.rows
        assert re.search(r"\d\d/\d\d/\d{4}$", parser.title)
        assert len(rows) == len(item.exposures)
        for row, exposure in zip(rows, item.exposures, strict=True):
            person = exposure.person
            assert row[0].endswith(person.first_given) and fold(person.family_name) in fold(row[0])
            born_names += " née " in row[0]
            assert re.fullmatch(r"\d\d/\d\d", row[header.index("Rappel le")])
            digits = re.sub(r"\D", "", row[1])
            assert (Category.PHONE in exposure.categories) is bool(digits)
            if digits:
                assert (
                    digits.removeprefix("330").removeprefix("33") == person.phone[1:]
                    or digits == person.phone
                )
    assert born_names


def test_consult_xlsx_days_one_sheet_a_day_with_merged_titles_and_blank_slots(cast: Cast) -> None:
    for item in items(cast, consult_xlsx_days.make, 4):
        book = openpyxl.load_workbook(io.BytesIO(item.data))
        assert all(
            re.fullmatch(r"(lun|mar|mer|jeu|ven) \d\d-\d\d", s.title) for s in book.worksheets
        )
        cells: list[str] = []
        blanks = 0
        for sheet in book.worksheets:
            assert any(str(r) == f"A1:{sheet.cell(3, sheet.max_column).column_letter}1" for r in sheet.merged_cells.ranges)  # fmt: skip
            for row in sheet.iter_rows(min_row=4, values_only=True):
                if row[1] is None and row[0] != "Pause déjeuner":
                    blanks += 1
                elif row[1] is not None:
                    cells.append(str(row[1]))
        assert blanks and len(cells) == len(item.exposures)
        for cell, exposure in zip(cells, item.exposures, strict=True):
            assert cell == consult_xlsx_days.patient_cell(exposure.person, keep_accents=True) or cell == consult_xlsx_days.patient_cell(exposure.person, keep_accents=False)  # fmt: skip


def test_only_exports_of_the_new_families_writes_their_files(tmp_path: Path) -> None:
    generate_hospital(tmp_path, seed=1, patients=300, files=6, export_families=tuple(NEW), only_exports=True)  # fmt: skip
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert sorted(e["family"] for e in truth["files"].values()) == sorted(NEW)
    assert all(e["patients"] for e in truth["files"].values())
