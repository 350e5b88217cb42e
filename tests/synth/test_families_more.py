"""The export families written from specifications the readers never saw (issue 16 point 8).

Each file is parsed back with its format's own library (ElementTree, csv, python-docx,
openpyxl, html.parser) or by its specification's record rules, never with leakmap's
readers; each family is deterministic for a seed, and its truth names the patients the
file prints.
"""

from __future__ import annotations

import csv
import io
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from leakmap.synth.casting import Cast
from leakmap.synth.contacts import ascii_fold
from leakmap.synth.families import FAMILY_NAMES, cda_r2_dmp, hprim_sante, rpu_urgences
from leakmap.synth.families.cohort import INS_NIR_OID, IPP_OID
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.people import KeyCounter, build_population
from leakmap.synth.person import Role
from leakmap.vocabulary import Category

Make = Callable[[Cast, random.Random], LeakedItem]
NEW = {"hprim_sante": hprim_sante.make, "cda_r2_dmp": cda_r2_dmp.make, "rpu_urgences": rpu_urgences.make}  # fmt: skip


def _cast(seed: int = 5) -> Cast:
    rng = random.Random(seed)
    keys = KeyCounter()
    return Cast(rng, build_population(rng, patients=300, keys=keys), keys)


@pytest.fixture(scope="module")
def cast() -> Cast:
    return _cast()


def _items(cast: Cast, make: Make, count: int, seed: int = 1) -> list[LeakedItem]:
    rng = random.Random(seed)
    return [make(cast, rng) for _ in range(count)]


def _fold(text: str) -> str:
    return ascii_fold(text).upper()


def test_new_families_are_registered_after_the_old_ones() -> None:
    assert FAMILY_NAMES[:7] == ("hl7_pam_fr", "pmsi_lab_undelimited", "fixed_width", "headerless_csv", "planning_pdf", "spreadsheet_vendor", "fhir_fr_core")  # fmt: skip
    assert set(NEW) <= set(FAMILY_NAMES[7:])


@pytest.mark.parametrize("name", sorted(NEW))
def test_new_family_is_deterministic_and_exposes_patients_with_health(name: str) -> None:
    first = _items(_cast(), NEW[name], 3, seed=9)
    again = _items(_cast(), NEW[name], 3, seed=9)
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
    for item in _items(cast, hprim_sante.make, 15):
        records = _hprim_records(item.data)
        assert records[0][:2] == ["H", "~^\\&"] and records[-1][0] == "L"
        patients = [r for r in records if r[0] == "P"]
        assert len(patients) == len(item.exposures)
        assert any(r[0] == "OBX" for r in records)
        for record, exposure in zip(patients, item.exposures, strict=True):
            person = exposure.person
            family, given = record[5].split("^")[:2]
            assert _fold(family) == _fold(person.family_name)
            assert _fold(given) == _fold(exposure.given)
            assert record[7] == f"{person.birth_date:%Y%m%d}"
            assert (record[2] == person.patient_id) is exposure.shows_patient_id
            without_ipp += not record[2]
            assert Category.LABORATORY in exposure.categories
    assert without_ipp  # some files carry only the laboratory's own number


def test_cda_record_target_parses_with_its_oids_and_qualifiers(cast: Cast) -> None:
    ns = {"h": cda_r2_dmp.HL7}
    qualifiers = set()
    for item in _items(cast, cda_r2_dmp.make, 20):
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
        assert {_fold(f.text or "") for f in families} == {_fold(n) for n in exposure.families}
        gender = role.find("h:patient/h:administrativeGenderCode", ns)
        assert gender is not None and gender.get("code") == person.sex.value
    assert {"BR", "SP", None} <= qualifiers


def test_rpu_reads_as_cp1252_semicolon_csv_with_empty_birth_names(cast: Cast) -> None:
    empty_birth_names = 0
    for item in _items(cast, rpu_urgences.make, 6):
        rows = list(csv.DictReader(io.StringIO(item.data.decode("cp1252")), delimiter=";"))
        assert len(rows) == len(item.exposures)
        for row, exposure in zip(rows, item.exposures, strict=True):
            person = exposure.person
            assert _fold(row["NOM_USUEL"]) == _fold(person.family_name)
            assert row["DDN"] in (f"{person.birth_date:%d/%m/%Y}", f"{person.birth_date:%d%m%Y}")
            assert row["SEXE"] in (person.sex.value, "2" if person.sex.value == "F" else "1")
            empty_birth_names += bool(person.birth_name) and not row["NOM_NAISS"]
            assert (person.birth_name in exposure.families) is bool(person.birth_name and row["NOM_NAISS"])  # fmt: skip
    assert empty_birth_names
