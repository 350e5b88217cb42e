"""Placeholder names: "John Doe", "Jean Dupont", "Patient X" are nobody on their own.

Forms, templates, mail signatures of software vendors, training files and unknown-patient
admissions print a placeholder where a person's name goes. A registry holds real people
with those names (a hospital has its Jean DUPONT), and a bare name is all such a mention
gives, so linking it would write to a namesake on the strength of a template. A mention
whose name is a placeholder (``data/placeholder_names.toml``) and that carries no other
evidence (``registered_prior.is_bare``: no birth date, age, IPP, NDA, NIR, phone, e-mail,
postcode, address) is attributed to nobody. With any of those, it is linked like any
other name: "Jean DUPONT, né le 02/03/1951" is a person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.registered_prior import is_bare

TABLE_FILE = "placeholder_names.toml"


@dataclass(frozen=True, slots=True)
class PlaceholderTable:
    """The table, parsed: whole names (their folded words, sorted, so order does not
    matter), the words a placeholder can be made of, and the words that go with them."""

    version: str
    names: frozenset[tuple[str, ...]]
    words: frozenset[str]
    fillers: frozenset[str]


@cache
def load_placeholder_table() -> PlaceholderTable:
    """The package's table (``leakmap/data/placeholder_names.toml``), read once."""
    text = resources.files("leakmap").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    return parse_placeholder_table(tomllib.loads(text))


def parse_placeholder_table(raw: dict[str, object]) -> PlaceholderTable:
    """A table from its TOML form; ``KeyError``/``TypeError`` on a bad shape."""
    return PlaceholderTable(
        version=str(raw["version"]),
        names=frozenset(_words(name) for name in _strings(raw, "names")),
        words=frozenset(name_key(word) for word in _strings(raw, "words")),
        fillers=frozenset(name_key(word) for word in _strings(raw, "fillers")),
    )


def is_placeholder_name(family_name: str, given_names: str, table: PlaceholderTable) -> bool:
    """Whether this name, family and given names together, is a placeholder."""
    words = _words(f"{family_name} {given_names}")
    if not words:
        return False
    if words in table.names:
        return True
    return any(w in table.words for w in words) and all(
        w in table.words or w in table.fillers for w in words
    )


def is_placeholder_only(mention: PersonMention, table: PlaceholderTable | None = None) -> bool:
    """Whether a placeholder name is all the evidence this mention gives."""
    table = table or load_placeholder_table()
    return is_bare(mention) and is_placeholder_name(mention.family_name, mention.given_names, table)


def _words(name: str) -> tuple[str, ...]:
    return tuple(sorted(name_key(name).split()))


def _strings(raw: dict[str, object], key: str) -> list[str]:
    values = raw[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{TABLE_FILE}: '{key}' must be a list of strings")
    return values
