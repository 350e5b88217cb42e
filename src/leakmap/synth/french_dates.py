"""Dates written the many ways French hospital documents write them.

Birth dates and every other date (exam, admission, signature) go through the same
formats, so that a reader has to tell a birth date from the others by its context
(``Née le``, ``DDN``), never by its shape.
"""

from __future__ import annotations

import random
from datetime import date

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
#: Format names with weights: most documents use dd/mm/yyyy.
_STYLES = (
    ("slash", 45), ("dot", 10), ("dot_short", 6), ("words", 14), ("iso", 7),
    ("slash_short", 7), ("dash", 5), ("slash_unpadded", 4), ("words_upper", 2),
)  # fmt: skip


def draw_date_style(rng: random.Random) -> str:
    """A date format name, to keep one style across a document."""
    names, weights = zip(*_STYLES, strict=True)
    return rng.choices(names, weights)[0]


def format_date(day: date, style: str) -> str:
    """``day`` in the named style (``slash`` 12/03/1965, ``words`` 12 mars 1965, ...)."""
    d, m, y = day.day, day.month, day.year
    month = MONTHS[m - 1]
    written = {
        "slash": f"{d:02d}/{m:02d}/{y}",
        "dot": f"{d:02d}.{m:02d}.{y}",
        "dot_short": f"{d:02d}.{m:02d}.{y % 100:02d}",
        "words": f"{'1er' if d == 1 else d} {month} {y}",
        "iso": day.isoformat(),
        "slash_short": f"{d:02d}/{m:02d}/{y % 100:02d}",
        "dash": f"{d:02d}-{m:02d}-{y}",
        "slash_unpadded": f"{d}/{m}/{y}",
        "words_upper": f"{d} {month.upper()} {y}",
    }
    return written[style]


def format_time(rng: random.Random) -> str:
    """A clock time, as ``14h32`` or ``14:32``."""
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    return rng.choice((f"{hour}h{minute:02d}", f"{hour:02d}:{minute:02d}"))
