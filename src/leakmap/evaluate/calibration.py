"""Does ``confidence`` mean what it says? A reliability table of affected rows.

``confidence`` promises "the probability that this patient really is the one in the leak",
so among rows at 0.9-0.95 about 92 % should name a truly exposed patient. Each row is
counted once; a row is *true* when its patient_id is a truth patient. Bins are narrow near
1.0 because that is where the notify threshold lives and where over-confidence hurts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from leakmap.evaluate.case_rows import AffectedRow

BIN_EDGES = (0.0, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0)
#: A bin is judged only from this many rows (fewer: the share is too noisy to call).
MIN_JUDGED_ROWS = 50
#: A judged bin is off when mean confidence and share true differ by more than this.
TOLERANCE = 0.03


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Rows with ``low <= confidence < high`` (the last bin includes 1.0).

    ``mean_confidence`` and ``share_true`` are ``None`` for an empty bin: there is nothing
    to average, and a made-up value would read as a measurement.
    """

    low: float
    high: float
    rows: int
    true_rows: int
    mean_confidence: float | None
    share_true: float | None

    @property
    def is_off(self) -> bool:
        """Enough rows to judge, and the confidence misses the share true by > TOLERANCE."""
        if self.rows < MIN_JUDGED_ROWS or self.mean_confidence is None or self.share_true is None:
            return False
        return abs(self.mean_confidence - self.share_true) > TOLERANCE


@dataclass(frozen=True, slots=True)
class Calibration:
    """The reliability table, and two one-number summaries of it.

    ``expected_calibration_error``: row-weighted mean of |mean confidence - share true| over
    bins. ``brier_score``: mean of (confidence - truth)^2 over rows, truth being 1 or 0.
    Both are ``None`` when ``affected.csv`` has no row. ``bins_off``: bins with at least
    ``MIN_JUDGED_ROWS`` rows whose mean confidence misses the share true by > ``TOLERANCE``.
    """

    rows: int
    bins: tuple[CalibrationBin, ...]
    expected_calibration_error: float | None
    brier_score: float | None
    bins_off: int


def score_calibration(affected: tuple[AffectedRow, ...], exposed: set[str]) -> Calibration:
    """Bin every affected row by confidence and compare with how often it was right."""
    outcomes = [(row.confidence, row.patient_id in exposed) for row in affected]
    groups: list[list[tuple[float, bool]]] = [[] for _ in BIN_EDGES[:-1]]
    for confidence, is_true in outcomes:
        groups[_bin_index(confidence)].append((confidence, is_true))
    bins = tuple(_bin(BIN_EDGES[i], BIN_EDGES[i + 1], group) for i, group in enumerate(groups))
    return Calibration(
        rows=len(outcomes),
        bins=bins,
        expected_calibration_error=_expected_error(bins, len(outcomes)),
        brier_score=(
            sum((c - is_true) ** 2 for c, is_true in outcomes) / len(outcomes) if outcomes else None
        ),
        bins_off=sum(b.is_off for b in bins),
    )


def _bin_index(confidence: float) -> int:
    return min(bisect_right(BIN_EDGES, confidence) - 1, len(BIN_EDGES) - 2)


def _bin(low: float, high: float, group: list[tuple[float, bool]]) -> CalibrationBin:
    true_rows = sum(is_true for _, is_true in group)
    return CalibrationBin(
        low=low,
        high=high,
        rows=len(group),
        true_rows=true_rows,
        mean_confidence=sum(c for c, _ in group) / len(group) if group else None,
        share_true=true_rows / len(group) if group else None,
    )


def _expected_error(bins: tuple[CalibrationBin, ...], rows: int) -> float | None:
    if not rows:
        return None
    return (
        sum(
            b.rows * abs(b.mean_confidence - b.share_true)
            for b in bins
            if b.mean_confidence is not None and b.share_true is not None
        )
        / rows
    )
