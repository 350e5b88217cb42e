"""CSV and TSV exports with no header line, as scripts and interface jobs leave them.

A query's result saved without its column names: IPP, family name, given name, birth
date, sex, a motive, in an order of the job's own, ``;`` ``,`` or tab separated, some
with every cell ``"quoted"``, some in Windows-1252. A reader has only the values' shapes
(and their consistency down the column) to tell what each column is.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES
from leakmap.synth.families.clinical import CONSULTATIONS, MOTIVES, pick_finding
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

#: Column sets a job may select; every set has the name, most have a birth date.
_SELECTS = (
    ("ipp", "family", "given", "birth", "sex", "motive"),
    ("family", "given", "birth", "ipp", "visit", "motive"),
    ("ipp", "family", "given", "birth"),
    ("stay", "ipp", "family", "given", "birth", "sex", "unit", "visit"),
    ("family", "given", "birth", "phone", "motive"),
    ("ipp", "family", "birth_name", "given", "birth", "sex", "postcode", "city"),
)
_BIRTH_FORMATS = ("%d/%m/%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y%m%d")
_SHOWN = {"birth": Category.BIRTH_DATE, "phone": Category.PHONE}


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One header-less export of 10 to 120 patients, columns in the job's order."""
    columns = list(rng.choice(_SELECTS))
    if rng.random() < 0.6:
        rng.shuffle(columns)
    day = working_day(rng)
    birth_format = rng.choice(_BIRTH_FORMATS)
    capitalised = rng.random() < 0.4
    separator = rng.choices((";", ",", "\t"), (50, 30, 20))[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL if rng.random() < 0.35 else csv.QUOTE_MINIMAL, lineterminator=rng.choice(("\r\n", "\n")))  # fmt: skip
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(10, 120), day):
        values, exposure = _row(rng, columns, person, day, birth_format, capitalised)
        writer.writerow(values)
        exposures.append(exposure)
    data = buffer.getvalue().encode(rng.choice(("utf-8", "cp1252", "cp1252")), errors="replace")
    extension = ".tsv" if separator == "\t" and rng.random() < 0.5 else rng.choice((".csv", ".csv", ".txt"))  # fmt: skip
    folder = rng.choice(("exports", "Informatique/scripts/out", "Interfaces/extractions/{year}", "Utilisateurs/a.leroux/Documents")).format(year=day.year)  # fmt: skip
    stem = rng.choice((f"extract_{day:%Y%m%d}", f"requete{rng.randint(1, 99)}", f"export_{rng.randint(100000, 999999)}", "resultat", f"patients_{day:%m%Y}"))  # fmt: skip
    kind = FileKind.CSV if extension != ".txt" else FileKind.TXT
    return LeakedItem(f"{folder}/{stem}{extension}", kind.value, data, tuple(exposures))


def _row(rng: random.Random, columns: list[str], person: Person, day: date, birth_format: str, capitalised: bool) -> tuple[list[str], Exposure]:  # fmt: skip
    motive = pick_finding(rng, rng.choice((MOTIVES, CONSULTATIONS)), person, day)
    service = rng.choice(ADMISSION_SERVICES)
    address = person.address
    family = person.family_name if capitalised else upper(person.family_name)
    values = {
        "ipp": person.patient_id,
        "family": family,
        "given": person.first_given,
        "birth": person.birth_date.strftime(birth_format),  # fmt: skip
        "sex": person.sex.value,
        "motive": motive.label,
        "visit": (day - timedelta(days=rng.randint(0, 30))).strftime("%d/%m/%Y"),  # fmt: skip
        "stay": nda(rng, day),
        "unit": service.uf,
        "phone": person.phone,
        "birth_name": upper(person.birth_name),
        "postcode": address.postcode if address else "",
        "city": address.city if address else "",  # fmt: skip
    }
    shown = {category for key, category in _SHOWN.items() if key in columns and values[key]}
    if "city" in columns and address is not None:  # postcode and town: where the person lives
        shown.add(Category.ADDRESS)
    health = set(motive.categories) if "motive" in columns else set()
    families = (person.family_name, person.birth_name) if "birth_name" in columns and person.birth_name else (person.family_name,)  # fmt: skip
    exposure = row_exposure(person, shown, health, families=families, given=person.first_given, ipp="ipp" in columns)  # fmt: skip
    return [values[c] for c in columns], exposure
