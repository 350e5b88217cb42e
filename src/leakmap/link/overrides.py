"""Apply reviewers' decisions to the linker's attributions.

The linker proposes; a person decides. A decision names a mention (by its key) and says
what a reviewer concluded: this candidate is the person (``confirm``), this one is not
(``reject``), it is another registry patient (``choose``), or it is nobody in the
registry (``unregistered``). Applying decisions is pure and idempotent, so the same
decisions can be laid over every re-link of the case (a new wave, new thresholds) and the
outputs always reflect what people concluded.

This module takes any object with ``action``, ``patient_id`` and ``rejected``: ``link``
sits below ``store`` and must not import the store's ``ReviewDecision``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Protocol

from leakmap.link.attribution import Attribution, Candidate
from leakmap.vocabulary import Decision

#: Agreement written on a candidate a reviewer named although the linker did not list it.
CHOSEN_BY_REVIEWER = "reviewer:chosen"


class OverrideAction(StrEnum):
    """What a reviewer concluded about a mention."""

    CONFIRM = "confirm"
    REJECT = "reject"
    CHOOSE = "choose"
    UNREGISTERED = "unregistered"


class ReviewOverride(Protocol):
    """A reviewer's latest conclusion about one mention.

    ``patient_id`` is the patient confirmed, chosen or rejected (``None`` for
    ``unregistered``); ``rejected`` lists every patient rejected for this mention so far,
    so that rejecting two homonyms one after the other removes both.
    """

    @property
    def action(self) -> str: ...

    @property
    def patient_id(self) -> str | None: ...

    @property
    def rejected(self) -> tuple[str, ...]: ...


def apply_review_decisions(
    attributions: Sequence[Attribution], decisions: Mapping[str, ReviewOverride]
) -> list[Attribution]:
    """The attributions with each reviewed mention's decision laid over the linker's.

    ``decisions`` maps a mention key (``PersonMention.key``) to its latest decision;
    mentions without one are returned unchanged. A decision whose mention is no longer
    linked (the mention vanished) is ignored.
    """
    return [
        apply_review_decision(a, decisions[a.mention.key]) if a.mention.key in decisions else a
        for a in attributions
    ]


def apply_review_decision(attribution: Attribution, decision: ReviewOverride) -> Attribution:
    """One attribution after a reviewer's decision (see the module docstring)."""
    action = OverrideAction(decision.action)
    if action in (OverrideAction.CONFIRM, OverrideAction.CHOOSE):
        if not decision.patient_id:
            raise ValueError(f"mention {attribution.mention.key}: {action} without a patient id")
        return _attributed_to(attribution, decision.patient_id)
    if action is OverrideAction.REJECT:
        removed = set(decision.rejected) | {decision.patient_id}
        return _without(attribution, removed)
    return Attribution(attribution.mention, None, 0.0, None, ())


def _attributed_to(attribution: Attribution, patient_id: str) -> Attribution:
    """Certain: a person said so. Only the chosen candidate stays, at probability 1."""
    listed = next((c for c in attribution.candidates if c.patient_id == patient_id), None)
    chosen = (
        replace(listed, probability=1.0)
        if listed is not None
        else Candidate(patient_id, 1.0, 0.0, (CHOSEN_BY_REVIEWER,))
    )
    return Attribution(attribution.mention, patient_id, 1.0, Decision.NOTIFY, (chosen,))


def _without(attribution: Attribution, removed: set[str | None]) -> Attribution:
    """The remaining candidates still need a person's confirmation: they go to review."""
    left = tuple(c for c in attribution.candidates if c.patient_id not in removed)
    if not left:
        return Attribution(attribution.mention, None, 0.0, None, ())
    best = max(left, key=lambda c: c.probability)
    return Attribution(
        attribution.mention, best.patient_id, best.probability, Decision.REVIEW, left
    )
