"""Free clinical text in a list's cells ("Motif", "Analyses", "Libellé acte") gives that
row's person the contract's health categories, row by row."""

from __future__ import annotations

import pytest

from leakmap.detect.health import categories_of, find_row_health
from leakmap.detect.identifiers.place import Place


@pytest.mark.parametrize(
    ("cell", "categories"),
    [
        ("Idées suicidaires", {"health", "mental_health"}),
        ("TS médicamenteuse", {"health", "mental_health"}),
        ("IVG médicamenteuse", {"health", "gynecology_obstetrics"}),
        ("bHCG", {"health", "gynecology_obstetrics"}),
        ("Frottis cervico-vaginal", {"health", "gynecology_obstetrics"}),
        ("Sérologie VIH", {"health", "laboratory", "sexual_health"}),
        ("Alcoolisation aiguë", {"health", "addiction"}),
        ("Chimiothérapie C3", {"health", "oncology"}),
        ("Colique néphrétique", {"health"}),
        ("Chute de sa hauteur", {"health"}),
        ("Salle 3", set()),
    ],
)
def test_a_cells_clinical_text_gives_its_categories(cell: str, categories: set[str]) -> None:
    found = categories_of(find_row_health([cell], " | ", Place(1, row=1)))
    assert {c.value for c in found} == categories
