"""Fixed-width text extractions, as a mainframe job or a report writer prints them.

Columns padded with spaces to fixed widths, ``NOM PRENOM`` in one column, dates as
``DD.MM.YY`` (two-digit years) or ``DDMMYYYY``; a header line of abbreviations or no
header at all; a page header (hospital, title, print date, page number) and a line of
dashes repeated every ~60 lines, as the printer's form feed left them. Each layout is a
row of ``_LAYOUTS``: (header word, width, value key) per column.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES, LABORATORY, Service
from leakmap.synth.families.clinical import ANALYSES, DIAGNOSES, MOTIVES, Finding, pick_finding
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_PAGE_LINES = 60


@dataclass(frozen=True, slots=True)
class _Layout:
    """A report's columns ((header, width, key) each), title, findings table, date form."""

    title: str
    columns: tuple[tuple[str, int, str], ...]
    findings: tuple[Finding, ...]
    birth_format: str
    lab: bool = False


_LAYOUTS = (
    _Layout("LISTE DES PATIENTS PRESENTS", (("IPP", 10, "ipp"), ("NOM PRENOM", 32, "name"), ("DDN", 9, "birth"),
            ("S", 2, "sex"), ("UF", 5, "uf"), ("SERVICE", 18, "service"), ("ENTREE", 9, "entry")), (), "%d.%m.%y"),
    _Layout("ETAT DES SEJOURS - DIAGNOSTICS", (("NUMDOS", 11, "stay"), ("NOM PRENOM", 30, "name"), ("DATNAI", 9, "birth"),
            ("IPP", 9, "ipp"), ("DP", 6, "code"), ("LIBELLE DP", 40, "label")), DIAGNOSES, "%d%m%Y"),
    _Layout("PASSAGES URGENCES", (("HEURE", 6, "hour"), ("NOM PRENOM", 34, "name"), ("NE LE", 9, "birth"),
            ("IPP", 9, "ipp"), ("MOTIF", 30, "label")), MOTIVES, "%d.%m.%y"),
    _Layout("EDITION DES DEMANDES LABO", (("DEMANDE", 11, "request"), ("IPP", 9, "ipp"), ("NOM PRENOM", 30, "name"),
            ("DDN", 9, "birth"), ("ANALYSE", 34, "label")), ANALYSES, "%d%m%Y", lab=True),
)  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One printed extraction of 30 to 200 patients, paged every ~60 lines."""
    layout = rng.choice(_LAYOUTS)
    day = working_day(rng)
    header_style = rng.choices(("each_page", "once", "none"), (50, 25, 25))[0]
    rows: list[str] = []
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(30, 200), day):
        row, exposure = _row(rng, layout, person, day)
        rows.append(row)
        exposures.append(exposure)
    text = "\n".join(_paged(rng, layout, rows, day, header_style))
    newline = rng.choice(("\n", "\r\n"))
    data = (text.replace("\n", newline) + newline).encode(rng.choice(("cp850", "cp1252", "latin-1")), errors="replace")  # fmt: skip
    folder = rng.choice(("Informatique/editions", "exports/etats", "Direction/DIM/editions_{year}", "Services/Admissions/impressions")).format(year=day.year)  # fmt: skip
    stem = rng.choice((f"ETAT{rng.randint(1, 999):03d}", f"edition_{day:%Y%m%d}", f"SPOOL{rng.randint(10000, 99999)}", f"LST{day:%y%m%d}"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}{rng.choice(('.txt', '.lst', '.prn', '.TXT'))}", FileKind.TXT.value, data, tuple(exposures))  # fmt: skip


def _row(rng: random.Random, layout: _Layout, person: Person, day: date) -> tuple[str, Exposure]:
    finding = pick_finding(rng, layout.findings, person, day) if layout.findings else None
    service = _service(rng, person, day)
    values = {
        "ipp": person.patient_id, "stay": nda(rng, day), "name": f"{upper(person.family_name)} {upper(person.first_given)}",  # fmt: skip
        "birth": person.birth_date.strftime(layout.birth_format), "sex": person.sex.value, "uf": service.uf,
        "service": upper(service.short), "entry": (day - timedelta(days=rng.randint(0, 12))).strftime("%d.%m.%y"),
        "code": finding.code if finding else "", "label": upper(finding.label) if finding else "",
        "hour": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", "request": f"{day:%y%m%d}{rng.randint(10000, 99999)}",
    }  # fmt: skip
    cells = [
        values[key].ljust(width) for _, width, key in layout.columns
    ]  # never cut: a cut name or label would print less than the truth says
    health: set[Category] = set(finding.categories) if finding else set(service.categories)
    if layout.lab:
        health |= LABORATORY.categories
    exposure = row_exposure(person, {Category.BIRTH_DATE}, health, families=(person.family_name,), given=person.first_given, ipp=True)  # fmt: skip
    return " ".join(cells).rstrip(), exposure


def _service(rng: random.Random, person: Person, day: date) -> Service:
    for _ in range(20):
        service = rng.choice(ADMISSION_SERVICES)
        if Category.GYNECOLOGY_OBSTETRICS not in service.categories or (person.sex.value == "F" and 16 <= person.age_on(day) <= 46):  # fmt: skip
            return service
    return ADMISSION_SERVICES[0]


def _paged(rng: random.Random, layout: _Layout, rows: list[str], day: date, header_style: str) -> list[str]:  # fmt: skip
    """Rows under a page header every ``_PAGE_LINES`` lines (form feed, title, date, page)."""
    heading = " ".join(word.ljust(width) for word, width, _ in layout.columns).rstrip()
    width = max(len(heading), 80)
    per_page = _PAGE_LINES - 5
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    lines: list[str] = []
    for number, page in enumerate(pages, start=1):
        top = (
            f"CH KERVAL   {layout.title}".ljust(width - 30)
            + f"EDITE LE {day:%d.%m.%y}   PAGE {number:4d}"
        )
        lines += [("\f" if number > 1 else "") + top, "-" * width]
        if header_style == "each_page" or (header_style == "once" and number == 1):
            lines += [heading, "-" * width]
        lines += page
        if header_style == "none" and rng.random() < 0.3:
            lines.append("")
    lines.append(f"*** FIN D'EDITION - {len(rows)} ENREGISTREMENTS ***")
    return lines
