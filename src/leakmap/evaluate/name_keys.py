"""Keys that decide whether a person the case found is a person the generator wrote.

Written here, not borrowed from ``link``: scoring the linker with its own normalisation
would forgive exactly the mistakes it should count. The rule is deliberately plain:
casefold, strip accents, hyphens and apostrophes to spaces, collapse spaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

_SEPARATORS = str.maketrans(
    {c: " " for c in "-\u2010\u2011\u2012\u2013\u2014'\u2019\u02bc`\u00b4"}
) | str.maketrans({"\u0153": "oe", "\u00e6": "ae"})


@dataclass(frozen=True, slots=True)
class PersonKey:
    """A person as matching sees them; ``birth_date`` is ``None`` when not known."""

    family_name: str
    given_names: str
    birth_date: str | None

    @property
    def names(self) -> tuple[str, str]:
        """The name part alone, for matching when one side lacks a birth date."""
        return (self.family_name, self.given_names)


def normalise_name(text: str) -> str:
    """``"Le Bihan-Lefèvre"`` → ``"le bihan lefevre"``; ``"D'Œuf"`` → ``"d oeuf"``."""
    folded = text.casefold().translate(_SEPARATORS)
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def normalise_birth_date(text: str | None) -> str | None:
    """An ISO date as ``YYYY-MM-DD``; empty becomes ``None``, other text is kept stripped."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return text.strip()


def person_key(family_name: str, given_names: str, birth_date: str | None) -> PersonKey:
    """The matching key of one person, from the three fields both sides write."""
    return PersonKey(
        family_name=normalise_name(family_name),
        given_names=normalise_name(given_names),
        birth_date=normalise_birth_date(birth_date),
    )
