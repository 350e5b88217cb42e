"""Typing mistakes in names, as secretaries and old systems make them.

``DUPOND`` for ``DUPONT``, ``LEFEVBRE``, ``Hélene``, a dropped or doubled letter: the
person is still exposed, and a reader has to match the name approximately. Only family
names of four letters or more are touched, and never their first letter.
"""

from __future__ import annotations

import random

#: Share of printed family names that carry a typing mistake.
MISSPELLING_SHARE = 0.025
_SOUNDS_ALIKE = (("T", "D"), ("EAU", "O"), ("PH", "F"), ("Y", "I"), ("C", "K"), ("AI", "E"))


def maybe_misspell(rng: random.Random, name: str) -> str:
    """The name, or (rarely) the name with one typing mistake."""
    if rng.random() >= MISSPELLING_SHARE or sum(c.isalpha() for c in name) < 4:
        return name
    return misspell(rng, name)


def misspell(rng: random.Random, name: str) -> str:
    """One mistake: a sound-alike ending, a swapped, dropped or doubled letter."""
    for written, heard in _SOUNDS_ALIKE:
        tail = name[-len(written) :]
        if tail.upper() == written and rng.random() < 0.5:
            return name[: -len(written)] + (heard.lower() if tail.islower() else heard)
    spots = [i for i in range(1, len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not spots:
        return name
    at = rng.choice(spots)
    mistake = rng.randrange(3)
    if mistake == 0:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if mistake == 1:
        return name[:at] + name[at + 1 :]
    return name[:at] + name[at] + name[at:]
