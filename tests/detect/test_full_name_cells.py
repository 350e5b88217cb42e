"""Full-name cells ("Identité", "Patient") split into family and given names.

The registry's family names tell the order when case does not; when both readings give a
registry family name, the reading whose given names the registry's people of that family
carry wins ("Morin Christophe Cédric Nicolas" is a Morin, not a Nicolas).
"""

from __future__ import annotations

import pytest

from leakmap.detect.rows import split_full_name

FAMILIES = {
    "MORIN": frozenset({"CHRISTOPHE", "CEDRIC", "NICOLAS", "JEAN"}),
    "NICOLAS": frozenset({"PAUL"}),
    "DUPONT": frozenset({"MARIE", "CLAIRE"}),
    "LE GOFF": frozenset({"YANN"}),
}


@pytest.mark.parametrize(
    ("cell", "family", "given"),
    [
        ("DUPONT Marie", "DUPONT", "Marie"),
        ("Marie DUPONT", "DUPONT", "Marie"),
        ("Dupont Marie Claire", "Dupont", "Marie Claire"),
        ("Marie Claire Dupont", "Dupont", "Marie Claire"),
        ("Morin Christophe Cédric Nicolas", "Morin", "Christophe Cédric Nicolas"),
        ("Paul Nicolas", "Nicolas", "Paul"),
        ("Le Goff Yann", "Le Goff", "Yann"),
    ],
)
def test_full_name_cells_split_by_case_and_registry(cell: str, family: str, given: str) -> None:
    assert split_full_name(cell, family_names=FAMILIES)[:2] == (family, given)
