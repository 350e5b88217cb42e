"""A malignancy finding ruled out in its sentence is not cancer; cancer named stays cancer."""

from __future__ import annotations

import pytest

from leakmap.detect.health import categories_of, find_health
from leakmap.detect.identifiers.place import Place
from leakmap.detect.text import fold, tokenize
from leakmap.vocabulary import Category


def _categories(text: str) -> frozenset[Category]:
    return categories_of(find_health(text, tokenize(fold(text)), Place(1)))


@pytest.mark.parametrize(
    "text",
    [
        "Kératose séborrhéique. Absence de malignité.",
        "Biopsies prostatiques : absence de lésion carcinomateuse sur les 12 biopsies.",
        "Liquide inflammatoire, absence de cellule maligne.",
        "Pas d'argument pour une lésion maligne.",
    ],
)
def test_a_ruled_out_malignancy_is_not_oncology(text: str) -> None:
    assert Category.ONCOLOGY not in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Carcinome canalaire infiltrant, sans emboles tumoraux.",
        "Pas de récidive du cancer du sein.",
        "Prolifération tumorale maligne. Pas de nécrose.",
    ],
)
def test_a_named_or_affirmed_cancer_stays_oncology(text: str) -> None:
    assert Category.ONCOLOGY in _categories(text)
