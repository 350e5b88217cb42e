"""A week's operating-room programme typed in Word, as bloc secretaries circulate it.

A DOCX (python-docx) titled ``Programme opératoire du bloc central - semaine du
12/05/2025``, one heading per day (``Lundi 12/05``) and one Word table under it:
``Salle | Heure | Chirurgien | Anesthésiste | Patient | Âge | Intervention``. The patient
is one cell ``NOM Prénom`` (sometimes ``NOM née NAISSANCE Prénom``), with an age
(``54 ans``) instead of a birth date; surgeons and anaesthetists are staff written
``Dr X. NOM`` and expose nobody, even when a patient bears the same name. The page
header carries the hospital and ``Document de travail - ne pas diffuser``.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

from leakmap.synth.casting import Cast, Fit
from leakmap.synth.establishment import HOSPITAL
from leakmap.synth.families.clinical import INTERVENTIONS, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.families.planning_pdf import practitioner_cell
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.synth.zip_writer import restamp_zip
from leakmap.vocabulary import FileKind

_FIXED = datetime(2024, 9, 30, 12, 0, 0)
_DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")
_BLOCS = ("central", "ambulatoire", "de la maternité", "d'orthopédie", "B - Site de Penhars")
_HEADER = ("Salle", "Heure", "Chirurgien", "Anesthésiste", "Patient", "Âge", "Intervention")


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One week's programme: 3 to 5 days of 4 to 14 interventions each."""
    monday = working_day(rng)
    monday -= timedelta(days=monday.weekday())
    bloc = rng.choice(_BLOCS)
    surgeons = [cast.physician() for _ in range(rng.randint(2, 5))]
    anaesthetists = [cast.physician() for _ in range(rng.randint(1, 3))]
    keep_accents = rng.random() < 0.5
    document = Document()
    _fix_properties(document)
    header = document.sections[0].header
    header.paragraphs[0].text = f"{HOSPITAL} - Bloc opératoire"
    header.add_paragraph("Document de travail - ne pas diffuser")
    document.add_heading(f"Programme opératoire du bloc {bloc} - semaine du {monday:%d/%m/%Y}", level=1)  # fmt: skip
    exposures: list[Exposure] = []
    for offset in range(rng.randint(3, 5)):
        day = monday + timedelta(days=offset)
        document.add_heading(f"{_DAYS[offset]} {day:%d/%m}", level=2)
        rows = []
        for person in registry_patients(cast, rng.randint(4, 14), day, Fit(min_age=1)):
            row, exposure = _row(rng, person, day, rng.choice(surgeons), rng.choice(anaesthetists), keep_accents)  # fmt: skip
            rows.append(row)
            exposures.append(exposure)
        rows.sort(key=lambda r: (r[0], r[1]))
        _table(document, rows)
    if rng.random() < 0.5:
        document.add_paragraph(
            "Toute modification doit être signalée au cadre de bloc (poste 4512)."
        )
    buffer = io.BytesIO()
    document.save(buffer)
    folder = rng.choice(("Bloc/Programmes/{year}", "Services/Bloc opératoire/Planning", "Utilisateurs/secretariat.bloc/Documents", "Bloc/planning semaine"))  # fmt: skip
    stem = rng.choice((f"Programme bloc S{monday:%V}", f"programme_op_{monday:%Y%m%d}", f"PROG BLOC semaine du {monday:%d-%m-%Y}", f"planning_bloc_{monday:%d%m%y}"))  # fmt: skip
    return LeakedItem(f"{folder.format(year=monday.year)}/{stem}.docx", FileKind.DOCX.value, restamp_zip(buffer.getvalue()), tuple(exposures))  # fmt: skip


def _fix_properties(document: DocumentObject) -> None:
    properties = document.core_properties
    properties.created = _FIXED
    properties.modified = _FIXED
    properties.last_printed = _FIXED
    properties.author = "secretariat.bloc"
    properties.revision = 1


def patient_cell(rng: random.Random, person: Person, keep_accents: bool) -> tuple[str, tuple[str, ...]]:  # fmt: skip
    """``NOM Prénom`` or ``NOM née NAISSANCE Prénom``, and the registry names it shows."""
    used = upper(person.family_name, keep_accents=keep_accents)
    given = person.first_given if rng.random() < 0.85 else upper(person.first_given, keep_accents=keep_accents)  # fmt: skip
    if person.birth_name and rng.random() < 0.3:
        birth = upper(person.birth_name, keep_accents=keep_accents)
        return f"{used} née {birth} {given}", (person.family_name, person.birth_name)
    return f"{used} {given}", (person.family_name,)


def _row(rng: random.Random, person: Person, day: date, surgeon: Person, anaesthetist: Person, keep_accents: bool) -> tuple[tuple[str, ...], Exposure]:  # fmt: skip
    finding = pick_finding(rng, INTERVENTIONS, person, day)
    cell, families = patient_cell(rng, person, keep_accents)
    row = (f"Salle {rng.randint(1, 8)}", f"{rng.randint(7, 17):02d}h{rng.choice(('00', '15', '30', '45'))}",
           practitioner_cell(surgeon), practitioner_cell(anaesthetist), cell, f"{person.age_on(day)} ans", finding.label)  # fmt: skip
    exposure = row_exposure(person, (), finding.categories, families=families, given=person.first_given, ipp=False, age_on=day)  # fmt: skip
    return row, exposure


def _table(document: DocumentObject, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=len(rows) + 1, cols=len(_HEADER))
    table.style = "Table Grid"
    for cells, values in zip(table.rows, [_HEADER, *rows], strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
