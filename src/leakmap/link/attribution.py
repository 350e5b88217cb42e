"""What linkage produces: a mention attributed to a registry patient, or to nobody."""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.group.mention import PersonMention
from leakmap.vocabulary import Decision


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registry patient the mention may be, with the probability and field agreements.

    ``agreements`` names each compared field with its level (``birth_date:exact``,
    ``given_names:none``) so a reviewer sees why.
    """

    patient_id: str
    probability: float
    match_weight: float
    agreements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """The linkage verdict for one mention.

    ``patient_id`` is the best candidate, or ``None`` when no candidate reaches the review
    threshold (the mention then counts towards unregistered people). ``decision`` is
    ``None`` in that case too.
    """

    mention: PersonMention
    patient_id: str | None
    confidence: float
    decision: Decision | None
    candidates: tuple[Candidate, ...]
