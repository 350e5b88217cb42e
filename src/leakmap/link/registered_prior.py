"""How likely a bare name is to be a registry patient, estimated from the leak itself.

The model's prior ρ (``model.PRIOR_REGISTERED`` and its variants by role) is a sane
default for a mention with identifiers. A bare name ("Robert KARINE" in a protocol's
author line, a planning, a mail's signature) is another population: staff, relatives and
patients of other sites fill plannings and procedures, and a ρ of 0.9 there makes every
homonym look likelier than it is (the reliability table shows it as over-confidence in the
low bins). So for bare names ρ is re-estimated by expectation–maximisation of the mixture
"registry patient or nobody in the registry", with the candidates' Bayes factors fixed:

    ρ ← mean over bare mentions of  ρ·S / (ρ·S + 1 − ρ),   S = Σ_i BF_i · boost_i / N

which is the maximum-likelihood mixing weight under the model. One estimate per default
prior (so role still matters), only from ``MIN_BARE`` mentions upwards, and never above
the default (the leak can reveal that bare names are less often patients, not more).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from leakmap.group.mention import PersonMention

#: Fewer bare mentions than this in a prior class and its default stays.
MIN_BARE = 50
_ITERATIONS = 50
_FLOOR = 0.05  # a prior this low would make any registry name unattributable


def is_bare(mention: PersonMention) -> bool:
    """A name and nothing else that a registry could compare."""
    return not (
        mention.birth_date
        or mention.age is not None
        or mention.ipp
        or mention.nda
        or mention.nir
        or mention.phone
        or mention.email
        or mention.postcode
        or mention.address
    )


def estimate_bare_priors(evidence: Sequence[tuple[float, float]]) -> dict[float, float]:
    """Default prior → estimated prior, from (default prior, S) of each bare mention.

    ``S`` is the mention's summed candidate weight per unit of prior (Σ BF·boost / N).
    """
    by_class: dict[float, list[float]] = defaultdict(list)
    for default, strength in evidence:
        if strength > 0:  # no candidate at all: often no person's name (a column header)
            by_class[default].append(strength)
    estimated = {}
    for default, strengths in by_class.items():
        if len(strengths) >= MIN_BARE:
            estimated[default] = _mixing_weight(default, strengths)
    return estimated


def _mixing_weight(start: float, strengths: list[float]) -> float:
    rho = start
    for _ in range(_ITERATIONS):
        rho = sum(rho * s / (rho * s + 1 - rho) for s in strengths) / len(strengths)
        rho = min(max(rho, _FLOOR), start)
    return rho
