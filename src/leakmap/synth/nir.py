"""French social security numbers (NIR) for fictitious people, with a correct key.

A NIR is ``S YY MM DD CCC OOO KK``: sex (1 man, 2 woman), birth year and month, birth
département (``2A``/``2B`` for Corsica, ``97x`` overseas with a two-digit commune, ``99``
abroad with a country code), commune, order number, then the key
``97 - (number mod 97)``, where Corsica's ``2A``/``2B`` count as ``19``/``18``.
Written here independently of ``leakmap.detect`` on purpose: a generator that shared the
detector's checksum code would make its tests tautological.
"""

from __future__ import annotations

import random
from datetime import date

#: Birth départements of people born in France, with weights (Brittany first).
_BIRTH_DEPARTMENTS = (
    ("29", 55), ("56", 8), ("22", 7), ("35", 6), ("75", 6), ("44", 3), ("92", 2), ("69", 2),
    ("13", 2), ("59", 2), ("33", 1), ("2A", 1), ("2B", 1), ("971", 1), ("974", 1),
)  # fmt: skip
#: INSEE country codes for people born abroad (Morocco, Algeria, Portugal, Vietnam, Senegal...).
_BIRTH_COUNTRIES = ("350", "352", "139", "243", "341", "351", "109", "132", "208")
_ABROAD_SHARE = 0.06


def nir_key(first_thirteen: str) -> str:
    """The two-digit key of a NIR's first 13 characters (Corsica letters handled)."""
    number = int(first_thirteen.upper().replace("2A", "19").replace("2B", "18"))
    return f"{97 - number % 97:02d}"


def make_nir(rng: random.Random, *, sex: str, birth_date: date) -> str:
    """A valid 15-character NIR for someone of this sex born on this day."""
    head = f"{1 if sex == 'M' else 2}{birth_date.year % 100:02d}{birth_date.month:02d}"
    body = head + _birthplace(rng) + f"{rng.randint(1, 999):03d}"
    return body + nir_key(body)


def _birthplace(rng: random.Random) -> str:
    """Five characters: département and commune (or ``99`` and a country code)."""
    if rng.random() < _ABROAD_SHARE:
        return "99" + rng.choice(_BIRTH_COUNTRIES)
    departments, weights = zip(*_BIRTH_DEPARTMENTS, strict=True)
    department = rng.choices(departments, weights)[0]
    if len(department) == 3:
        return department + f"{rng.randint(1, 34):02d}"
    return department + f"{rng.randint(1, 300):03d}"


def format_nir(nir: str, style: int) -> str:
    """How a form prints a NIR: packed, grouped with spaces, or with the key apart."""
    if style == 1:
        return f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    if style == 2:
        return f"{nir[:13]} {nir[13:]}"
    return nir
