"""Who was named in ``affected.csv`` against who the generator really exposed.

The notify set is what the hospital would write to without a second look, so its precision
is the measure that protects people from a wrong letter; notify+review recall is the share
of exposed people that at least reach a human.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.evaluate.case_rows import AffectedRow
from leakmap.evaluate.ratios import PrecisionRecall
from leakmap.evaluate.truth import TruthPatient
from leakmap.vocabulary import Decision


@dataclass(frozen=True, slots=True)
class AmbiguousOutcome:
    """Where the truth's ambiguous patients (homonyms the generator planted) ended up."""

    total: int
    notify: int
    review: int
    missing: int


@dataclass(frozen=True, slots=True)
class AttributionScore:
    """The patient-level figures.

    ``review_rate`` is review rows per truly exposed patient (the human workload the case
    creates); it is ``None`` when nobody was exposed, since a rate per exposed patient is
    then undefined (``review_rows`` still says how many there were).
    ``review_true`` counts review rows whose patient really was exposed.
    """

    truth_exposed: int
    notify_rows: int
    review_rows: int
    notify: PrecisionRecall
    notify_or_review: PrecisionRecall
    review_rate: float | None
    review_true: int
    ambiguous: AmbiguousOutcome


def score_attribution(
    affected: tuple[AffectedRow, ...], truth: dict[str, TruthPatient]
) -> AttributionScore:
    """Compare the notify and notify+review sets with the truth's exposed patients."""
    notified = _ids(affected, Decision.NOTIFY)
    reviewed = _ids(affected, Decision.REVIEW) - notified
    exposed = set(truth)
    return AttributionScore(
        truth_exposed=len(exposed),
        notify_rows=len(notified),
        review_rows=len(reviewed),
        notify=PrecisionRecall.of_sets(notified, exposed),
        notify_or_review=PrecisionRecall.of_sets(notified | reviewed, exposed),
        review_rate=len(reviewed) / len(exposed) if exposed else None,
        review_true=len(reviewed & exposed),
        ambiguous=_ambiguous_outcome(truth, notified, reviewed),
    )


def _ids(affected: tuple[AffectedRow, ...], decision: Decision) -> set[str]:
    return {row.patient_id for row in affected if row.decision is decision}


def _ambiguous_outcome(
    truth: dict[str, TruthPatient], notified: set[str], reviewed: set[str]
) -> AmbiguousOutcome:
    ambiguous = {pid for pid, patient in truth.items() if patient.is_ambiguous}
    in_notify = len(ambiguous & notified)
    in_review = len(ambiguous & reviewed)
    return AmbiguousOutcome(
        total=len(ambiguous),
        notify=in_notify,
        review=in_review,
        missing=len(ambiguous) - in_notify - in_review,
    )
