"""What the export-family tests share: a small cast of fictitious people (the ``cast``
fixture of this folder's conftest), a family's files drawn from it, folded text."""

from __future__ import annotations

import random
from collections.abc import Callable

from leakmap.synth.casting import Cast
from leakmap.synth.contacts import ascii_fold
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.people import KeyCounter, build_population

Make = Callable[[Cast, random.Random], LeakedItem]


def new_cast(seed: int = 5) -> Cast:
    rng = random.Random(seed)
    keys = KeyCounter()
    return Cast(rng, build_population(rng, patients=300, keys=keys), keys)


def items(cast: Cast, make: Make, count: int, seed: int = 1) -> list[LeakedItem]:
    rng = random.Random(seed)
    return [make(cast, rng) for _ in range(count)]


def fold(text: str) -> str:
    return ascii_fold(text).upper()
