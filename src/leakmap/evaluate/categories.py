"""What of each person the case says was exposed, against what the generator put there.

Scored on (patient, category) pairs, only over patients present in both ``affected.csv``
and the truth: whether the right person was found is ``attribution``'s question; this one
asks, given the right person, whether the right things were listed. Categories are plain
strings so a word this version does not know is still counted, not dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leakmap.evaluate.case_rows import AffectedRow
from leakmap.evaluate.ratios import PrecisionRecall
from leakmap.evaluate.truth import TruthPatient
from leakmap.vocabulary import Category

_VOCABULARY_ORDER = {category.value: index for index, category in enumerate(Category)}


@dataclass(frozen=True, slots=True)
class CategoryLine:
    """One category's figures; ``agreement.support`` is its number of true pairs."""

    category: str
    agreement: PrecisionRecall


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """Overall (micro-averaged) and per-category pair figures."""

    patients_compared: int
    overall: PrecisionRecall
    per_category: tuple[CategoryLine, ...]


def score_categories(
    affected: tuple[AffectedRow, ...], truth: dict[str, TruthPatient]
) -> CategoryScore:
    """Pairs (patient, category) of the case against the truth, on patients both list."""
    found = _merged_categories(affected)
    compared = sorted(found.keys() & truth.keys())
    predicted = {(pid, c) for pid in compared for c in found[pid]}
    actual = {(pid, c) for pid in compared for c in truth[pid].categories}
    words = {c for _, c in predicted | actual}
    return CategoryScore(
        patients_compared=len(compared),
        overall=PrecisionRecall.of_sets(predicted, actual),
        per_category=tuple(
            CategoryLine(word, PrecisionRecall.of_sets(_only(predicted, word), _only(actual, word)))
            for word in sort_categories(words)
        ),
    )


def sort_categories(words: Iterable[str]) -> list[str]:
    """Vocabulary order first (as the contract lists them), unknown words after, A to Z."""
    return sorted(words, key=lambda w: (_VOCABULARY_ORDER.get(w, len(_VOCABULARY_ORDER)), w))


def _merged_categories(affected: tuple[AffectedRow, ...]) -> dict[str, frozenset[str]]:
    """Categories per patient; a patient listed twice (should not happen) gets the union."""
    merged: dict[str, frozenset[str]] = {}
    for row in affected:
        merged[row.patient_id] = merged.get(row.patient_id, frozenset()) | row.categories
    return merged


def _only(pairs: set[tuple[str, str]], word: str) -> set[tuple[str, str]]:
    return {pair for pair in pairs if pair[1] == word}
