"""Who an export lists, and what each listed row exposes.

Exports are written by software about the hospital's own patients, so rows are drawn
from the registry through the ``Cast`` (which brings back patients other files already
exposed, and the planted homonyms). Each row's exposure names exactly the identity
fields the vendor printed, plus ``health`` (being in a hospital's system is health
information) and the categories of the row's clinical text.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

from leakmap.synth.casting import ANYONE, Cast, Fit
from leakmap.synth.contacts import ascii_fold
from leakmap.synth.people import LEAK_DAY
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure, exposure_of
from leakmap.vocabulary import Category

FIRST_DAY = date(2019, 1, 2)
#: The fictitious OID arc of the hospital's IPP assigning authority (1.2.250.1 is France's).
IPP_OID = "1.2.250.1.999.29.1"
IPP_AUTHORITY = "CHKERVAL"
#: The INS-NIR OID (ANS, formerly ASIP Santé), as IHE PAM France and FR Core declare it.
INS_NIR_OID = "1.2.250.1.213.1.4.8"


def working_day(rng: random.Random) -> date:
    """A weekday between the leak's first day and a few days before the leak."""
    last = LEAK_DAY - timedelta(days=5)
    day = FIRST_DAY + timedelta(days=rng.randint(0, (last - FIRST_DAY).days))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def registry_patients(cast: Cast, count: int, when: date, fit: Fit = ANYONE) -> list[Person]:
    """Up to ``count`` different registry patients alive on ``when`` (feeds carry IPPs)."""
    people: dict[int, Person] = {}
    for _ in range(count * 2):
        person = cast.patient(when, fit, other_site_share=0.0)
        people.setdefault(person.key, person)
        if len(people) == count:
            break
    return list(people.values())


def compound_named(cast: Cast, rng: random.Random, when: date) -> Person | None:
    """A registry patient with a compound family or given name, if one is alive on ``when``."""
    pool = [p for p in cast.population.patients if _is_compound(p) and p.is_alive_on(when) and p.birth_date < when]  # fmt: skip
    return cast.remember(rng.choice(pool)) if pool else None


def _is_compound(person: Person) -> bool:
    return any(mark in person.family_name for mark in (" ", "-", "'")) or "-" in person.first_given


def upper(text: str, *, keep_accents: bool = False) -> str:
    """A name the way systems store it: upper case, often without accents."""
    return text.upper() if keep_accents else ascii_fold(text).upper()


def row_exposure(
    person: Person,
    shown: Iterable[Category],
    health: Iterable[Category],
    *,
    families: tuple[str, ...],
    given: str,
    ipp: bool,
    age_on: date | None = None,
) -> Exposure:
    """One row's exposure: ``name`` (when a family name is printed), the identity fields
    ``shown``, ``health`` and the clinical categories; ``ipp`` says the IPP is printed."""
    categories = {*shown, Category.HEALTH, *health}
    if families:
        categories.add(Category.NAME)
    if ipp:
        categories.add(Category.HOSPITAL_ID)
    return exposure_of(person, categories, families=families, given=given, shows_patient_id=ipp, age_on=age_on)  # fmt: skip


def nda(rng: random.Random, when: date) -> str:
    """A stay number (NDA) as the admissions system numbers them: year then a counter."""
    return f"{when:%y}{rng.randint(1, 999999):06d}"
