"""What a table column holds, read from its header ("DDN", "Nom de naissance", "IPP").

Rows of patient lists (worklists, OR planning, exports) carry one person each; their
headers say which cell is which, in many spellings. The spellings are data
(``data/column_headers.toml``): a vendor's new header is a line there, not code here.
The order of the rules matters: "Nom de naissance" is a birth *name*, "Date de
naissance" a birth *date*.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from leakmap.detect.text import name_key


class Column(StrEnum):
    """The meaning of a table column."""

    FAMILY = "family"
    BIRTH_NAME = "birth_name"
    GIVEN = "given"
    FULL_NAME = "full_name"
    BIRTH_DATE = "birth_date"
    IPP = "ipp"
    NDA = "nda"
    NIR = "nir"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    POSTCODE = "postcode"
    CITY = "city"
    IBAN = "iban"
    AGE = "age"
    SEX = "sex"
    #: A relative's or contact's tie to the patient ("LIEN": Père, Voisine; HL7 NK1-3).
    RELATION = "relation"
    DATE = "date"
    STAFF = "staff"
    OTHER = "other"


#: The header vocabulary, in the package's data.
HEADERS_FILE = "column_headers.toml"


@dataclass(frozen=True, slots=True)
class HeaderVocabulary:
    """``column_headers.toml`` read: the rules in order, and the words that say whose."""

    #: (column, exact headers, header prefixes), tried in order.
    rules: tuple[tuple[Column, frozenset[str], tuple[str, ...]], ...]
    #: (column, word sets each of which the header must share a word with), in order.
    word_rules: tuple[tuple[Column, tuple[frozenset[str], ...]], ...]
    staff_words: frozenset[str]
    other_person_words: frozenset[str]
    not_a_place: frozenset[str]
    #: Share of a column's cells that must show a role for its values to name it.
    value_shares: dict[Column, float]
    #: Titles that make a name a practitioner's; cells of a sex column.
    staff_titles: frozenset[str]
    sex_values: frozenset[str]
    #: Headers that make a table a staff table; cells that are an employee's absence reason.
    staff_headers: frozenset[str] = frozenset()
    absence_reasons: frozenset[str] = frozenset()


@cache
def header_vocabulary() -> HeaderVocabulary:
    """The packaged vocabulary, read once per process."""
    text = resources.files("leakmap").joinpath("data", HEADERS_FILE).read_text(encoding="utf-8")
    return parse_header_vocabulary(tomllib.loads(text))


def parse_header_vocabulary(document: dict[str, object]) -> HeaderVocabulary:
    """The vocabulary from a parsed ``column_headers.toml`` (a ``KeyError`` or
    ``ValueError`` names what is missing or no column)."""
    rules = tuple(
        (Column(rule["column"]), frozenset(rule.get("exact", ())), tuple(rule.get("prefixes", ())))
        for rule in document["rules"]  # type: ignore[attr-defined]
    )
    word_rules = tuple(
        (
            Column(rule["column"]),
            tuple(frozenset(rule[key]) for key in ("words", "with_words") if key in rule),
        )
        for rule in document["word_rules"]  # type: ignore[attr-defined]
    )
    whose, places, values = document["whose"], document["places"], document["values"]
    tables = document["tables"]
    return HeaderVocabulary(
        rules,
        word_rules,
        frozenset(whose["staff"]),  # type: ignore[index]
        frozenset(whose["other_person"]),  # type: ignore[index]
        frozenset(places["not_a_place"]),  # type: ignore[index]
        {Column(role): float(share) for role, share in values["shares"].items()},  # type: ignore[index]
        frozenset(values["words"]["staff_titles"]),  # type: ignore[index]
        frozenset(values["words"]["sex"]),  # type: ignore[index]
        frozenset(tables["staff_headers"]),  # type: ignore[index]
        frozenset(tables["absence_reasons"]),  # type: ignore[index]
    )


@lru_cache(maxsize=4096)
def column_of(header: str) -> Column:
    """The meaning of a column from its header; ``OTHER`` when none applies.

    A name column of someone else than the row's subject is not the subject's name: "Nom
    du médecin" is staff, "Nom du contact" a third party's (read as ``OTHER``), never the
    patient's family name. Headers written camelCase ("dateNaissance") or flattened from
    nested records ("resource.name.family", "patient.nom") are read by their words and by
    their last parts. Cached: every row of a table asks again about the same few headers.
    """
    key = name_key(_CAMEL.sub(" ", header))
    column = _by_rules(key)
    if column is Column.OTHER and "." in header:
        parts = [name_key(_CAMEL.sub(" ", part)) for part in header.split(".")]
        for start in range(1, len(parts)):
            column = _by_rules(" ".join(parts[start:]))
            if column is not Column.OTHER:
                whose = {word for part in parts[:start] for word in part.split()}
                return _whose(column, whose)
        return Column.OTHER
    return _whose(column, set(key.split()))


def _by_rules(key: str) -> Column:
    for column, exact, prefixes in header_vocabulary().rules:
        if key in exact or key.startswith(prefixes):
            return column
    return _by_words(key)


def _by_words(key: str) -> Column:
    """A header no rule knows, read by its words: vendors abbreviate and glue them in any
    order ("PRN_PAT", "PAT_DDN", "DT_NAIS", "NOM_PRN", "SEXE_PAT", "DT_ENT")."""
    words = set(key.split())
    vocabulary = header_vocabulary()
    for column, word_sets in vocabulary.word_rules:
        if all(words & word_set for word_set in word_sets):
            if column in _PLACES and words & vocabulary.not_a_place:
                return Column.OTHER
            return column
    return Column.OTHER


_PLACES = frozenset({Column.ADDRESS, Column.POSTCODE, Column.CITY})


def _whose(column: Column, words: set[str]) -> Column:
    """A name column's meaning given the other words of its header."""
    if column not in _NAME_COLUMNS:
        return column
    vocabulary = header_vocabulary()
    if words & vocabulary.staff_words:
        return Column.STAFF
    if words & vocabulary.other_person_words:
        return Column.OTHER
    return column


_NAME_COLUMNS = frozenset({Column.FAMILY, Column.GIVEN, Column.FULL_NAME, Column.BIRTH_NAME})
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
