"""Precision and recall from counts, with one rule for empty sets.

Convention (chosen once, used everywhere in ``evaluate``): a ratio whose denominator is
zero is **1.0**, the vacuous value. An empty ``affected.csv`` makes no false claim, so its
notify precision is 1.0 (its recall, if anyone was exposed, is 0.0 and so is F1); a truth
with nobody exposed has nothing to miss, so recall is 1.0. The raw counts are always
reported beside the ratios, so a reader can tell a vacuous 1.0 from an earned one, and JSON
output never carries NaN (which strict JSON readers reject).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

VACUOUS = 1.0


def ratio(numerator: int | float, denominator: int | float) -> float:
    """``numerator / denominator``, or ``VACUOUS`` when the denominator is zero."""
    return numerator / denominator if denominator else VACUOUS


@dataclass(frozen=True, slots=True)
class PrecisionRecall:
    """Counts of one predicted set against one true set, and the ratios they give."""

    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(
        cls, true_positives: int, false_positives: int, false_negatives: int
    ) -> PrecisionRecall:
        """Build from counts; ratios follow the module's vacuous-1.0 convention."""
        precision = ratio(true_positives, true_positives + false_positives)
        recall = ratio(true_positives, true_positives + false_negatives)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(true_positives, false_positives, false_negatives, precision, recall, f1)

    @classmethod
    def of_sets(cls, predicted: Set[object], truth: Set[object]) -> PrecisionRecall:
        """Compare two sets of anything hashable (ids, (patient, category) pairs)."""
        hits = len(predicted & truth)
        return cls.from_counts(hits, len(predicted) - hits, len(truth) - hits)

    @property
    def support(self) -> int:
        """How many true items there were."""
        return self.true_positives + self.false_negatives

    @property
    def predicted(self) -> int:
        """How many items were predicted."""
        return self.true_positives + self.false_positives
