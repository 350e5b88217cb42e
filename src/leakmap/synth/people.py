"""The registry population, with the hard cases real registries hold, planted on purpose.

Patients are drawn with skewed surname frequencies and era-appropriate given names, then
rewritten in place to plant: homonyms with other birth dates, pairs with the same name
*and* birth date (undecidable without an IPP), twins, mothers with their newborns,
married couples sharing a name and an address, married women known by a birth name, and
deaths. Staff and general practitioners come next; some of them deliberately share a
registry patient's family and given names.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from leakmap.synth.contacts import make_address, make_email, make_phone
from leakmap.synth.establishment import draw_job
from leakmap.synth.lexicon import era_of, family_names, given_names
from leakmap.synth.nir import make_nir
from leakmap.synth.person import Person, Role, Sex

#: The day the leak happened: ages and "recent" dates are counted from it.
LEAK_DAY = date(2024, 9, 30)
#: Ages of registry patients on ``LEAK_DAY`` (low, high, weight): a hospital skews old.
_AGE_BANDS = ((0, 4, 5), (5, 17, 6), (18, 39, 20), (40, 59, 24), (60, 79, 30), (80, 101, 15))
_NIR_SHARE = 0.9
_PHONE_SHARE = 0.8
_EMAIL_SHARE = 0.35
_ADDRESS_SHARE = 0.96


@dataclass(frozen=True, slots=True)
class Population:
    """Everybody the documents can print, before any document is written."""

    patients: tuple[Person, ...]
    staff: tuple[Person, ...]
    practitioners: tuple[Person, ...]
    hard_cases: tuple[Person, ...] = ()


class KeyCounter:
    """Hands out person keys, unique within one generated hospital."""

    __slots__ = ("_next",)

    def __init__(self) -> None:
        self._next = 0

    def take(self) -> int:
        """The next free key."""
        self._next += 1
        return self._next


def build_population(rng: random.Random, *, patients: int, keys: KeyCounter) -> Population:
    """Registry patients with planted hard cases, then staff and GPs."""
    people = [draw_patient(rng, keys.take()) for _ in range(patients)]
    planted = _plant_hard_cases(rng, people)
    registered = _assign_patient_ids(rng, people)
    staff = _draw_staff(rng, keys, registered, count=max(30, patients // 60))
    practitioners = _draw_practitioners(rng, keys, registered, count=max(12, patients // 250))
    hard = tuple(registered[index] for index in sorted(planted))
    return Population(tuple(registered), tuple(staff), tuple(practitioners), hard)


def draw_birth_date(rng: random.Random, low_age: int, high_age: int, *, on: date) -> date:
    """A birth date making someone ``low_age``..``high_age`` years old on ``on``."""
    earliest = on.replace(year=on.year - high_age - 1) + timedelta(days=1)
    latest = on.replace(year=on.year - low_age) if (on.month, on.day) != (2, 29) else on
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def draw_given_names(rng: random.Random, sex: Sex, year: int) -> str:
    """One to three given names, more of them for older people, never twice the same."""
    table = given_names(sex.value, era_of(year))
    count = rng.choices((1, 2, 3), (45, 35, 20) if year < 1960 else (66, 27, 7))[0]
    names: list[str] = []
    while len(names) < count:
        name = table.draw(rng)
        if name not in names and (not names or "-" not in name):
            names.append(name)
    return " ".join(names)


def draw_family_name(rng: random.Random) -> str:
    """A surname; one in fifty is a double name (``Moreau-Lefèvre``)."""
    table = family_names()
    name = table.draw(rng)
    if rng.random() < 0.02 and " " not in name and "-" not in name:
        other = table.draw(rng)
        if other != name and " " not in other:
            return f"{name}-{other}"
    return name


def draw_patient(rng: random.Random, key: int, *, role: Role = Role.PATIENT) -> Person:
    """One person with registry-like details (no ``patient_id`` yet)."""
    low, high, _ = rng.choices(_AGE_BANDS, [band[2] for band in _AGE_BANDS])[0]
    birth = draw_birth_date(rng, low, high, on=LEAK_DAY)
    sex = rng.choice((Sex.F, Sex.M))
    person = Person(
        key=key,
        role=role,
        family_name=draw_family_name(rng),
        given_names=draw_given_names(rng, sex, birth.year),
        birth_date=birth,
        sex=sex,
    )
    return _with_contacts(rng, _maybe_married(rng, person))


def _maybe_married(rng: random.Random, person: Person) -> Person:
    """Married women keep their birth name aside and use their husband's."""
    share = 0.55 if person.birth_date.year < 1985 else 0.3
    if person.sex is Sex.M or person.age_on(LEAK_DAY) < 23 or rng.random() > share:
        return person
    married = draw_family_name(rng)
    if married == person.family_name:
        return person
    return replace(person, family_name=married, birth_name=person.family_name)


def _with_contacts(rng: random.Random, person: Person) -> Person:
    """Address, phone, e-mail and NIR, each present for most but not all patients."""
    return replace(
        person,
        address=make_address(rng) if rng.random() < _ADDRESS_SHARE else None,
        phone=make_phone(rng) if rng.random() < _PHONE_SHARE else "",
        email=(
            make_email(
                rng,
                given=person.first_given,
                family=person.family_name,
                year=person.birth_date.year,
            )
            if rng.random() < _EMAIL_SHARE and person.age_on(LEAK_DAY) >= 16
            else ""
        ),
        nir=(
            make_nir(rng, sex=person.sex.value, birth_date=person.birth_date)
            if rng.random() < _NIR_SHARE
            else ""
        ),
    )


def _plant_hard_cases(rng: random.Random, people: list[Person]) -> set[int]:
    """Rewrite some drawn patients into the cases that make attribution hard; return the
    registry positions of everybody involved (both people of each pair)."""
    count = len(people)
    slots = _free_slots(rng, count)
    planters = (
        (_plant_homonym, max(3, count // 120)),
        (_plant_same_name_and_birth, max(3, count // 800)),
        (_plant_twins, max(2, count // 900)),
        (_plant_mother_and_newborn, max(2, count // 250)),
        (_plant_couple, max(2, count // 150)),
    )
    planted: set[int] = set()
    for plant, times in planters:
        for _ in range(times):
            first, second = next(slots), next(slots)
            plant(rng, people, first, second)
            planted.update((first, second))
    _plant_deaths(rng, people)
    return planted


def _free_slots(rng: random.Random, count: int) -> Iterator[int]:
    """Registry positions in random order, each handed out once."""
    order = list(range(count))
    rng.shuffle(order)
    yield from order
    raise RuntimeError("not enough patients to plant the hard cases; ask for at least 100")


def _plant_homonym(rng: random.Random, people: list[Person], source: int, target: int) -> None:
    """Same family and given names, another birth date (a different person)."""
    model, other = people[source], people[target]
    people[target] = replace(
        other,
        sex=model.sex,
        family_name=model.family_name,
        birth_name=model.birth_name if rng.random() < 0.5 else "",
        given_names=model.given_names,
        nir=make_nir(rng, sex=model.sex.value, birth_date=other.birth_date) if other.nir else "",
    )


def _plant_same_name_and_birth(
    rng: random.Random, people: list[Person], source: int, target: int
) -> None:
    """Same name and same birth date: only an IPP, NIR or address tells them apart."""
    model, other = people[source], people[target]
    people[target] = replace(
        other,
        sex=model.sex,
        family_name=model.family_name,
        birth_name=model.birth_name,
        given_names=model.given_names,
        birth_date=model.birth_date,
        nir=make_nir(rng, sex=model.sex.value, birth_date=model.birth_date) if other.nir else "",
    )


def _plant_twins(rng: random.Random, people: list[Person], first: int, second: int) -> None:
    """Twins: same family name, birth date and address, different given names."""
    elder = people[first]
    age = elder.age_on(LEAK_DAY)
    if age > 70:
        elder = replace(elder, birth_date=draw_birth_date(rng, 5, 60, on=LEAK_DAY))
        elder = replace(elder, nir=make_nir(rng, sex=elder.sex.value, birth_date=elder.birth_date))
    sex = rng.choice((Sex.F, Sex.M))
    given = elder.given_names
    while given.split(" ")[0] == elder.first_given:
        given = draw_given_names(rng, sex, elder.birth_date.year)
    people[first] = elder
    people[second] = replace(
        people[second],
        sex=sex,
        family_name=elder.birth_name or elder.family_name,
        birth_name="",
        given_names=given,
        birth_date=elder.birth_date,
        address=elder.address,
        phone=elder.phone if rng.random() < 0.5 else people[second].phone,
        nir=make_nir(rng, sex=sex.value, birth_date=elder.birth_date),
    )


def _plant_mother_and_newborn(
    rng: random.Random, people: list[Person], mother_at: int, child_at: int
) -> None:
    """A mother (20-42 at the birth) and her child born 2019-2024, same name and home."""
    child_birth = draw_birth_date(rng, 0, 4, on=LEAK_DAY - timedelta(days=60))
    mother_birth = draw_birth_date(rng, 20, 42, on=child_birth)
    mother = replace(people[mother_at], sex=Sex.F, birth_date=mother_birth)
    mother = replace(
        mother,
        given_names=draw_given_names(rng, Sex.F, mother_birth.year),
        nir=make_nir(rng, sex="F", birth_date=mother_birth) if mother.nir else "",
    )
    sex = rng.choice((Sex.F, Sex.M))
    people[mother_at] = mother
    people[child_at] = replace(
        people[child_at],
        sex=sex,
        family_name=mother.family_name,
        birth_name="",
        given_names=draw_given_names(rng, sex, child_birth.year),
        birth_date=child_birth,
        address=mother.address,
        phone=mother.phone,
        email="",
        nir="",
    )


def _plant_couple(rng: random.Random, people: list[Person], wife_at: int, husband_at: int) -> None:
    """A married couple: the wife uses the husband's name; one address, one phone."""
    husband = people[husband_at]
    if husband.age_on(LEAK_DAY) < 25:
        birth = draw_birth_date(rng, 30, 85, on=LEAK_DAY)
        husband = replace(
            husband, birth_date=birth, given_names=draw_given_names(rng, Sex.M, birth.year)
        )
    husband = replace(
        husband,
        sex=Sex.M,
        birth_name="",
        nir=make_nir(rng, sex="M", birth_date=husband.birth_date) if husband.nir else "",
    )
    wife_birth = draw_birth_date(
        rng, max(22, husband.age_on(LEAK_DAY) - 8), husband.age_on(LEAK_DAY) + 3, on=LEAK_DAY
    )
    wife = replace(
        people[wife_at],
        sex=Sex.F,
        family_name=husband.family_name,
        birth_name=_other_family_name(rng, husband.family_name),
        given_names=draw_given_names(rng, Sex.F, wife_birth.year),
        birth_date=wife_birth,
        address=husband.address,
        phone=husband.phone if rng.random() < 0.4 else people[wife_at].phone,
    )
    people[husband_at] = husband
    people[wife_at] = replace(
        wife, nir=make_nir(rng, sex="F", birth_date=wife_birth) if wife.nir else ""
    )


def _other_family_name(rng: random.Random, taken: str) -> str:
    """A surname other than ``taken`` (a wife's birth name differs from her used name)."""
    name = draw_family_name(rng)
    while name == taken:
        name = draw_family_name(rng)
    return name


def _plant_deaths(rng: random.Random, people: list[Person]) -> None:
    """Some old patients died in the years the leak covers (death certificates, autopsies)."""
    for index, person in enumerate(people):
        if person.age_on(LEAK_DAY) >= 60 and rng.random() < 0.03:
            died = LEAK_DAY - timedelta(days=rng.randint(30, 5 * 365))
            people[index] = replace(person, death_date=died)


def _assign_patient_ids(rng: random.Random, people: list[Person]) -> list[Person]:
    """Unique eight-digit IPPs, written with their leading zeros as the hospital does."""
    numbers = rng.sample(range(1_000_000, 60_000_000), len(people))
    return [replace(p, patient_id=f"{n:08d}") for p, n in zip(people, numbers, strict=True)]


def _draw_staff(
    rng: random.Random, keys: KeyCounter, patients: list[Person], *, count: int
) -> list[Person]:
    """Hospital staff; a few physicians share a registry patient's name."""
    staff = []
    for _ in range(count):
        person = draw_patient(rng, keys.take(), role=Role.STAFF)
        birth = draw_birth_date(rng, 24, 64, on=LEAK_DAY)
        title, job = draw_job(rng)
        person = replace(
            person,
            birth_date=birth,
            given_names=draw_given_names(rng, person.sex, birth.year).split(" ")[0],
            title=title,
            job=job,
            nir=make_nir(rng, sex=person.sex.value, birth_date=birth),
            address=make_address(rng),
            phone=make_phone(rng),
            death_date=None,
        )
        staff.append(person)
    physicians = [i for i, p in enumerate(staff) if p.title in ("Dr", "Pr")]
    for index in rng.sample(physicians, min(len(physicians), 2 + count // 40)):
        staff[index] = _named_like_a_patient(rng, staff[index], patients)
    return staff


def _draw_practitioners(
    rng: random.Random, keys: KeyCounter, patients: list[Person], *, count: int
) -> list[Person]:
    """General practitioners the letters are addressed to (some named like patients)."""
    doctors = []
    for _ in range(count):
        person = draw_patient(rng, keys.take(), role=Role.STAFF)
        birth = draw_birth_date(rng, 30, 68, on=LEAK_DAY)
        person = replace(
            person,
            birth_date=birth,
            given_names=person.first_given,
            birth_name="",
            title="Dr",
            job="médecin généraliste",
            address=make_address(rng),
            phone=make_phone(rng),
        )
        if rng.random() < 0.08 or not doctors:
            person = _named_like_a_patient(rng, person, patients)
        doctors.append(person)
    return doctors


def _named_like_a_patient(rng: random.Random, person: Person, patients: list[Person]) -> Person:
    """Give a professional the family and first given name of some registry patient."""
    adults = [p for p in patients[:2000] if 30 <= p.age_on(LEAK_DAY) <= 65]
    namesake = rng.choice(adults)
    return replace(
        person,
        sex=namesake.sex,
        family_name=namesake.family_name,
        given_names=namesake.first_given,
        birth_name="",
        nir=make_nir(rng, sex=namesake.sex.value, birth_date=person.birth_date),
    )
