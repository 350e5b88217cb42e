"""Patient records ("fiches patient") printed to a text file by an old system.

Mainframe-era administrative systems print one block per patient, labels padded with
dots to a colon (``NOM ............ : DUPONT``), upper case without accents, blocks
separated by a line of ``=`` or ``*``: ``NOM``, ``NOM DE NAISSANCE``, ``PRENOM(S)``,
``NE(E) LE`` written undelimited (``12031961``) or short (``12/03/61``), ``SEXE``,
``ADRESSE``, ``TEL``, ``MOTIF HOSPI`` and ``PERSONNE A PREVENIR`` (a relative not in the
registry, with the relation and a phone: exposed with their name and phone only).
Empty fields are printed empty. Latin-1 or UTF-8, CRLF or LF.
"""

from __future__ import annotations

import random
from datetime import date

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import HOSPITAL
from leakmap.synth.families.clinical import DIAGNOSES, MOTIVES, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.misspellings import maybe_misspell
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure, exposure_of
from leakmap.vocabulary import Category, FileKind

_WIDTH = 18
_FOLDERS = ("Archives/ancien_systeme/fiches", "Export/GAM/{day:%Y}", "Sauvegardes/listings", "Bureau des entrees/editions")  # fmt: skip


def _field(label: str, value: str) -> str:
    return f"{label} {'.' * max(3, _WIDTH - len(label))} : {value}".rstrip()


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One listing of 3 to 40 records."""
    day = working_day(rng)
    undelimited = rng.random() < 0.5
    separator = rng.choice(("=", "*")) * rng.choice((60, 72, 80))
    lines = [f"{upper(HOSPITAL)} - EDITION DES FICHES PATIENTS - {day:%d/%m/%Y}", separator]
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(3, 40), day):
        block, found = _block(cast, rng, person, day, undelimited)
        lines += [*block, separator]
        exposures += found
    end = rng.choice(("\r\n", "\n"))
    data = (end.join(lines) + end).encode(rng.choice(("latin-1", "utf-8")), errors="replace")
    folder = rng.choice(_FOLDERS).format(day=day)
    stem = rng.choice((f"FICHES{day:%y%m%d}", "fiche_patient", f"EDIT{rng.randint(100, 999)}"))
    return LeakedItem(f"{folder}/{stem}{rng.choice(('.txt', '.TXT', '.lst'))}", FileKind.TXT.value, data, tuple(exposures))  # fmt: skip


def _born(rng: random.Random, born: date, undelimited: bool) -> str:
    return f"{born:%d%m%Y}" if undelimited else f"{born:%d/%m/%y}"


def _block(cast: Cast, rng: random.Random, person: Person, day: date, undelimited: bool) -> tuple[list[str], list[Exposure]]:  # fmt: skip
    shown: set[Category] = {Category.BIRTH_DATE}
    families: tuple[str, ...] = (person.family_name,)
    lines = [_field("NOM", maybe_misspell(rng, upper(person.family_name)))]
    if person.birth_name:
        lines.append(_field("NOM DE NAISSANCE", upper(person.birth_name)))
        families = (person.family_name, person.birth_name)
    lines.append(_field("PRENOM(S)", upper(person.given_names)))
    lines.append(_field("NE(E) LE", _born(rng, person.birth_date, undelimited)))
    lines.append(_field("SEXE", person.sex.value))
    address = ""
    if person.address is not None and rng.random() < 0.85:
        a = person.address
        address = upper(f"{a.one_line} {a.postcode} {a.city}")
        shown.add(Category.ADDRESS)
    lines.append(_field("ADRESSE", address))
    phone = ""
    if person.phone and rng.random() < 0.7:
        phone = person.phone
        shown.add(Category.PHONE)
    lines.append(_field("TEL", phone))
    finding = pick_finding(rng, rng.choice((DIAGNOSES, MOTIVES)), person, day)
    lines.append(_field("MOTIF HOSPI", upper(finding.label)))
    exposures = [row_exposure(person, shown, finding.categories, families=families, given=person.first_given, ipp=False)]  # fmt: skip
    contact = ""
    if rng.random() < 0.6:
        relative, relation = cast.relative_of(person)
        contact = f"{upper(relative.family_name)} {relative.first_given} ({relation})"
        kin_shown = {Category.NAME}
        if relative.phone and rng.random() < 0.8:
            contact += f" {relative.phone}"
            kin_shown.add(Category.PHONE)
        exposures.append(exposure_of(relative, kin_shown, families=(relative.family_name,), given=relative.first_given))  # fmt: skip
    lines.append(_field("PERSONNE A PREVENIR", contact))
    return lines, exposures
