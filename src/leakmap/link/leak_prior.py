"""The leak as context: patients found with certainty elsewhere are likelier to be named again.

The linker's uniform prior says every registry patient is as likely as any other to be the
person a mention names. A leak is not a random draw: the same patients recur across a
service's letters, plannings and exports. So when a mention is a bare "ROUSSEAU Olivier"
and one of the four registry homonyms is named with an IPP in two other files, that one is
the likelier reading.

The prior becomes two-valued: with ``E`` the patients attributed with certainty in *another*
document, ``s`` the share of confidently attributed mentions whose patient is in ``E``,
and ``N`` the registry size,

    π(i) = ρ · s / |E|          for i in E
    π(i) = ρ · (1 − s) / (N − |E|)   otherwise

Both ``s`` and ``E`` come from the case's own confident attributions (never from any
truth): the model estimates how clustered this leak is. Too few confident mentions, or a
leak where recurrence is no likelier than chance, leave the uniform prior in place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from leakmap.link.attribution import Attribution
from leakmap.vocabulary import Decision

#: A mention counts as confidently attributed from this probability.
CONFIDENT = 0.99
#: Fewer confident mentions than this and the recurrence share is not estimated.
MIN_CONFIDENT = 50


@dataclass(frozen=True, slots=True)
class LeakPrior:
    """Where each confidently found patient was found, and how much that raises the prior.

    ``boost_found`` multiplies the uniform prior of a patient found in another document,
    ``boost_other`` that of any other patient (below 1: the mass moves, it is not created).
    """

    documents: dict[str, frozenset[str]]
    boost_found: float
    boost_other: float

    def boost(self, patient_id: str, document: str) -> float:
        """The prior factor of ``patient_id`` for a mention in ``document``."""
        if self.documents.get(patient_id, frozenset()) - {document}:
            return self.boost_found
        return self.boost_other


UNIFORM = LeakPrior({}, 1.0, 1.0)


def estimate_leak_prior(attributions: Sequence[Attribution], registry_size: int) -> LeakPrior:
    """The recurrence prior from a first, uniform-prior pass of the linker."""
    confident = [
        a
        for a in attributions
        if a.decision is Decision.NOTIFY and a.patient_id and a.confidence >= CONFIDENT
    ]
    documents: dict[str, set[str]] = defaultdict(set)
    for attribution in confident:
        documents[str(attribution.patient_id)].add(attribution.mention.document)
    found = len(documents)
    if len(confident) < MIN_CONFIDENT or not 0 < found < registry_size:
        return UNIFORM
    recurring = sum(bool(documents[str(a.patient_id)] - {a.mention.document}) for a in confident)
    share = (recurring + 1) / (len(confident) + 2)  # Laplace: never 0 or 1
    chance = found / registry_size
    if share <= chance:
        return UNIFORM
    return LeakPrior(
        {pid: frozenset(docs) for pid, docs in documents.items()},
        boost_found=share / chance,
        boost_other=(1 - share) / (1 - chance),
    )
