"""Name, place and street lists the generator draws people from, with their weights.

The lists live in ``leakmap/data/synth/`` as plain TSV files; Faker's ``fr_FR`` surname
and given-name tuples (frequency ordered) extend the tails so that a 20,000-patient
registry is not made of 170 families. Drawing uses pre-computed cumulative weights:
a registry of tens of thousands of people is drawn in well under a second.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

from faker.providers.person.fr_FR import Provider as FakerPerson

#: Given names are chosen from the era a person was born in (fashions change).
ERAS = (1920, 1940, 1960, 1975, 1990, 2005)
#: Weight of Faker's surname tail relative to the hand-made head (per name, falling).
_FAKER_TAIL_WEIGHT = 12.0
_FAKER_GIVEN_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class WeightedNames:
    """Values with cumulative weights, for fast weighted draws."""

    values: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: list[tuple[str, float]]) -> WeightedNames:
        """Build from (value, weight) pairs; duplicate values keep their first weight."""
        seen: dict[str, float] = {}
        for value, weight in pairs:
            seen.setdefault(value, weight)
        return cls(tuple(seen), tuple(itertools.accumulate(seen.values())))

    def draw(self, rng: random.Random) -> str:
        """One value, with probability proportional to its weight."""
        point = rng.random() * self.cumulative[-1]
        return self.values[bisect.bisect_right(self.cumulative, point)]


@dataclass(frozen=True, slots=True)
class Commune:
    """A postcode and its town."""

    postcode: str
    city: str


def _data_lines(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines dropped."""
    text = resources.files("leakmap").joinpath("data", "synth", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def family_names() -> WeightedNames:
    """Surnames: the skewed hand-made head, then Faker's frequency-ordered tail."""
    head = [(row[0], float(row[1])) for row in _data_lines("family_names.tsv")]
    tail = [
        (name, _FAKER_TAIL_WEIGHT / (1 + rank / 40))
        for rank, name in enumerate(FakerPerson.last_names)
    ]
    return WeightedNames.of(head + tail)


@cache
def given_names(sex: str, era: int) -> WeightedNames:
    """Given names in fashion for one sex and era, with a thin Faker tail for variety."""
    rows = _data_lines("given_names.tsv")
    head = [(r[0], float(r[3])) for r in rows if r[1] == sex and int(r[2]) == era]
    faker_names = FakerPerson.first_names_female if sex == "F" else FakerPerson.first_names_male
    return WeightedNames.of(head + [(name, _FAKER_GIVEN_WEIGHT) for name in faker_names])


def era_of(year: int) -> int:
    """The naming era a birth year belongs to."""
    return ERAS[max(0, bisect.bisect_right(ERAS, year) - 1)]


@cache
def communes() -> tuple[tuple[Commune, ...], tuple[float, ...]]:
    """Where patients live, with cumulative weights (the hospital's catchment area first)."""
    rows = _data_lines("communes.tsv")
    places = tuple(Commune(r[0], r[1]) for r in rows)
    return places, tuple(itertools.accumulate(float(r[2]) for r in rows))


@cache
def street_names() -> tuple[str, ...]:
    """Street names, combined with a street type at random."""
    return tuple(row[0] for row in _data_lines("streets.txt"))


def draw_commune(rng: random.Random) -> Commune:
    """A place of residence, weighted towards the hospital's area."""
    places, cumulative = communes()
    return places[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
