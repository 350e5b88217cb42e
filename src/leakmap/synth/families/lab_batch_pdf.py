"""A laboratory system's batch print of result reports, as one text-layer PDF.

Laboratory systems (SIL) print the night's validated reports in one batch job: one
report per patient, one page or two, each opening on a banner block
(``Nom : DUPONT  Prénom : Marie  Né(e) le : 12/03/1961  Sexe : F  IPP : ...  N° demande``),
the prescriber (``Dr ...``, staff, exposing nobody), then a results table
``Analyse | Résultat | Unités | Valeurs de référence`` and a footer ``Page 1/2`` counted
within the report, not the batch. The batch is saved to a share as one PDF. A patient is
exposed with what the banner prints and the analyses of their own report only.
"""

from __future__ import annotations

import io
import random
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import HOSPITAL, LABORATORY
from leakmap.synth.families.clinical import ANALYSES, Finding, fits
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.families.hprim_sante import _RESULTS
from leakmap.synth.families.planning_pdf import practitioner_cell
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.misspellings import maybe_misspell
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_MARGIN = 42.0
_LINE = 14.0
_PER_PAGE = 9  # result lines on a page before the report goes on a second page
_FOLDERS = ("Labo/impressions/lots", "Biologie/Comptes-rendus/{day:%Y}", "Partage/SIL/batch_{day:%Y%m%d}",
            "Utilisateurs/secretariat.labo/Documents")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One batch of 2 to 20 reports, one patient each."""
    day = working_day(rng)
    keep_accents = rng.random() < 0.5
    ipp_printed = rng.random() < 0.8
    reports: list[tuple[list[str], list[tuple[str, str, str, str]], str]] = []
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(2, 20), day):
        banner, results, exposure = _report(rng, person, day, keep_accents, ipp_printed)
        reports.append((banner, results, practitioner_cell(cast.physician())))
        exposures.append(exposure)
    data = _pdf(reports, day)
    folder = rng.choice(_FOLDERS).format(day=day)
    stem = rng.choice((f"LOT_{day:%Y%m%d}_{rng.randint(1, 99):02d}", f"impression_CR_{day:%d%m%Y}", f"batch{rng.randint(100, 999)}"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.pdf", FileKind.PDF.value, data, tuple(exposures))


def _analyses(rng: random.Random, person: Person, day: date) -> list[Finding]:
    """One to four analyses that fit the patient, a sensitive one in about half the reports."""
    fitting = [f for f in ANALYSES if fits(f, person, day)]
    plain = [f for f in fitting if len(f.categories) == 1]
    sensitive = [f for f in fitting if len(f.categories) > 1]
    chosen = rng.sample(plain, min(len(plain), rng.randint(1, 3)))
    if sensitive and rng.random() < 0.5:
        chosen.append(rng.choice(sensitive))
    return chosen


def _report(rng: random.Random, person: Person, day: date, keep_accents: bool, ipp_printed: bool) -> tuple[list[str], list[tuple[str, str, str, str]], Exposure]:  # fmt: skip
    shown: set[Category] = {Category.BIRTH_DATE}
    family = maybe_misspell(rng, upper(person.family_name, keep_accents=keep_accents))
    given = person.first_given if rng.random() < 0.6 else upper(person.first_given, keep_accents=keep_accents)  # fmt: skip
    families: tuple[str, ...] = (person.family_name,)
    first = f"Nom : {family}  Prénom : {given}"
    if person.birth_name and rng.random() < 0.6:
        first += f"  Nom de naissance : {upper(person.birth_name, keep_accents=keep_accents)}"
        families = (person.family_name, person.birth_name)
    born = f"{person.birth_date:%d/%m/%Y}"
    second = f"Né(e) le : {born}  Sexe : {person.sex.value}"
    if ipp_printed:
        second += f"  IPP : {person.patient_id}"
    second += f"  N° demande : {day:%y%m%d}{rng.randint(1000, 9999)}"
    banner = [first, second, f"Prélevé le : {day:%d/%m/%Y} {rng.randint(6, 11):02d}:{rng.randint(0, 59):02d}"]  # fmt: skip
    if person.address is not None and rng.random() < 0.3:
        a = person.address
        banner.append(f"Adresse : {a.one_line} {a.postcode} {a.city}")
        shown.add(Category.ADDRESS)
    results: list[tuple[str, str, str, str]] = []
    health: set[Category] = set(LABORATORY.categories)
    for finding in _analyses(rng, person, day):
        health |= finding.categories
        results.append((finding.label.upper(), "", "", ""))
        for code_label in _RESULTS.get(finding.code, ()):
            results.append(_result(rng, code_label))
    exposure = row_exposure(person, shown, health, families=families, given=person.first_given, ipp=ipp_printed)  # fmt: skip
    return banner, results, exposure


def _result(rng: random.Random, result: tuple[str, str, str, float, float, int]) -> tuple[str, str, str, str]:  # fmt: skip
    _, label, unit, low, high, decimals = result
    if not unit:
        return (f"  {label}", rng.choice(("Négatif", "Négatif", "POSITIF", "Non détecté")), "", "Négatif")  # fmt: skip
    span = high - low or 1.0
    number = round(rng.uniform(low - span * 0.3, high + span * 0.6), decimals)
    value = f"{number:.{decimals}f}".replace(".", ",")
    flag = " *" if number > high or number < low else ""
    return (f"  {label}", value + flag, unit, f"{low:g} - {high:g}".replace(".", ","))


def _pdf(reports: list[tuple[list[str], list[tuple[str, str, str, str]], str]], day: date) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    columns = (_MARGIN, _MARGIN + 250, _MARGIN + 340, _MARGIN + 410)
    for banner, results, prescriber in reports:
        chunks = [results[i : i + _PER_PAGE] for i in range(0, len(results), _PER_PAGE)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            y = height - _MARGIN
            page.setFont("Helvetica-Bold", 11)
            page.drawString(_MARGIN, y, f"{HOSPITAL} - {LABORATORY.name}")
            y -= _LINE * 1.5
            page.setFont("Helvetica", 9)
            for line in banner if number == 1 else banner[:1]:
                page.drawString(_MARGIN, y, line)
                y -= _LINE
            if number == 1:
                page.drawString(_MARGIN, y, f"Prescripteur : {prescriber}")
                y -= _LINE
            y -= _LINE
            page.setFont("Helvetica-Bold", 9)
            for x, head in zip(columns, ("Analyse", "Résultat", "Unités", "Valeurs de référence"), strict=True):  # fmt: skip
                page.drawString(x, y, head)
            page.line(_MARGIN, y - 3, width - _MARGIN, y - 3)
            y -= _LINE
            for cells in chunk:
                page.setFont("Helvetica-Bold" if not cells[1] else "Helvetica", 9)
                for x, cell in zip(columns, cells, strict=True):
                    page.drawString(x, y, cell)
                y -= _LINE
            page.setFont("Helvetica", 8)
            page.drawString(_MARGIN, _MARGIN - 10, f"Édité le {day:%d/%m/%Y} - Compte rendu validé")
            page.drawRightString(width - _MARGIN, _MARGIN - 10, f"Page {number}/{len(chunks)}")
            page.showPage()
    page.save()
    return buffer.getvalue()
