"""Emergency-department extractions in the RPU habit (Résumé de Passage aux Urgences).

The national RPU (ATIH, FEDORU guide) is anonymous, but the emergency software's local
extraction that feeds it keeps the identity columns: ``NOM_USUEL;NOM_NAISS;PRENOM;DDN``,
``SEXE`` as ``1``/``2`` (the NIR's code) or ``M``/``F``, ``CP``/``COMMUNE`` of residence,
``DATE_ENTREE``, ``MODE_ENTREE`` (6 mutation, 7 transfert, 8 domicile), ``PROVENANCE``,
``TRANSPORT``, ``MOTIF`` (free text or thesaurus), ``CCMU`` (1-5, P, D), ``DIAG_PRINC``
(ICD-10, with or without the dot), ``MODE_SORTIE``, ``DESTINATION``. Semicolon separated,
Windows-1252, ``DDN`` as ``DD/MM/YYYY`` or ``DDMMYYYY``; ``NOM_NAISS`` is often left
empty, even for married women, and the name is in capitals, with or without accents.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.families.clinical import DIAGNOSES, MOTIVES, pick_finding
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

#: Column sets of a few emergency software extractions (header word, value key).
_LAYOUTS = (
    (("NOM_USUEL", "family"), ("NOM_NAISS", "birth_name"), ("PRENOM", "given"), ("DDN", "birth"), ("SEXE", "sex"),
     ("CP", "postcode"), ("COMMUNE", "city"), ("DATE_ENTREE", "entry"), ("MODE_ENTREE", "mode"), ("PROVENANCE", "origin"),
     ("TRANSPORT", "transport"), ("MOTIF", "motive"), ("CCMU", "ccmu"), ("DIAG_PRINC", "diagnosis"),
     ("DATE_SORTIE", "exit"), ("MODE_SORTIE", "exit_mode"), ("DESTINATION", "destination")),
    (("NUM_PASSAGE", "stay"), ("IPP", "ipp"), ("NOM_USUEL", "family"), ("NOM_NAISS", "birth_name"), ("PRENOM", "given"),
     ("DDN", "birth"), ("SEXE", "sex"), ("CP", "postcode"), ("DATE_ENTREE", "entry"), ("MODE_ENTREE", "mode"),
     ("MOTIF", "motive"), ("CCMU", "ccmu"), ("DIAG_PRINC", "diagnosis"), ("MODE_SORTIE", "exit_mode")),
    (("FINESS", "finess"), ("NOM_USUEL", "family"), ("NOM_NAISS", "birth_name"), ("PRENOM", "given"), ("DDN", "birth"),
     ("SEXE", "sex"), ("CP", "postcode"), ("COMMUNE", "city"), ("DATE_ENTREE", "entry"), ("MOTIF", "motive"),
     ("CCMU", "ccmu"), ("DIAG_PRINC", "diagnosis"), ("DESTINATION", "destination")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Style:
    """One extraction's habits: birth-date format, sex code, accents, how often the birth
    name is filled in, ICD-10 codes with a dot."""

    birth: str
    sex_digit: bool
    accents: bool
    birth_name_kept: float
    dotted: bool


_TRANSPORTS = ("PERSO", "SMUR", "VSAB", "AMBU", "FO", "HELI")
_PROVENANCES = ("5", "8", "1", "2", "4")


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One extraction of 40 to 250 passages, one row each."""
    columns = rng.choice(_LAYOUTS)
    day = working_day(rng)
    style = _Style(rng.choice(("%d/%m/%Y", "%d%m%Y")), rng.random() < 0.5, rng.random() < 0.3, rng.uniform(0.2, 0.9), rng.random() < 0.4)  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _ in columns])
    exposures: list[Exposure] = []
    start = day - timedelta(days=rng.randint(0, 6))
    for person in registry_patients(cast, rng.randint(40, 250), day):
        entry = datetime.combine(start + timedelta(days=rng.randint(0, (day - start).days)), time(rng.randint(0, 23), rng.randint(0, 59)))  # fmt: skip
        values, exposure = _row(rng, columns, person, entry, style)
        writer.writerow(values)
        exposures.append(exposure)
    data = buffer.getvalue().encode("cp1252", errors="replace")
    folder = rng.choice(("Urgences/RPU/{year}", "exports/RPU", "Direction/DIM/RPU/envois", "Urgences/extractions"))  # fmt: skip
    stem = rng.choice((f"RPU_{day:%Y%m%d}", f"extraction_urgences_{day:%m%Y}", f"passages_sau_{day:%Y_%m_%d}", f"RPU_S{day:%V}_{day:%Y}"))  # fmt: skip
    return LeakedItem(f"{folder.format(year=day.year)}/{stem}.csv", FileKind.CSV.value, data, tuple(exposures))  # fmt: skip


def _row(rng: random.Random, columns: tuple[tuple[str, str], ...], person: Person, entry: datetime, style: _Style) -> tuple[list[str], Exposure]:  # fmt: skip
    day = entry.date()
    motive = pick_finding(rng, MOTIVES, person, day)
    diagnosis = pick_finding(rng, DIAGNOSES, person, day) if rng.random() < 0.85 else None
    keep = style.accents
    birth_name = ""
    if person.birth_name and rng.random() < style.birth_name_kept:
        birth_name = upper(person.birth_name, keep_accents=keep)
    elif not person.birth_name and rng.random() < 0.3:  # some software repeat the used name
        birth_name = upper(person.family_name, keep_accents=keep)
    code = diagnosis.code if diagnosis else ""
    if code and style.dotted and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    address = person.address
    out = entry + timedelta(hours=rng.randint(1, 14), minutes=rng.randint(0, 59))
    values = {
        "family": upper(person.family_name, keep_accents=keep), "birth_name": birth_name,
        "given": upper(person.first_given, keep_accents=keep) if rng.random() < 0.8 else person.first_given,
        "birth": person.birth_date.strftime(style.birth),
        "sex": ("2" if person.sex.value == "F" else "1") if style.sex_digit else person.sex.value,
        "postcode": address.postcode if address else "", "city": upper(address.city) if address else "",
        "entry": f"{entry:%d/%m/%Y %H:%M}", "mode": rng.choice(("8", "8", "8", "7", "6")),
        "origin": rng.choice(_PROVENANCES), "transport": rng.choice(_TRANSPORTS), "motive": motive.label,
        "ccmu": rng.choices(("1", "2", "3", "4", "5", "P", "D"), (25, 45, 15, 5, 2, 6, 2))[0], "diagnosis": code,
        "exit": f"{out:%d/%m/%Y %H:%M}", "exit_mode": rng.choice(("8", "8", "6", "7", "9")),
        "destination": rng.choice(("", "1", "2", "3", "4")), "stay": nda(rng, day), "ipp": person.patient_id,
        "finess": "290099991",
    }  # fmt: skip
    keys = {key for _, key in columns}
    shown = {Category.BIRTH_DATE}
    if "city" in keys and address is not None:  # postcode and town: where the person lives
        shown.add(Category.ADDRESS)
    health = set(motive.categories) | (set(diagnosis.categories) if diagnosis else set())
    families = (person.family_name, person.birth_name) if birth_name and person.birth_name else (person.family_name,)  # fmt: skip
    exposure = row_exposure(person, shown, health, families=families, given=person.first_given, ipp="ipp" in keys)  # fmt: skip
    return [values[key] for _, key in columns], exposure
