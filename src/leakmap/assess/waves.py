"""What a later wave of a leak changes for each person: newly exposed, worsened, unchanged.

A hospital informs people after the first publication; when the attackers publish a
second batch, it must write again only to those the new batch concerns, and tell the
authority what is new. The comparison is between what the case said of each person just
before the wave (its ``ExposureSnapshot``, taken when the wave starts) and what it says
once the wave is linked and assessed. A file republished with the same bytes adds no
mention (its content was read in the earlier wave), so it changes nobody.

Pure: records in, records out; ``store.waves`` keeps them in the case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from leakmap.assess.exposure import Exposure
from leakmap.vocabulary import Category, Decision, Severity

_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


class WaveChange(StrEnum):
    """What a wave did to one person the case lists as exposed after it."""

    #: Listed after the wave, not before (neither ``notify`` nor ``review``).
    NEWLY_EXPOSED = "newly_exposed"
    #: Listed before, and the wave adds categories or raises the severity.
    WORSENED = "worsened"
    #: Listed before, nothing new about them.
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class ExposureSnapshot:
    """What the case said of one person at a moment: enough to tell what a wave adds."""

    patient_id: str
    decision: Decision
    severity: Severity
    categories: frozenset[Category]
    documents: int


@dataclass(frozen=True, slots=True)
class PersonChange:
    """One person's row in ``waves/<wave>/changes.csv``.

    ``before`` is ``None`` for a newly exposed person; ``new_categories`` are the
    categories the wave exposes that were not exposed before (all of them when new).
    """

    patient_id: str
    change: WaveChange
    before: ExposureSnapshot | None
    after: ExposureSnapshot
    new_categories: frozenset[Category]

    @property
    def is_new_to_tell(self) -> bool:
        """Whether the person must be told something new (a complementary letter)."""
        return self.change is not WaveChange.UNCHANGED


def snapshot(exposure: Exposure) -> ExposureSnapshot:
    """The part of an exposure a later wave is compared with."""
    return ExposureSnapshot(
        patient_id=exposure.patient_id,
        decision=exposure.decision,
        severity=exposure.severity.severity,
        categories=exposure.categories,
        documents=len(exposure.documents),
    )


def compare_exposures(
    before: Iterable[ExposureSnapshot], after: Iterable[ExposureSnapshot]
) -> tuple[PersonChange, ...]:
    """Every person listed after the wave, with what the wave changed, by patient_id.

    A person listed before and not after (a re-link ruled them out) has no row: a wave
    never makes anyone "less exposed" to tell, and the review app shows re-links.
    """
    earlier = {s.patient_id: s for s in before}
    changes = [_change_of(earlier.get(now.patient_id), now) for now in after]
    return tuple(sorted(changes, key=lambda c: c.patient_id))


def _change_of(before: ExposureSnapshot | None, after: ExposureSnapshot) -> PersonChange:
    if before is None:
        return PersonChange(
            after.patient_id, WaveChange.NEWLY_EXPOSED, None, after, after.categories
        )
    added = after.categories - before.categories
    higher = _SEVERITY_RANK[after.severity] > _SEVERITY_RANK[before.severity]
    change = WaveChange.WORSENED if added or higher else WaveChange.UNCHANGED
    return PersonChange(after.patient_id, change, before, after, added)


@dataclass(frozen=True, slots=True)
class WaveCounts:
    """How many people a wave newly exposes, worsens, leaves unchanged (counts only)."""

    newly_exposed: int
    worsened: int
    unchanged: int
    #: Categories some person is newly exposed for by the wave.
    new_categories: frozenset[Category]
    #: Of those, the ones nobody listed before the wave was exposed for.
    first_categories: frozenset[Category] = frozenset()


def count_changes(changes: Sequence[PersonChange]) -> WaveCounts:
    """The counts the scan summary and the regulator report show."""
    kinds = [c.change for c in changes]
    new = frozenset(c for change in changes for c in change.new_categories)
    known = frozenset(c for change in changes if change.before for c in change.before.categories)
    return WaveCounts(
        newly_exposed=kinds.count(WaveChange.NEWLY_EXPOSED),
        worsened=kinds.count(WaveChange.WORSENED),
        unchanged=kinds.count(WaveChange.UNCHANGED),
        new_categories=new,
        first_categories=new - known,
    )
