"""The m-probabilities of identifier fields, estimated from the leak's IPP-anchored pairs.

An IPP is the hospital's own number: a mention that prints one and agrees with a patient
on it is that patient, whatever else it prints. Those pairs are a labelled sample of true
matches, so how often their birth date, postcode, phone... agree, nearly agree or disagree
*is* the m-probability of each level, measured on this leak (Splink estimates m from a
label column the same way). Each estimate is a posterior mean under a Dirichlet prior
centred on the model's default m with ``PRIOR_WEIGHT`` pseudo-pairs, so a small sample
moves little and a level never seen keeps some probability.

Name fields keep their defaults: IPP-bearing documents are mostly clean exports, and the
OCR slips names suffer in scanned letters would be under-counted there.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leakmap.link.attribution import Attribution
from leakmap.link.model import Level
from leakmap.vocabulary import Decision

#: Pseudo-pairs of the Dirichlet prior around the model's default m.
PRIOR_WEIGHT = 100
#: The fields whose m is estimated (names keep their priors, see the module docstring).
ESTIMATED_FIELDS = ("birth_date", "age", "nir", "postcode", "phone", "email", "address")
_ANCHOR = "ipp:exact"


@dataclass(frozen=True, slots=True)
class MEstimate:
    """Per ``field:level``, the factor from the default m to the estimated one."""

    factors: dict[str, float]
    anchored_pairs: int
    #: Each distinct agreements' factors, those of 1 left out (a product times 1 is the
    #: same float): worked out once, not for each of the half million pairs of a scan.
    applied: dict[tuple[str, ...], tuple[float, ...]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    def rescale(self, bayes_factor: float, agreements: Sequence[str]) -> float:
        """A Bayes factor computed with default m's, recomputed with the estimated ones."""
        key = tuple(agreements)
        applied = self.applied.get(key)
        if applied is None:
            applied = self.applied[key] = tuple(
                f for a in key if (f := self.factors.get(a, 1.0)) != 1.0
            )
        for factor in applied:
            bayes_factor *= factor
        return bayes_factor


def estimate_m(
    attributions: Sequence[Attribution], levels: Mapping[str, Mapping[str, Level]]
) -> MEstimate:
    """Estimate m of ``ESTIMATED_FIELDS`` from attributions whose best candidate agrees on
    the IPP; ``levels`` are the model's defaults, by field then level."""
    counts: dict[str, Counter[str]] = {field: Counter() for field in ESTIMATED_FIELDS}
    anchored = 0
    for attribution in attributions:
        if attribution.decision is not Decision.NOTIFY or not attribution.candidates:
            continue
        agreements = attribution.candidates[0].agreements
        if _ANCHOR not in agreements:
            continue
        anchored += 1
        for agreement in agreements:
            field, _, level = agreement.partition(":")
            if field in counts:
                counts[field][level] += 1
    factors: dict[str, float] = {}
    for field, seen in counts.items():
        defaults = levels[field]
        total = sum(seen.values())
        mass = sum(level.m for level in defaults.values())
        for name, level in defaults.items():
            estimated = (seen[name] + PRIOR_WEIGHT * level.m / mass) / (total + PRIOR_WEIGHT)
            factors[f"{field}:{name}"] = estimated * mass / level.m
    return MEstimate(factors, anchored)
