"""A consultation planning kept in Excel, one sheet per day, as secretariats keep them.

openpyxl workbook, sheets named ``lun 12-05``, ``mar 13-05``...; each sheet starts with
merged title rows (``Consultations Dr X. NOM - Cardiologie`` over the table's width, then
the day written out), a header row, then one row per time slot (``08:30``, ``08:45``...)
whether booked or not: blank slots stay as empty rows. A booked slot holds the patient
in one cell with the birth date, ``DUPONT Marie (12/03/1961)``, the motive, sometimes a
phone, and an ``Observations`` column. The practitioner is staff and exposes nobody.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import date, datetime, time, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from leakmap.synth.casting import Cast
from leakmap.synth.families.callback_html import phone_text
from leakmap.synth.families.clinical import CONSULTATIONS, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.families.planning_pdf import practitioner_cell
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.synth.zip_writer import stable_zip
from leakmap.vocabulary import Category, FileKind

_FIXED = datetime(2024, 9, 30, 12, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_SHORT_DAYS = ("lun", "mar", "mer", "jeu", "ven")
_LONG_DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")  # fmt: skip
_SPECIALTIES = ("Cardiologie", "Gynécologie-Obstétrique", "Oncologie", "Psychiatrie", "Endocrinologie", "Consultations CeGIDD")  # fmt: skip
_NOTES = ("", "", "", "apporter résultats", "1ère fois", "RDV pris par tél.", "bilan sanguin avant", "interprète")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """A week's workbook: 3 to 5 day sheets of 12 to 28 slots, most of them booked."""
    monday = working_day(rng)
    monday -= timedelta(days=monday.weekday())
    doctor = cast.physician()
    specialty = rng.choice(_SPECIALTIES)
    step = rng.choice((15, 20, 30))
    with_phone = rng.random() < 0.5
    keep_accents = rng.random() < 0.5
    header = ["Heure", "Patient", "Motif", *(["Tél."] if with_phone else []), "Observations"]
    book = Workbook()
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    book.remove(book.active)  # type: ignore[arg-type]
    exposures: list[Exposure] = []
    for offset in range(rng.randint(3, 5)):
        day = monday + timedelta(days=offset)
        sheet = book.create_sheet(f"{_SHORT_DAYS[offset]} {day:%d-%m}")
        sheet.append([f"Consultations {practitioner_cell(doctor)} - {specialty}"])
        sheet.append([f"{_LONG_DAYS[offset]} {day.day} {_MONTHS[day.month - 1]} {day.year}"])
        for row in (1, 2):
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(header))
            sheet.cell(row=row, column=1).font = Font(bold=True, size=12 if row == 1 else 11)
            sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")
        sheet.append(header)
        slots = rng.randint(12, 28)
        people = iter(registry_patients(cast, slots, day))
        clock = datetime.combine(day, time(rng.choice((8, 9)), rng.choice((0, 30))))
        for _ in range(slots):
            person = next(people, None) if rng.random() < 0.8 else None
            slot = clock.strftime("%H:%M") if rng.random() < 0.7 else clock.time()
            if person is None:
                sheet.append([slot])
            else:
                values, exposure = _row(rng, person, day, with_phone, keep_accents)
                sheet.append([slot, *values])
                exposures.append(exposure)
            clock += timedelta(minutes=step)
            if clock.hour == 12 and rng.random() < 0.5:
                sheet.append(["Pause déjeuner"])
                clock = clock.replace(hour=14, minute=0)
        sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    folder = rng.choice(("Consultations/Plannings/{year}", "Secretariat/{specialty}/planning", "Utilisateurs/secretariat.consult/Documents"))  # fmt: skip
    stem = rng.choice((f"Planning consult S{monday:%V}", f"planning_{monday:%d%m%Y}", f"CONSULT semaine {monday:%d-%m}", "planning consultations"))  # fmt: skip
    name = f"{folder.format(year=monday.year, specialty=specialty)}/{stem}.xlsx"
    return LeakedItem(name, FileKind.XLSX.value, _frozen(buffer.getvalue()), tuple(exposures))


def patient_cell(person: Person, keep_accents: bool) -> str:
    """``DUPONT Marie (12/03/1961)``: used name, first given name, birth date."""
    return f"{upper(person.family_name, keep_accents=keep_accents)} {person.first_given} ({person.birth_date:%d/%m/%Y})"  # fmt: skip


def _row(rng: random.Random, person: Person, day: date, with_phone: bool, keep_accents: bool) -> tuple[list[str], Exposure]:  # fmt: skip
    finding = pick_finding(rng, CONSULTATIONS, person, day)
    shown = {Category.BIRTH_DATE}
    values = [patient_cell(person, keep_accents), finding.label]
    if with_phone:
        phone = phone_text(rng, person.phone) if person.phone and rng.random() < 0.8 else ""
        values.append(phone)
        if phone:
            shown.add(Category.PHONE)
    values.append(rng.choice(_NOTES))
    exposure = row_exposure(person, shown, finding.categories, families=(person.family_name,), given=person.first_given, ipp=False)  # fmt: skip
    return values, exposure


def _frozen(data: bytes) -> bytes:
    """The workbook with fixed member times and modification date (same seed, same bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return stable_zip([(name, _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body) if name == "docProps/core.xml" else body) for name, body in members])  # fmt: skip
