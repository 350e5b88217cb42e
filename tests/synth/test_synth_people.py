"""The registry population holds the hard cases real registries hold."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from leakmap.synth.nir import make_nir, nir_key
from leakmap.synth.people import LEAK_DAY, KeyCounter, Population, build_population
from leakmap.synth.person import Sex


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(random.Random(7), patients=600, keys=KeyCounter())


def test_synth_homonyms_with_other_birth_dates(population: Population) -> None:
    names = Counter((p.family_name, p.given_names) for p in population.patients)
    births = {}
    for person in population.patients:
        births.setdefault((person.family_name, person.given_names), set()).add(person.birth_date)
    assert sum(1 for key, n in names.items() if n > 1 and len(births[key]) > 1) >= 3


def test_synth_same_name_and_birth_date_pairs(population: Population) -> None:
    identities = Counter((p.family_name, p.given_names, p.birth_date) for p in population.patients)
    assert sum(1 for n in identities.values() if n > 1) >= 2


def test_synth_twins_share_name_birth_and_home(population: Population) -> None:
    twins = Counter((p.family_name, p.birth_date, p.address) for p in population.patients if p.address)  # fmt: skip
    assert any(n >= 2 for n in twins.values())


def test_synth_mothers_live_with_their_newborns(population: Population) -> None:
    young = [p for p in population.patients if p.birth_date.year >= 2019 and p.address]
    mothers = {(p.family_name, p.address) for p in population.patients if p.sex is Sex.F and p.birth_date.year < 2006}  # fmt: skip
    assert any((child.family_name, child.address) in mothers for child in young)


def test_synth_married_women_keep_a_birth_name(population: Population) -> None:
    married = [p for p in population.patients if p.birth_name]
    assert len(married) > len(population.patients) // 10
    assert all(p.sex is Sex.F and p.birth_name != p.family_name for p in married)


def test_synth_some_patients_died_and_deaths_are_in_the_past(population: Population) -> None:
    dead = [p for p in population.patients if p.death_date]
    assert dead and all(p.birth_date < p.death_date <= LEAK_DAY for p in dead)


def test_synth_a_physician_shares_a_patient_name(population: Population) -> None:
    patient_names = {(p.family_name, p.first_given) for p in population.patients}
    physicians = [p for p in population.staff if p.title in ("Dr", "Pr")]
    assert any((p.family_name, p.first_given) in patient_names for p in physicians)


def test_synth_names_have_accents_particles_hyphens_and_compound_given_names(population: Population) -> None:  # fmt: skip
    families = {p.family_name for p in population.patients}
    given = " ".join(p.given_names for p in population.patients)
    assert any(" " in name for name in families)  # Le Goff, Da Silva
    assert any(c in given for c in "éèëï")
    assert "-" in given  # Jean-Pierre, Marie-Hélène
    assert any(" " in p.given_names for p in population.patients)  # several given names


def test_synth_planted_hard_cases_are_listed(population: Population) -> None:
    assert len(population.hard_cases) >= 20
    assert set(population.hard_cases) <= set(population.patients)


@pytest.mark.parametrize(
    ("first_thirteen", "key"),
    [
        ("2550814168025", 38),  # the usual published example
        ("180012A123456", 97 - 1800119123456 % 97),  # Corsica: 2A counts as 19
        ("180012B123456", 97 - 1800118123456 % 97),  # and 2B as 18
    ],
)
def test_synth_nir_key_handles_corsica(first_thirteen: str, key: int) -> None:
    assert nir_key(first_thirteen) == f"{key:02d}"


def test_synth_drawn_nirs_are_valid_for_many_people() -> None:
    rng = random.Random(3)
    places = set()
    for offset in range(2000):
        birth = LEAK_DAY - timedelta(days=offset * 13)
        nir = make_nir(rng, sex="F" if offset % 2 else "M", birth_date=birth)
        assert len(nir) == 15 and nir_key(nir[:13]) == nir[13:]
        assert nir[3:5] == f"{birth.month:02d}"
        places.add(nir[5:7])
    assert {"2A", "2B", "99", "97"} <= places  # Corsica, abroad, overseas
