"""Full-name cells ("Identité", "Patient") split into family and given names.

The registry's family names tell the order when case does not; when both readings give a
registry family name, the reading whose given names the registry's people of that family
carry wins ("Morin Christophe Cédric Nicolas" is a Morin, not a Nicolas).
"""

from __future__ import annotations

import pytest

from leakmap.detect.rows import name_order, split_full_name

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


MORE_FAMILIES = {
    **FAMILIES,
    "GUILLAUME": frozenset({"PAUL"}),
    "LE GALL": frozenset({"GUILLAUME"}),
    "LAURENT": frozenset({"PHILIPPE"}),
    "PHILIPPE": frozenset({"ANNE"}),
    "GIRARD": frozenset({"VERONIQUE"}),
    "LE BIHAN": frozenset({"VERONIQUE"}),
    "LE FLOCH": frozenset({"VERONIQUE"}),
    "MARTIN": frozenset({"VERONIQUE"}),
    "FAURE": frozenset({"YVETTE"}),
    "BENALI": frozenset({"YVETTE"}),
    "FONTAINE": frozenset({"HERVE"}),
}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Both words are family names somewhere: the registry's people decide the reading.
        ("Guillaume Le Gall", ("Le Gall", "Guillaume", "")),
        ("Philippe Laurent", ("Laurent", "Philippe", "")),
        # The birth name after "née" or before "épouse", in any case and with particles.
        ("Girard (née Le Bihan) Véronique", ("Girard", "Véronique", "Le Bihan")),
        ("Marie Dupont (née Le Goff)", ("Dupont", "Marie", "Le Goff")),
        ("LE FLOCH épouse MARTIN VÉRONIQUE", ("MARTIN", "VÉRONIQUE", "LE FLOCH")),
        ("Marie Dupont née de la Tour", ("Dupont", "Marie", "de la Tour")),
        ("DURAND épouse MARTIN Jeanne", ("MARTIN", "Jeanne", "DURAND")),  # Mrs MARTIN
        # An export that capitalises given names: the registry's people say which is which.
        ("Fontaine HERVÉ", ("Fontaine", "HERVÉ", "")),
        ("Faure épouse Benali YVETTE", ("Benali", "YVETTE", "Faure")),
    ],
)
def test_full_name_cells_with_two_family_readings_or_another_name(
    cell: str, expected: tuple[str, str, str]
) -> None:
    assert split_full_name(cell, family_names=MORE_FAMILIES) == expected


def test_a_columns_plain_cells_order_the_cell_where_both_words_are_family_names() -> None:
    """An export writes "Prénom Nom" down its "NOM PRENOM" column: "Julien Gomez" (both
    registry family names) is Mr Gomez, as "Sarah Laurent" and "Yannick Lefebvre" say."""
    families = {"LEFEBVRE": frozenset({"YANNICK"}), "LAURENT": frozenset({"PAUL"}),
                "JULIEN": frozenset({"DENIS"}), "GOMEZ": frozenset({"ANA"})}  # fmt: skip
    cells = ["Yannick Lefebvre", "Sarah Laurent", "Julien Gomez"]
    order = name_order(cells, families)
    assert order is True
    assert split_full_name("Julien Gomez", family_names=families, given_first=order)[:2] == (
        "Gomez",
        "Julien",
    )
    assert name_order(["LEFEBVRE Yannick", "LAURENT Sarah", "Julien Gomez"], families) is False
    assert split_full_name("Julien Gomez", family_names=families)[:2] == ("Julien", "Gomez")


def test_a_given_first_column_reads_a_cell_no_registry_reading_explains() -> None:
    """ "Christiane Le Brris" (a slip of Le Bris) in a given-first column is Mrs Le Brris."""
    families = {"LE BRIS": frozenset({"CHRISTIANE"})}
    cell = "Christiane Le Brris"
    assert split_full_name(cell, family_names=families, given_first=True)[:2] == (
        "Le Brris",
        "Christiane",
    )
