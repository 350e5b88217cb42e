"""The review queue: every mention a person must settle, most serious and least sure first.

An item is a mention the linker sent to ``review`` (or one a reviewer has decided on).
Its state is recomputed from the linker's original attribution and the latest decision,
so the queue is right whether or not ``leakmap report`` has rewritten the stored
attributions since. Order: severity (the worst of the candidates' exposures) from
``very_high`` down, then uncertainty (how close the two best candidates are) from the
most uncertain down, then the mention key, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leakmap.link.attribution import Attribution
from leakmap.link.overrides import apply_review_decision
from leakmap.store.reviews import ReviewDecision
from leakmap.vocabulary import Decision, Severity

_SEVERITY_RANK = {level: rank for rank, level in enumerate(Severity)}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One mention to review: as linked, as it stands now, and why it ranks where it does."""

    key: str
    original: Attribution
    current: Attribution
    decision: ReviewDecision | None
    severity: Severity
    uncertainty: float

    @property
    def is_pending(self) -> bool:
        """Whether a person must still settle it (still ``review`` after any decision)."""
        return self.current.decision is Decision.REVIEW


def review_items(
    to_review: Sequence[Attribution],
    originals: Mapping[str, Attribution],
    decisions: Mapping[str, ReviewDecision],
    severities: Mapping[str, Severity],
) -> list[ReviewItem]:
    """The queue, in review order (see the module docstring)."""
    by_key = {a.mention.key: a for a in to_review}
    by_key.update(originals)
    items = [_item(original, decisions.get(key), severities) for key, original in by_key.items()]
    return sorted(items, key=lambda i: (-_SEVERITY_RANK[i.severity], -i.uncertainty, i.key))


def next_pending(items: Sequence[ReviewItem], after: str | None = None) -> ReviewItem | None:
    """The first pending item after ``after`` in queue order (wrapping), or ``None``."""
    keys = [i.key for i in items]
    start = keys.index(after) + 1 if after in keys else 0
    for item in [*items[start:], *items[:start]]:
        if item.is_pending and item.key != after:
            return item
    return None


def uncertainty(attribution: Attribution) -> float:
    """1 when the two best candidates are equally likely, 0 when one has it all."""
    probabilities = sorted((c.probability for c in attribution.candidates), reverse=True)
    if not probabilities:
        return 0.0
    second = probabilities[1] if len(probabilities) > 1 else 0.0
    return round(1.0 - (probabilities[0] - second), 4)


def _item(
    original: Attribution,
    decision: ReviewDecision | None,
    severities: Mapping[str, Severity],
) -> ReviewItem:
    current = apply_review_decision(original, decision) if decision else original
    levels = [severities.get(c.patient_id, Severity.LOW) for c in original.candidates]
    worst = max(levels, key=_SEVERITY_RANK.__getitem__, default=Severity.LOW)
    return ReviewItem(
        key=original.mention.key,
        original=original,
        current=current,
        decision=decision,
        severity=worst,
        uncertainty=uncertainty(original),
    )
