"""Quality check of the ``notify`` list: random draws, blind answers, estimated precision.

Letters go to the patients on the ``notify`` list without a person looking at each one,
so the list's precision (the share of them who really are the person in the leak) must be
measured. A reviewer draws patients at random, judges each blind (the evidence and the
registry record, not the model's confidence), and the answers give the precision with a
Wilson score 95% interval, which stays honest for small samples and for proportions
near 1, where the normal approximation claims certainty it does not have.

The draw is reproducible: the seed is recorded with the round, and the population is
taken in patient-id order, so the same seed over the same list draws the same patients.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from leakmap.store.reviews import SampleDraw

#: Two-sided 95% standard normal quantile.
Z_95 = 1.959964
DEFAULT_SAMPLE_SIZE = 20
MAX_SAMPLE_SIZE = 400


@dataclass(frozen=True, slots=True)
class PrecisionEstimate:
    """Answers so far and the estimated precision, with its 95% interval (``None`` if none)."""

    correct: int
    answered: int
    drawn: int
    estimate: float | None
    low: float | None
    high: float | None


def draw_sample(population: Sequence[str], size: int, *, seed: int) -> list[str]:
    """``size`` distinct patient ids drawn at random (all of them when fewer)."""
    ordered = sorted(set(population))
    return random.Random(seed).sample(ordered, min(size, len(ordered)))


def wilson_interval(successes: int, trials: int, *, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion."""
    if trials <= 0:
        raise ValueError("a proportion needs at least one trial")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return max(0.0, centre - half), min(1.0, centre + half)


def estimate_precision(draws: Sequence[SampleDraw]) -> PrecisionEstimate:
    """The precision a round's answers support."""
    answered = [d for d in draws if d.answer is not None]
    correct = sum(d.answer == "correct" for d in answered)
    if not answered:
        return PrecisionEstimate(0, 0, len(draws), None, None, None)
    low, high = wilson_interval(correct, len(answered))
    return PrecisionEstimate(correct, len(answered), len(draws), correct / len(answered), low, high)
