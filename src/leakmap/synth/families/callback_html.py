"""A call-back list saved from the web agenda ("Enregistrer la page sous..."), as HTML.

Intranet appointment applications show the day's patients to call back in a data table;
a secretary saves the page and the file travels by mail or share. What such a page holds:
the application's head, scripts and navigation around a ``<table>``; one cell per patient
written ``Mme NOM née NAISSANCE Prénom`` or ``M. NOM Prénom``; phone numbers as typed
(``06 39 98 12 34``, ``06.39.98.12.34``, ``0639981234``, ``+33 6 39 98 12 34``,
``+33 (0)6 39 98 12 34``); a ``Rappel le`` column of partial dates (``28/01``) whose year
is only in the list's title; a motive; sometimes a birth-date column. Some applications
write accents as named entities (``&eacute;``).
"""

from __future__ import annotations

import html
import random
from datetime import date, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import HOSPITAL_SHORT
from leakmap.synth.families.clinical import CONSULTATIONS, MOTIVES, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_APPS = ("Agenda Web", "e-RDV", "Planif Consult", "MédiAgenda")
_SERVICES = ("Cardiologie", "Gynécologie", "Consultations externes", "Diabétologie", "Urologie", "Psychiatrie")  # fmt: skip
_STATUSES = ("À rappeler", "Message laissé", "Injoignable", "Rappelé", "")
_ENTITIES = {"é": "&eacute;", "è": "&egrave;", "ê": "&ecirc;", "à": "&agrave;", "ç": "&ccedil;", "ô": "&ocirc;", "É": "&Eacute;", "ë": "&euml;", "ï": "&iuml;"}  # fmt: skip


def phone_text(rng: random.Random, phone: str) -> str:
    """The number as one secretary typed it."""
    pairs = [phone[i : i + 2] for i in range(0, 10, 2)]
    style = rng.randrange(6)
    if style == 0:
        return " ".join(pairs)
    if style == 1:
        return ".".join(pairs)
    if style == 2:
        return "+33 " + phone[1] + " " + " ".join(pairs[1:])
    if style == 3:
        return "+33 (0)" + phone[1] + " " + " ".join(pairs[1:])
    if style == 4:
        return "-".join(pairs)
    return phone


def _patient_cell(rng: random.Random, person: Person) -> tuple[str, tuple[str, ...]]:
    """``Mme NOM née NAISSANCE Prénom`` / ``M. NOM Prénom`` and the names it shows."""
    civility = rng.choice(("Mme", "Mme", "MME", "Madame")) if person.sex.value == "F" else rng.choice(("M.", "M.", "MR", "Monsieur"))  # fmt: skip
    used = upper(person.family_name, keep_accents=rng.random() < 0.7)
    if person.birth_name and rng.random() < 0.75:
        birth = upper(person.birth_name, keep_accents=True)
        return f"{civility} {used} née {birth} {person.first_given}", (person.family_name, person.birth_name)  # fmt: skip
    return f"{civility} {used} {person.first_given}", (person.family_name,)


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One saved page listing 6 to 60 patients to call back."""
    day = working_day(rng)
    service = rng.choice(_SERVICES)
    app = rng.choice(_APPS)
    with_birth = rng.random() < 0.35
    entities = rng.random() < 0.3
    header = ["Patient", "Téléphone", *(["Né(e) le"] if with_birth else []), "Motif", "Rappel le", "Statut"]  # fmt: skip
    rows: list[list[str]] = []
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(6, 60), day):
        row, exposure = _row(rng, person, day, with_birth)
        rows.append(row)
        exposures.append(exposure)
    title = f"Liste de rappels - {service} - {day:%d/%m/%Y}"
    page = _page(rng, app, title, header, rows)
    if entities:
        for char, entity in _ENTITIES.items():
            page = page.replace(char, entity)
    data = page.encode("utf-8")
    folder = rng.choice(("Utilisateurs/secretariat.consult/Bureau", "Consultations/rappels", "Secretariat/{service}/listes", "Messagerie/pieces_jointes"))  # fmt: skip
    stem = rng.choice(("Liste de rappels", f"rappels_{day:%d%m%Y}", f"{app} - Rappels", "export_rappels"))  # fmt: skip
    return LeakedItem(f"{folder.format(service=service)}/{stem}{rng.choice(('.html', '.htm'))}", FileKind.HTML.value, data, tuple(exposures))  # fmt: skip


def _row(rng: random.Random, person: Person, day: date, with_birth: bool) -> tuple[list[str], Exposure]:  # fmt: skip
    finding = pick_finding(rng, rng.choice((CONSULTATIONS, MOTIVES)), person, day)
    cell, families = _patient_cell(rng, person)
    shown: set[Category] = set()
    phone = ""
    if person.phone and rng.random() < 0.9:
        phone = phone_text(rng, person.phone)
        shown.add(Category.PHONE)
    row = [cell, phone]
    if with_birth:
        row.append(f"{person.birth_date:%d/%m/%Y}")
        shown.add(Category.BIRTH_DATE)
    callback = day + timedelta(days=rng.randint(0, 20))
    row += [finding.label, f"{callback:%d/%m}", rng.choice(_STATUSES)]
    exposure = row_exposure(person, shown, finding.categories, families=families, given=person.first_given, ipp=False)  # fmt: skip
    return row, exposure


def _page(rng: random.Random, app: str, title: str, header: list[str], rows: list[list[str]]) -> str:  # fmt: skip
    e = html.escape
    head = "".join(f'<th class="sorting">{e(h)}</th>' for h in header)
    body = "\n".join(
        f'<tr class="{"odd" if n % 2 else "even"}">'
        + "".join(f"<td>{e(c)}</td>" for c in row)
        + "</tr>"  # fmt: skip
        for n, row in enumerate(rows)
    )
    user = rng.choice(("secretariat3", "m.kerhervé", "accueil.consult"))
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{e(app)} - {e(title)}</title>
<link rel="stylesheet" href="./{e(app)}_files/datatables.min.css">
<script src="./{e(app)}_files/jquery-3.6.0.min.js"></script>
<style>table.dataTable td {{ padding: 4px 8px; }}</style></head>
<body><div id="nav"><a href="#">Accueil</a> | <a href="#">Agenda</a> | <a href="#">Rappels</a> | Connecté : {e(user)}</div>
<h1>{e(title)}</h1>
<p class="info">{HOSPITAL_SHORT} - {len(rows)} patient(s) à rappeler</p>
<table id="rappels" class="dataTable display"><thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody></table>
<div class="dataTables_info">Affichage de 1 à {len(rows)} sur {len(rows)} éléments</div>
<script>$(function(){{ $('#rappels').DataTable(); }});</script>
</body></html>
"""
