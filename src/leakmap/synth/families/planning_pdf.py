"""Operating-room and consultation plannings printed to PDF by a scheduling system.

A text-layer PDF (reportlab) that draws a real table: positioned text in ruled cells,
landscape, repeated column headers on every page. Columns as planners print them:
``Heure | Praticien | Nom | Prénom | Né(e) le | Intervention | Salle``. The practitioner
(``Dr M. LE GOFF``) is staff and exposes nobody, even when a patient bears the same
name; the patients, often with compound names (``Morel-Jacquet``, ``Le Bihan``,
``Marc-Antoine``), are exposed with what their row prints.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from leakmap.synth.casting import Cast, Fit
from leakmap.synth.establishment import HOSPITAL
from leakmap.synth.families.clinical import CONSULTATIONS, INTERVENTIONS, Finding, pick_finding
from leakmap.synth.families.cohort import (
    compound_named,
    registry_patients,
    row_exposure,
    upper,
    working_day,
)
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_MARGIN = 30.0
_ROW = 16.0
_SIZE = 8.5


@dataclass(frozen=True, slots=True)
class _Planning:
    """A planning's title, columns ((header, width in points, key)) and findings."""

    title: str
    columns: tuple[tuple[str, float, str], ...]
    findings: tuple[Finding, ...]
    folders: tuple[str, ...]


_PLANNINGS = (
    _Planning("Programme opératoire - Bloc central", (("Heure", 38, "time"), ("Praticien", 118, "doctor"), ("Nom", 120, "family"),
              ("Prénom", 92, "given"), ("Né(e) le", 60, "birth"), ("Intervention", 300, "finding"), ("Salle", 50, "room")),
              INTERVENTIONS, ("Bloc/planning/{year}", "Bloc/programmes", "Services/Bloc opératoire/Planning")),
    _Planning("Programme opératoire - Chirurgie ambulatoire", (("Heure", 38, "time"), ("Salle", 44, "room"), ("Nom", 120, "family"),
              ("Prénom", 92, "given"), ("Âge", 34, "age"), ("IPP", 62, "ipp"), ("Intervention", 280, "finding"), ("Opérateur", 110, "doctor")),
              INTERVENTIONS, ("Bloc/ambulatoire/planning", "Bloc/planning/{year}")),
    _Planning("Planning des consultations", (("Heure", 38, "time"), ("Praticien", 118, "doctor"), ("Nom", 130, "family"),
              ("Prénom", 100, "given"), ("Né(e) le", 60, "birth"), ("Motif", 270, "finding"), ("Box", 44, "room")),
              CONSULTATIONS, ("Consultations/plannings/{year}", "Secretariat/Agendas")),
)  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One day's planning of 8 to 45 patients, over as many pages as it needs."""
    planning = rng.choice(_PLANNINGS)
    day = working_day(rng)
    doctors = [cast.physician() for _ in range(rng.randint(2, 5))]
    family_upper = rng.random() < 0.6
    rows: list[tuple[str, ...]] = []
    exposures: list[Exposure] = []
    for person in _patients(cast, rng, day):
        row, exposure = _row(rng, planning, person, day, rng.choice(doctors), family_upper)
        rows.append(row)
        exposures.append(exposure)
    rows.sort(key=lambda row: row[[key for *_, key in planning.columns].index("time")])
    data = _pdf(planning, rows, day)
    folder = rng.choice(planning.folders).format(year=day.year)
    stem = rng.choice((f"planning_{day:%Y%m%d}", f"Programme {day:%d-%m-%Y}", f"PLANNING_{day:%d%m%y}", f"agenda_{day:%Y-%m-%d}"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.pdf", FileKind.PDF.value, data, tuple(exposures))


def _patients(cast: Cast, rng: random.Random, day: date) -> list[Person]:
    """The day's patients; about one in four picked for a compound name."""
    people = {p.key: p for p in registry_patients(cast, rng.randint(8, 45), day, Fit(min_age=1))}
    for _ in range(max(1, len(people) // 4)):
        person = compound_named(cast, rng, day)
        if person is not None:
            people.setdefault(person.key, person)
    return list(people.values())


def practitioner_cell(doctor: Person) -> str:
    """``Dr M. LE GOFF``: title, initial of the given name, family name in capitals."""
    return f"{doctor.title or 'Dr'} {doctor.first_given[0]}. {upper(doctor.family_name, keep_accents=True)}"


def _row(rng: random.Random, planning: _Planning, person: Person, day: date, doctor: Person, family_upper: bool) -> tuple[tuple[str, ...], Exposure]:  # fmt: skip
    finding = pick_finding(rng, planning.findings, person, day)
    values = {
        "time": f"{rng.randint(7, 17):02d}:{rng.choice(('00', '15', '30', '45'))}", "doctor": practitioner_cell(doctor),
        "family": upper(person.family_name, keep_accents=True) if family_upper else person.family_name,
        "given": person.first_given, "birth": f"{person.birth_date:%d/%m/%Y}", "age": f"{person.age_on(day)} ans",
        "ipp": person.patient_id, "finding": finding.label, "room": f"{rng.randint(1, 9)}",
    }  # fmt: skip
    keys = [key for *_, key in planning.columns]
    shown = {Category.BIRTH_DATE} if "birth" in keys else set()
    exposure = row_exposure(person, shown, finding.categories, families=(person.family_name,), given=person.first_given,
                            ipp="ipp" in keys, age_on=day if "age" in keys else None)  # fmt: skip
    return tuple(values[k] for k in keys), exposure


def _pdf(planning: _Planning, rows: list[tuple[str, ...]], day: date) -> bytes:
    """The table drawn cell by cell, ruled, with its header on every page."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    per_page = int((height - 2 * _MARGIN - 60) // _ROW)
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        page.setFont("Helvetica-Bold", 12)
        page.drawString(_MARGIN, height - _MARGIN - 10, f"{HOSPITAL} - {planning.title}")
        page.setFont("Helvetica", 9)
        page.drawString(_MARGIN, height - _MARGIN - 26, f"Journée du {day:%d/%m/%Y}")
        page.drawRightString(width - _MARGIN, height - _MARGIN - 26, f"Page {number}/{len(chunks)}")
        _table(page, planning, chunk, top=height - _MARGIN - 44)
        page.showPage()
    page.save()
    return buffer.getvalue()


def _table(page: canvas.Canvas, planning: _Planning, rows: list[tuple[str, ...]], *, top: float) -> None:  # fmt: skip
    widths = [w for _, w, _ in planning.columns]
    lefts = [_MARGIN + sum(widths[:i]) for i in range(len(widths))]
    right = _MARGIN + sum(widths)
    lines = [tuple(h for h, _, _ in planning.columns), *rows]
    bottom = top - _ROW * len(lines)
    page.setLineWidth(0.5)
    for index, cells in enumerate(lines):
        y = top - _ROW * (index + 1)
        page.setFont("Helvetica-Bold" if index == 0 else "Helvetica", _SIZE)
        for left, cell in zip(lefts, cells, strict=True):
            page.drawString(left + 3, y + 4.5, cell)
        page.line(_MARGIN, y, right, y)
    page.line(_MARGIN, top, right, top)
    for x in [*lefts, right]:
        page.line(x, top, x, bottom)
