"""Sheets of patient labels (étiquettes) as admissions print them, as a text-layer PDF.

Admission desks print labels on A4 sheets of 3 x 8 (70 x 37 mm, the usual stock): a
whole sheet of the SAME patient at admission (to stick on tubes, forms, the file), or a
day's admissions one after another. Each label, as admission software sets it:
``NOM Prénom`` / ``Né(e) le 12/03/1961 (F)`` / ``IPP 12345678`` / ``UF 1710``, sometimes
the stay number, often a Code 128 of the IPP. A patient is exposed with the label's
fields and, when the UF's name is printed, that unit's categories.
"""

from __future__ import annotations

import io
import random
from datetime import date

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES, Service
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_COLUMNS, _ROWS = 3, 8
_WIDTH, _HEIGHT = 70 * mm, 37 * mm
_TOP = (A4[1] - _ROWS * _HEIGHT) / 2
_FOLDERS = ("Admissions/etiquettes", "Bureau des entrees/impressions/{day:%Y%m%d}", "Utilisateurs/accueil.admissions/Documents")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One to three sheets of one patient, or one to three sheets of a day's admissions."""
    day = working_day(rng)
    barcodes = rng.random() < 0.6
    with_unit_name = rng.random() < 0.4
    keep_accents = rng.random() < 0.3
    sheets = rng.randint(1, 3)
    if rng.random() < 0.5:
        people = registry_patients(cast, 1, day)
        labels_of = [(people[0], _LABELS_PER_SHEET * sheets)]
    else:
        people = registry_patients(cast, rng.randint(4, _LABELS_PER_SHEET * sheets // 3), day)
        labels_of = [(p, rng.choice((1, 2, 3, 3, 6))) for p in people]
    labels: list[tuple[list[str], str]] = []
    exposures: list[Exposure] = []
    for person, count in labels_of:
        lines, exposure = _label(rng, person, day, _unit(rng, person, day), with_unit_name, keep_accents)  # fmt: skip
        labels += [(lines, person.patient_id)] * count
        exposures.append(exposure)
    data = _pdf(labels, barcodes)
    folder = rng.choice(_FOLDERS).format(day=day)
    stem = rng.choice((f"etiquettes_{day:%Y%m%d}", f"ETIQ_{rng.randint(1000, 9999)}", "impression_etiquettes"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.pdf", FileKind.PDF.value, data, tuple(exposures))


_LABELS_PER_SHEET = _COLUMNS * _ROWS


def _unit(rng: random.Random, person: Person, day: date) -> Service:
    for _ in range(20):
        service = rng.choice(ADMISSION_SERVICES)
        if Category.GYNECOLOGY_OBSTETRICS in service.categories and (person.sex.value != "F" or not 16 <= person.age_on(day) <= 46):  # fmt: skip
            continue
        return service
    return ADMISSION_SERVICES[0]


def _label(rng: random.Random, person: Person, day: date, service: Service, with_unit_name: bool, keep_accents: bool) -> tuple[list[str], Exposure]:  # fmt: skip
    given = person.first_given if rng.random() < 0.7 else upper(person.first_given, keep_accents=keep_accents)  # fmt: skip
    families: tuple[str, ...] = (person.family_name,)
    first = f"{upper(person.family_name, keep_accents=keep_accents)} {given}"
    if person.birth_name and rng.random() < 0.5:
        first = f"{upper(person.family_name, keep_accents=keep_accents)} ép. {upper(person.birth_name, keep_accents=keep_accents)} {given}"  # fmt: skip
        first = first.replace(" ép. ", " née ") if rng.random() < 0.5 else first
        families = (person.family_name, person.birth_name)
    unit = f"UF {service.uf}" + (f" {service.short}" if with_unit_name else "")
    lines = [first, f"Né(e) le {person.birth_date:%d/%m/%Y} ({person.sex.value})", f"IPP {person.patient_id}", unit]  # fmt: skip
    if rng.random() < 0.5:
        lines[-1] += f"  NDA {nda(rng, day)}"
    health = service.categories if with_unit_name else frozenset()
    exposure = row_exposure(person, {Category.BIRTH_DATE}, health, families=families, given=person.first_given, ipp=True)  # fmt: skip
    return lines, exposure


def _pdf(labels: list[tuple[list[str], str]], barcodes: bool) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    left = (A4[0] - _COLUMNS * _WIDTH) / 2
    for start in range(0, len(labels), _LABELS_PER_SHEET):
        for index, (lines, ipp) in enumerate(labels[start : start + _LABELS_PER_SHEET]):
            row, column = divmod(index, _COLUMNS)
            x = left + column * _WIDTH + 4 * mm
            y = A4[1] - _TOP - row * _HEIGHT - 6 * mm
            page.setFont(
                "Helvetica-Bold", 8.5 if len(lines[0]) <= 32 else 6.5
            )  # long names set smaller, never cut
            page.drawString(x, y, lines[0])
            page.setFont("Helvetica", 7.5)
            for number, line in enumerate(lines[1:], start=1):
                page.drawString(x, y - number * 9, line)
            if barcodes:
                code128.Code128(ipp, barWidth=0.7, barHeight=16, humanReadable=False).drawOn(page, x - 4, y - 50 + 2)  # fmt: skip
        page.showPage()
    page.save()
    return buffer.getvalue()
