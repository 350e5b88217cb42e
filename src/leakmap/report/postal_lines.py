"""The address block of a posted letter, laid out as French standard NF Z 10-011 asks.

La Poste's sorting machines read the block through the envelope's window: at most six
lines of at most 38 characters, no line wrapped, in this order: (1) who receives it,
(2) a complement of identity or delivery point (flat, floor, "chez"), (3) a complement of
place (building, residence), (4) number and street, (5) a locality or PO box, (6) postcode
and town in capitals, without accents or punctuation. A line too long is shortened with
the norm's abbreviations (``AVENUE`` → ``AV``, ``SAINT`` → ``ST``...) before anything is
cut. The registry writes the address in one field; commas separate its parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

LINE_WIDTH = 38
MAX_LINES = 6

#: Abbreviations of the norm (La Poste's list), tried only when a line is too long.
ABBREVIATIONS = (
    ("appartement", "APT"), ("avenue", "AV"), ("bâtiment", "BAT"), ("batiment", "BAT"),
    ("boulevard", "BD"), ("chemin", "CHE"), ("docteur", "DR"), ("escalier", "ESC"),
    ("faubourg", "FG"), ("général", "GAL"), ("impasse", "IMP"), ("lotissement", "LOT"),
    ("maréchal", "MAL"), ("place", "PL"), ("président", "PDT"), ("résidence", "RES"),
    ("residence", "RES"), ("route", "RTE"), ("saint", "ST"), ("sainte", "STE"),
    ("square", "SQ"), ("allée", "ALL"), ("allee", "ALL"), ("cours", "CRS"),
    ("quartier", "QUA"), ("immeuble", "IMM"),
)  # fmt: skip
_ABBREVIATED = {word: short for word, short in ABBREVIATIONS}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STREET = re.compile(r"^\s*\d+")
_LOCALITY = re.compile(r"^\s*(bp|cs|tsa|lieu[- ]dit)\b", re.IGNORECASE)


def window_lines(
    recipient: Sequence[str], *, address: str, postcode: str, city: str
) -> tuple[str, ...]:
    """The block's lines: recipient lines, then the address parts, then ``POSTCODE TOWN``.

    ``recipient`` is one or two lines (on whose behalf, the name); each comes out at most
    38 characters, and the whole at most six lines (complements merged when needed).
    """
    complements, street, locality = _address_parts(address)
    town = town_line(postcode, city)
    budget = MAX_LINES - len(recipient) - bool(street) - len(locality) - bool(town)
    if len(complements) > max(budget, 0):
        complements = [" ".join(complements)] if budget > 0 else []
    lines = [*recipient, *complements, *([street] if street else []), *locality, town]
    return tuple(fit_line(line) for line in lines if line)[:MAX_LINES]


def fit_line(line: str) -> str:
    """``line`` within 38 characters: abbreviated word by word first, cut only as a last resort."""
    line = " ".join(line.split())
    if len(line) <= LINE_WIDTH:
        return line
    line = _WORD.sub(lambda m: _ABBREVIATED.get(m.group(0).lower(), m.group(0)), line)
    return line if len(line) <= LINE_WIDTH else line[:LINE_WIDTH].rstrip(" ,-")


def fit_name(civility: str, given_names: str, family_name: str) -> str:
    """``Madame Marie Claire DURAND`` shortened the way the norm allows, never past the name.

    Longer than 38 characters, the civility is abbreviated (``Mme``, ``M.``), then only the
    first given name is kept, then its initial; the family name is kept whole if it fits.
    """
    short = {"Madame": "Mme", "Monsieur": "M."}.get(civility, civility)
    first = given_names.split()[0] if given_names.split() else ""
    initial = f"{first[0]}." if first else ""
    tries = (
        (civility, given_names),
        (short, given_names),
        (short, first),
        (short, initial),
        ("", initial),
    )
    for title, given in tries:
        name = " ".join(p for p in (title, given, family_name) if p)
        if len(name) <= LINE_WIDTH:
            return name
    return fit_line(family_name)


def town_line(postcode: str, city: str) -> str:
    """``44000 NANTES``: capitals, no accents, no hyphen or apostrophe, ``SAINT`` as ``ST``."""
    town = _plain_capitals(city)
    if len(f"{postcode} {town}") > LINE_WIDTH:
        town = " ".join(_ABBREVIATED.get(w.lower(), w) for w in town.split())
    return fit_line(" ".join(p for p in (postcode, town) if p))


def _address_parts(address: str) -> tuple[list[str], str, list[str]]:
    """Complements, the street (the part starting with its number), locality or PO box.

    A complement written after the street ("3 rue Haute, Bât. B") still goes above it,
    where the norm puts it.
    """
    parts = [p.strip() for p in re.split(r"[,\n]", address) if p.strip()]
    street_at = next((i for i, p in enumerate(parts) if _STREET.match(p)), None)
    if street_at is None:
        locality = [p for p in parts if _LOCALITY.match(p)]
        rest = [p for p in parts if p not in locality]
        return rest[:-1], (rest[-1] if rest else ""), locality
    after = parts[street_at + 1 :]
    locality = [p for p in after if _LOCALITY.match(p)]
    complements = parts[:street_at] + [p for p in after if p not in locality]
    return complements, parts[street_at], locality


def _plain_capitals(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-'’.,]", " ", bare).upper().split())
