"""Who a document is about: the patient picker, and the people around patients.

Most documents pick a registry patient that fits them (sex, age, alive on the day);
about a quarter pick a patient some earlier document already exposed, so that exposed
people recur across files as they do in a real dump (a biopsy, then the surgery list,
then the letter), and a few pick one of the planted hard cases, so that every dump shows
homonyms, twins and families. A few pick a patient of the partner clinic, who is not in this
registry and sometimes shares a registry patient's name. Relatives and newborns are
made on demand and are never registry patients.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from leakmap.synth.contacts import make_phone
from leakmap.synth.lexicon import era_of, given_names
from leakmap.synth.people import (
    KeyCounter,
    Population,
    draw_family_name,
    draw_given_names,
    draw_patient,
)
from leakmap.synth.person import Address, Person, Role, Sex

#: Share of patient picks that reuse someone an earlier document already exposed.
REPEAT_SHARE = 0.27
#: Share of picks that take one of the planted hard cases (homonyms, twins, families).
SPOTLIGHT_SHARE = 0.06
#: Share of clinical picks that take a patient of the partner clinic (not registered).
OTHER_SITE_SHARE = 0.03
_TRIES = 40
#: How much more often a physician named like a registry patient signs a document.
_NAMESAKE_WEIGHT = 6.0
RELATIONS_F = ("fille", "épouse", "mère", "sœur", "belle-fille", "nièce", "voisine", "compagne")
RELATIONS_M = ("fils", "époux", "père", "frère", "gendre", "neveu", "compagnon")


@dataclass(frozen=True, slots=True)
class Fit:
    """What a document needs of its patient."""

    sex: Sex | None = None
    min_age: int = 0
    max_age: int = 110


ANYONE = Fit()


class Cast:
    """Picks the people documents talk about; remembers whom it already exposed."""

    def __init__(self, rng: random.Random, population: Population, keys: KeyCounter) -> None:
        self._rng = rng
        self._keys = keys
        self._population = population
        self._registry = population.patients
        self._exposed: list[Person] = []
        self._seen: set[int] = set()
        self._deceased = [p for p in population.patients if p.death_date is not None]
        self._signers = _weighted_signers(population.staff, population.patients)
        self.families = _mothers_and_children(population.patients)
        self._next: Person | None = None

    @property
    def population(self) -> Population:
        """Everybody the documents can print."""
        return self._population

    def prefer_next(self, person: Person) -> None:
        """Make the next ``patient`` pick return ``person`` if they fit (a mail and its
        attached report are about the same patient)."""
        self._next = person

    def patient(
        self, when: date, fit: Fit = ANYONE, *, other_site_share: float = OTHER_SITE_SHARE
    ) -> Person:
        """A patient for a document dated ``when`` (see the module doc for the mix)."""
        preferred, self._next = self._next, None
        if preferred is not None and _fits(preferred, when, fit):
            return self.remember(preferred)
        if self._rng.random() < other_site_share:
            return self.other_site_patient(when, fit)
        person = None
        roll = self._rng.random()
        if self._population.hard_cases and roll < SPOTLIGHT_SHARE:
            person = self._try(self._population.hard_cases, when, fit)
        elif self._exposed and roll < SPOTLIGHT_SHARE + REPEAT_SHARE:
            person = self._try(self._exposed, when, fit)
        if person is None:
            person = self._try(self._registry, when, fit) or self._force(when, fit)
        return self.remember(person)

    def remember(self, person: Person) -> Person:
        """Note that a document exposes this patient (later picks may reuse them)."""
        if person.is_registered and person.key not in self._seen:
            self._seen.add(person.key)
            self._exposed.append(person)
        return person

    def deceased(self) -> Person:
        """A registry patient who died (for death certificates and autopsy requests)."""
        return self.remember(self._rng.choice(self._deceased))

    @property
    def has_deceased(self) -> bool:
        """Whether the registry holds anyone who died."""
        return bool(self._deceased)

    def _try(self, pool: list[Person] | tuple[Person, ...], when: date, fit: Fit) -> Person | None:
        for _ in range(_TRIES):
            person = self._rng.choice(pool)
            if _fits(person, when, fit):
                return person
        return None

    def _force(self, when: date, fit: Fit) -> Person:
        """A patient that fits, scanning the registry from a random start (rare fits)."""
        start = self._rng.randrange(len(self._registry))
        for offset in range(len(self._registry)):
            person = self._registry[(start + offset) % len(self._registry)]
            if _fits(person, when, fit):
                return person
        return self._registry[start]

    def other_site_patient(self, when: date, fit: Fit = ANYONE) -> Person:
        """A partner-clinic patient; one in three is named like a registry patient."""
        person = draw_patient(self._rng, self._keys.take(), role=Role.OTHER_SITE)
        namesake = self._try(self._registry, when, fit) if self._rng.random() < 0.35 else None
        if namesake is not None and namesake.birth_date != person.birth_date:
            person = replace(
                person,
                sex=namesake.sex,
                family_name=namesake.family_name,
                birth_name=namesake.birth_name,
                given_names=namesake.first_given,
            )
        elif fit.sex is not None and person.sex is not fit.sex:
            given = draw_given_names(self._rng, fit.sex, person.birth_date.year).split(" ")[0]
            person = replace(person, sex=fit.sex, given_names=given, birth_name="")
        return replace(person, given_names=person.first_given, patient_id="", nir="")

    def relative_of(self, patient: Person) -> tuple[Person, str]:
        """A person to call (``personne à prévenir``) and how they are related."""
        sex = self._rng.choice((Sex.F, Sex.M))
        year = self._rng.randint(1940, 2000)
        family = patient.family_name if self._rng.random() < 0.6 else draw_family_name(self._rng)
        relative = Person(
            key=self._keys.take(),
            role=Role.RELATIVE,
            family_name=family,
            given_names=given_names(sex.value, era_of(year)).draw(self._rng),
            birth_date=date(year, 1, 1),
            sex=sex,
            phone=make_phone(self._rng),
        )
        relation = self._rng.choice(RELATIONS_F if sex is Sex.F else RELATIONS_M)
        return relative, relation

    def newborn_of(self, mother: Person, born: date) -> Person:
        """A newborn not (yet) in the registry, named after the mother's used name."""
        sex = self._rng.choice((Sex.F, Sex.M))
        return Person(
            key=self._keys.take(),
            role=Role.NEWBORN,
            family_name=mother.family_name,
            given_names=given_names(sex.value, era_of(born.year)).draw(self._rng),
            birth_date=born,
            sex=sex,
        )

    def physician(self) -> Person:
        """A signing physician; those named like a patient sign more often than others."""
        people, weights = self._signers
        return self._rng.choices(people, weights)[0]

    def staff(self, *jobs: str) -> Person:
        """A staff member holding one of ``jobs`` (any staff member if none holds it)."""
        holders = [p for p in self._population.staff if p.job in jobs] or list(
            self._population.staff
        )
        return self._rng.choice(holders)

    def practitioner(self) -> Person:
        """A general practitioner (a letter's addressee)."""
        return self._rng.choice(self._population.practitioners)

    @property
    def exposed_count(self) -> int:
        """How many registry patients documents picked so far."""
        return len(self._seen)


def _fits(person: Person, when: date, fit: Fit) -> bool:
    if fit.sex is not None and person.sex is not fit.sex:
        return False
    if person.birth_date > when or not person.is_alive_on(when):
        return False
    return fit.min_age <= person.age_on(when) <= fit.max_age


def _weighted_signers(
    staff: tuple[Person, ...], patients: tuple[Person, ...]
) -> tuple[list[Person], list[float]]:
    """Physicians, with registry patients' namesakes weighted up so they sign often."""
    physicians = [p for p in staff if p.title in ("Dr", "Pr")] or list(staff)
    patient_names = {(p.family_name, p.first_given) for p in patients}
    weights = [
        _NAMESAKE_WEIGHT if (p.family_name, p.first_given) in patient_names else 1.0
        for p in physicians
    ]
    return physicians, weights


def _mothers_and_children(patients: tuple[Person, ...]) -> list[tuple[Person, Person]]:
    """Registry mothers with a registry child born in the leak's years, living together."""
    by_home: dict[Address, list[Person]] = {}
    for person in patients:
        if person.address is not None:
            by_home.setdefault(person.address, []).append(person)
    pairs = []
    for household in by_home.values():
        children = [p for p in household if p.birth_date.year >= 2019]
        mothers = [p for p in household if p.sex is Sex.F and p.birth_date.year < 2006]
        for child in children:
            for mother in mothers:
                gap = child.birth_date - mother.birth_date
                if timedelta(days=18 * 365) < gap < timedelta(days=46 * 365):
                    pairs.append((mother, child))
    return pairs
