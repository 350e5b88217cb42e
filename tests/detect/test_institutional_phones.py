"""A service's phone is found but marked the hospital's; a person's stays a person's."""

from __future__ import annotations

import pytest

from leakmap.detect.identifiers.contact import INSTITUTIONAL_PHONE, RELATIVE_PHONE, find_phones
from leakmap.detect.identifiers.place import Place

PLACE = Place(1, block=0)


@pytest.mark.parametrize(
    ("text", "institutional"),
    [
        ("Secrétariat : 02 98 00 00 00", True),
        ("Fax 02 98 00 00 01", True),
        ("CHU Kerval - Standard : 02 98 00 00 02", True),
        ("Tél. du service : 02 98 00 00 03", True),
        ("Cadre de santé : 02 98 00 00 04", True),
        ("Cardiologie - bureau 12\n02 98 22 33 99", True),  # a number under a desk's line
        ("Yann KERMARREC\nCHU - poste 2345\n02 98 11 22 33", True),
        # near misses: the patient's own number
        ("Tél : 06 12 34 56 78", False),
        ("Tél. patient : 06 12 34 56 78", False),
        ("3 place du Centre\n06 12 34 56 78", False),  # an address line above it
        ("Né le 04/05/1950\n06 12 34 56 78", False),
        ("Dans le cadre du suivi : 06 12 34 56 78", False),
    ],
)
def test_find_phones_marks_institutional_numbers(text: str, institutional: bool) -> None:
    [phone] = find_phones(text, PLACE)
    assert (phone.detector == INSTITUTIONAL_PHONE) is institutional


AGENDA = (
    "Heure  Patient (DDN)                 Téléphone       Motif\n"
    "-------------------------------------------------------------\n"
    "09h20  Marine ROBERT - 09/09/1941    0639982763      Suivi\n"
    "11h40  Marie HENRY - 21/04/1928      06.39.98.75.02  Suivi\n"
    "14h20  Paul MARTIN - 02/01/1948                      0639981071\n"
)


def test_packed_numbers_in_a_phone_column_of_a_text_list_are_phones() -> None:
    assert [p.value for p in find_phones(AGENDA, PLACE)] == ["+33639982763", "+33639987502"]


def test_packed_numbers_under_another_header_are_not() -> None:
    text = "Nom       Dossier     Téléphone\nDUPONT    0639982763  \n"
    assert find_phones(text, PLACE) == []


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("Personne à prévenir : 06 11 22 33 44", True),
        ("Personne de confiance : 06 11 22 33 44", True),
        ("Jean PETIT (fils) 06 11 22 33 44", True),
        ("Tél. mère : 06 11 22 33 44", True),
        ("Tél : 06 11 22 33 44", False),
        ("Tél. patient : 06 11 22 33 44", False),
        ("Fax 02 98 00 00 01", False),  # the service's, not a relative's
    ],
)
def test_find_phones_marks_relatives_numbers(text: str, relative: bool) -> None:
    [phone] = find_phones(text, PLACE)
    assert (phone.detector == RELATIVE_PHONE) is relative
