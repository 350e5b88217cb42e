"""The truth calls a patient ambiguous only when what the file prints fits a homonym too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from leakmap.synth.person import Person, Role, Sex
from leakmap.synth.plan import exposure_of
from leakmap.synth.truth import RegistryIndex
from leakmap.vocabulary import Category


def _patient(key: int, family: str, given: str, *, birth_name: str = "") -> Person:
    return Person(key, Role.PATIENT, family, given, date(1960, 1, key), Sex.F,
                  birth_name=birth_name, patient_id=f"{key:08d}")  # fmt: skip


def _fits(registry: tuple[Person, ...], person: Person, families: tuple[str, ...], given: str) -> set[int]:  # fmt: skip
    exposure = exposure_of(person, {Category.NAME}, families=families, given=given)
    return RegistryIndex(registry).could_be(exposure)


def test_truth_first_given_name_alone_fits_every_homonym() -> None:
    a, b = _patient(1, "MULLER", "Philippe Frédéric"), _patient(2, "MULLER", "Philippe Gilles")
    assert _fits((a, b), a, ("MULLER",), "Philippe") == {1, 2}


def test_truth_all_given_names_printed_tell_homonyms_apart() -> None:
    a, b = _patient(1, "MULLER", "Philippe Frédéric"), _patient(2, "MULLER", "Philippe")
    assert _fits((a, b), a, ("MULLER",), "Philippe Frédéric") == {1}


def test_truth_married_and_birth_names_printed_tell_homonyms_apart() -> None:
    a = _patient(1, "ANDRÉ", "Jacqueline", birth_name="BOUZID")
    b = _patient(2, "GAUDIN", "Jacqueline", birth_name="ANDRÉ")
    assert _fits((a, b), a, ("ANDRÉ",), "Jacqueline") == {1, 2}
    assert _fits((a, b), a, ("ANDRÉ", "BOUZID"), "Jacqueline") == {1}


def test_truth_an_age_printed_on_a_dated_document_tells_homonyms_apart() -> None:
    a, b = _patient(1, "MARTIN", "Stéphane"), _patient(2, "MARTIN", "Stéphane")
    b = replace(b, birth_date=date(1982, 7, 31))
    exposure = exposure_of(a, {Category.NAME}, families=("MARTIN",), given="Stéphane",
                           age_on=date(2019, 3, 12))  # fmt: skip
    assert RegistryIndex((a, b)).could_be(exposure) == {1}
