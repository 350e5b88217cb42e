"""XLSX exports of a patient-record (DPI) or laboratory vendor, written with openpyxl.

Vendors' workbooks mix real date cells (``datetime``, a date format) with date columns
stored as Excel serial numbers (``45231``, the days since 1899-12-30, number format
General), and name their columns their own way: ``DATE_NAISS``, ``NOM_JF``, ``Né(e) le``,
``dob``, ``Nom usuel``, ``N° IPP``, ``Age``. A column of free clinical text (``Motif``,
``Libellé acte``, ``Analyses``, ``Diagnostic``) says why the patient is there.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import date, datetime, time

from openpyxl import Workbook

from leakmap.synth.casting import Cast
from leakmap.synth.families.clinical import (
    ANALYSES,
    DIAGNOSES,
    INTERVENTIONS,
    MOTIVES,
    Finding,
    pick_finding,
)
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.synth.zip_writer import stable_zip
from leakmap.vocabulary import Category, FileKind

_EXCEL_EPOCH = date(1899, 12, 30)
_FIXED = datetime(2024, 9, 30, 12, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
#: (header, value key) per column; ``*_serial`` keys are dates stored as serial numbers.
_VENDORS: tuple[tuple[tuple[tuple[str, str], ...], tuple[Finding, ...]], ...] = (
    ((("N° IPP", "ipp"), ("Nom usuel", "family"), ("NOM_JF", "birth_name"), ("Prénom", "given"), ("Né(e) le", "birth"),
      ("Age", "age"), ("Date venue", "visit"), ("Motif", "text")), MOTIVES),
    ((("IPP", "ipp"), ("NOM", "family"), ("PRENOM", "given"), ("DATE_NAISS", "birth_serial"), ("SEXE", "sex"),
      ("DATE_PRESCR", "visit_serial"), ("Analyses", "text")), ANALYSES),
    ((("patient_id", "ipp"), ("last_name", "family"), ("first_name", "given"), ("dob", "birth"), ("gender", "sex"),
      ("exam_date", "visit"), ("Libellé acte", "text")), INTERVENTIONS),
    ((("Nom usuel", "family"), ("Nom de naissance", "birth_name"), ("Prénom", "given"), ("DATE_NAISS", "birth_serial"),
      ("Age", "age"), ("Tél. portable", "phone"), ("Date entrée", "visit"), ("Diagnostic", "text")), DIAGNOSES),
    ((("N° IPP", "ipp"), ("Nom", "family"), ("Prénom", "given"), ("dob", "birth_serial"), ("Motif", "text"),
      ("Mail", "email"), ("Date", "visit_serial")), MOTIVES),
)  # fmt: skip
_SHOWN = {"birth": Category.BIRTH_DATE, "birth_serial": Category.BIRTH_DATE, "phone": Category.PHONE, "email": Category.EMAIL}  # fmt: skip


def excel_serial(day: date) -> int:
    """The day as Excel's serial number (1900 date system, as Windows Excel writes it)."""
    return (day - _EXCEL_EPOCH).days


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One workbook of 10 to 90 patients, one row each."""
    columns, findings = rng.choice(_VENDORS)
    day = working_day(rng)
    family_upper = rng.random() < 0.7
    book = Workbook()
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = rng.choice(("Export", "Feuil1", "Resultats", "Extraction"))
    sheet.append([header for header, _ in columns])
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(10, 90), day):
        values, exposure = _row(rng, columns, findings, person, day, family_upper)
        sheet.append(values)
        exposures.append(exposure)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = rng.choice(
                    ("DD/MM/YYYY", "dd/mm/yyyy", "yyyy-mm-dd", "DD/MM/YYYY HH:MM")
                )
    buffer = io.BytesIO()
    book.save(buffer)
    folder = rng.choice(("exports/DPI", "Laboratoire/exports", "Utilisateurs/cadre.cardio/Documents", "Direction/Qualite/extractions"))  # fmt: skip
    stem = rng.choice((f"Export_{day:%Y%m%d}", f"extraction_{rng.randint(1, 999)}", f"liste_patients_{day:%m_%Y}", "Requete_resultats"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.xlsx", FileKind.XLSX.value, _frozen(buffer.getvalue()), tuple(exposures))  # fmt: skip


def _row(rng: random.Random, columns: tuple[tuple[str, str], ...], findings: tuple[Finding, ...], person: Person, day: date, family_upper: bool) -> tuple[list[object], Exposure]:  # fmt: skip
    finding = pick_finding(rng, findings, person, day)
    visit = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)))
    values: dict[str, object] = {
        "ipp": int(person.patient_id) if rng.random() < 0.2 else person.patient_id,
        "family": upper(person.family_name, keep_accents=True) if family_upper else person.family_name,
        "birth_name": upper(person.birth_name, keep_accents=True) if person.birth_name else None,
        "given": person.first_given, "birth": datetime.combine(person.birth_date, time()),
        "birth_serial": excel_serial(person.birth_date), "age": person.age_on(day), "sex": person.sex.value,
        "visit": visit, "visit_serial": excel_serial(day), "text": finding.label,
        "phone": person.phone or None, "email": person.email or None,
    }  # fmt: skip
    keys = {key for _, key in columns}
    shown = {
        category for key, category in _SHOWN.items() if key in keys and values[key] is not None
    }
    families = (person.family_name, person.birth_name) if "birth_name" in keys and person.birth_name else (person.family_name,)  # fmt: skip
    exposure = row_exposure(person, shown, finding.categories, families=families, given=person.first_given,
                            ipp="ipp" in keys, age_on=day if "age" in keys else None)  # fmt: skip
    return [values[key] for _, key in columns], exposure


def _frozen(data: bytes) -> bytes:
    """The workbook with fixed member times and modification date (same seed, same bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return stable_zip([(name, _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body) if name == "docProps/core.xml" else body) for name, body in members])  # fmt: skip
