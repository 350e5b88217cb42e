"""An age column of a patient list: the age, which tells homonyms apart."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.identifiers.place import Place
from leakmap.detect.rows import detect_row
from leakmap.extract.document import TableRow


def _ages(header: str, value: str) -> list[str]:
    row = TableRow("liste", 1, (("Nom", "DURAND"), ("Prénom", "Clémence"), (header, value)))
    identifiers, _ = detect_row(row, Place(1, row=1), today=date(2024, 1, 1))
    return [i.value for i in identifiers if i.kind.value == "age"]


@pytest.mark.parametrize(
    ("header", "value", "ages"),
    [
        ("Âge", "83", ["83"]),
        ("AGE", "83 ans", ["83"]),
        ("Age (ans)", "7", ["7"]),
        ("Âge", "3 mois", []),  # a newborn's months are not years
        ("Âge", "183", []),
        ("Poids", "83", []),
    ],
)
def test_an_age_column_gives_the_age(header: str, value: str, ages: list[str]) -> None:
    assert _ages(header, value) == ages


@pytest.mark.parametrize(
    ("cell", "given", "ages"),
    [
        ("DURAND Clémence (83 ans)", "Clémence", ["83"]),
        ("Mme DURAND Clémence, 83 ans", "Clémence", ["83"]),
        ("DURAND Clémence - 7 ans", "Clémence", ["7"]),
        ("DURAND Clémence", "Clémence", []),
        ("DURAND Clémence 183 ans", "Clémence 183 ans", []),  # no age: a misreading
    ],
)
def test_an_age_in_the_name_cell_is_the_age_not_a_given_name(
    cell: str, given: str, ages: list[str]
) -> None:
    row = TableRow("liste", 1, (("Patient", cell), ("Motif", "Chute")))
    identifiers, names = detect_row(row, Place(1, row=1), today=date(2024, 1, 1))
    assert [n.given_names for n in names] == [given]
    assert [i.value for i in identifiers if i.kind.value == "age"] == ages
