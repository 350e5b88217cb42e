"""Each table column's role, inferred once per table from its header *and* its values.

Hospital software writes lists in dozens of layouts: a lab worklist's "DT_NAIS", a PMSI
extraction's undelimited "12031965", an export with no header line at all, a column left
blank above the IPPs. A header names a column when it is known (``columns.column_of``);
otherwise the values under it say what it is: most cells dates spread over decades are
birth dates, most cells registry family names are family names, most cells given names
are given names, most cells "Dr …" are a practitioner, most cells registry IPPs are the
IPP. The roles are computed once for the whole table, so every row is read the same way
and one odd cell cannot change what its column means.

What the values must show is data (``data/column_headers.toml``'s ``[values]``: the
shares, the staff titles, the sex codes); a vendor's new header is a line there too,
never a branch here.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from leakmap.detect.columns import Column, column_of, header_vocabulary
from leakmap.detect.dates import parse_date_cell
from leakmap.detect.document_date import is_partial_date
from leakmap.detect.identifiers.nir import nir_cell
from leakmap.detect.name_parts import given_leaning
from leakmap.detect.text import name_key
from leakmap.extract.document import TableRow

#: Cells looked at per column: a column keeps one meaning down thousands of rows.
SAMPLE_CELLS = 200
#: Fewest filled cells for the values alone to name a column.
MIN_CELLS = 2
#: Birth dates of a list's people spread over decades; visit or exam dates over a few
#: years at most. Years between the first and third quartile at least this far apart,
#: or (few rows) the oldest and youngest.
BIRTH_YEARS_IQR = 8
BIRTH_YEARS_RANGE = 15
#: Share of a name column's cells with a staff title that makes the column staff's.
STAFF_AMONG_NAMES = 0.2
_NAME_ROLES = frozenset({Column.FAMILY, Column.GIVEN, Column.FULL_NAME})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
#: A French postcode: five digits, a department's first (01-95, 2A/2B written 20, overseas 97x, 98x).
_POSTCODE = re.compile(r"(?:0[1-9]|[1-8][0-9]|9[0-5]|97[1-8]|98[0-9])[0-9]{3}")
_PHONE = re.compile(r"(?:\+33\s?|0033\s?|0)[1-9](?:[\s.\-]?[0-9]{2}){4}")


@dataclass(frozen=True, slots=True)
class RegistryNames:
    """What the values are compared with: the registry's family names, given-name words
    and patient ids."""

    family_names: Container[str] = frozenset()
    patient_ids: Container[str] = frozenset()
    given_words: Container[str] = frozenset()
    cities: Container[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TableRoles:
    """The role of every column of one table (its rows share ``headers``)."""

    headers: tuple[str, ...]
    roles: Mapping[str, Column] = field(default_factory=dict)

    def of(self, header: str) -> Column:
        """The role of the column under ``header`` (its header's, when not inferred)."""
        role = self.roles.get(header)
        return role if role is not None else column_of(header)


def table_key(row: TableRow) -> tuple[str, tuple[str, ...]]:
    """Rows of one table: same sheet, same headers."""
    return row.sheet, tuple(header for header, _ in row.cells)


def infer_roles(
    headers: tuple[str, ...],
    rows: Sequence[TableRow],
    registry: RegistryNames,
    *,
    today: date,
) -> TableRoles:
    """Each column's role: its header's when the header is known, else its values'.

    Values name a column only for a role no known header of the table already holds (a
    second family-name column is someone else's), and only one column per role: the one
    whose values show it most. A name column where "Dr …" cells are common is a roster of
    staff, whatever its header.
    """
    roles = {header: column_of(header) for header in headers}
    columns = _columns(headers, rows)
    for header, role in roles.items():
        if role in _NAME_ROLES and _staff_share(columns[header]) >= STAFF_AMONG_NAMES:
            roles[header] = Column.STAFF  # a roster: "Agent" above "Dr Patricia CLERC"
    taken = {role for role in roles.values() if role is not Column.OTHER}
    unknown = [h for h in headers if roles[h] is Column.OTHER]
    if not unknown:
        return TableRoles(headers, roles)
    candidates: list[tuple[float, Column, str]] = []
    for header in unknown:
        cells = columns[header]
        if len(cells) < MIN_CELLS:
            continue
        for role, share in value_roles(cells, registry, today=today).items():
            if share >= header_vocabulary().value_shares[role]:
                candidates.append((share, role, header))
    inferred: dict[str, Column] = {}
    for _, role, header in sorted(candidates, key=lambda c: (-c[0], headers.index(c[2]))):
        if header in inferred or (role in taken and role is not Column.STAFF):
            continue
        if role in _NAME_ROLES and _staff_share(columns[header]) >= STAFF_AMONG_NAMES:
            # A column of names some of which carry "Dr", "IDE": a roster of staff (a
            # nurses' planning), not of patients.
            inferred[header] = Column.STAFF
            continue
        if role is Column.FAMILY and Column.FULL_NAME in taken:
            continue  # a full-name column already names the row's person
        inferred[header] = role
        taken.add(role)
    roles.update(inferred)
    return TableRoles(headers, roles)


def value_roles(
    cells: Sequence[str], registry: RegistryNames, *, today: date
) -> dict[Column, float]:
    """For each role the values may show, the share of ``cells`` that show it.

    Dates are split here already: a date column is ``BIRTH_DATE`` when its years spread
    like a population's births, ``DATE`` otherwise (visits, exams, print dates).
    """
    count = len(cells)
    shares: dict[Column, float] = {}
    keys = [name_key(cell) for cell in cells]
    shares[Column.STAFF] = _staff_share(cells)
    shares[Column.IPP] = sum(c.replace(" ", "") in registry.patient_ids for c in cells) / count
    shares[Column.NIR] = sum(bool(nir_cell(cell)) for cell in cells) / count
    shares[Column.EMAIL] = sum(bool(_EMAIL.fullmatch(c.strip())) for c in cells) / count
    shares[Column.PHONE] = sum(bool(_PHONE.fullmatch(c.strip())) for c in cells) / count
    dates = [parse_date_cell(cell, today=today) for cell in cells]
    parsed = [d for d in dates if d is not None]
    if parsed:
        share = len(parsed) / count
        birth = _spread_like_births([d.year for d in parsed]) and max(parsed) <= today
        shares[Column.BIRTH_DATE if birth else Column.DATE] = share
    elif partial := sum(is_partial_date(cell) for cell in cells):
        shares[Column.DATE] = partial / count  # a planning's "28/01": its year is the title's
    shares[Column.SEX] = sum(key in header_vocabulary().sex_values for key in keys) / count
    shares[Column.POSTCODE] = sum(bool(_POSTCODE.fullmatch(c.strip())) for c in cells) / count
    shares[Column.CITY] = sum(key in registry.cities for key in keys) / count
    shares.update(_name_shares(keys, registry))
    return shares


def _name_shares(keys: Sequence[str], registry: RegistryNames) -> dict[Column, float]:
    """Shares of cells that read as a family name, as given names, as "NOM Prénom".

    Many words are both (MARTIN, THOMAS, LAURENT): a column is of given names when more
    of its cells are given names than registry family names, and the other way round;
    the losing share is dropped so that one column never takes both roles.
    """
    count = len(keys)
    family = given = full = 0
    for key in keys:
        words = key.split()
        if not words or any(ch.isdigit() for ch in key):
            continue
        family += len(words) <= 3 and key in registry.family_names  # noqa: PLR2004
        given += len(words) <= 3 and all(_is_given(w, registry) for w in words)  # noqa: PLR2004
        full += 2 <= len(words) <= 6 and _full_name(words, registry)  # noqa: PLR2004
    shares = {Column.FAMILY: family / count, Column.GIVEN: given / count}
    loser = Column.FAMILY if given > family else Column.GIVEN
    shares[loser] = 0.0
    shares[Column.FULL_NAME] = full / count
    return shares


def _is_given(word: str, registry: RegistryNames) -> bool:
    return word in registry.given_words or given_leaning(word) > 0


def _full_name(words: list[str], registry: RegistryNames) -> bool:
    """A cell holding a family name and given names, in either order, and nothing else
    but civil titles, birth-name markers and initials: "Consultation KERGOAT Yvonne -
    suivi" holds a name, but it is no name cell (its column is an event's text)."""
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if head in registry.family_names and _is_given(words[cut], registry):
            return all(_in_a_name(w, registry) for w in words[cut + 1 :])
        if tail in registry.family_names and _is_given(words[0], registry):
            return all(_in_a_name(w, registry) for w in words[1:cut])
    return False


#: Words a name cell may hold besides names: titles, birth-name markers.
_NAME_CELL_WORDS = frozenset({"M", "MME", "MLLE", "MR", "MONSIEUR", "MADAME", "NEE", "NE", "EPOUSE", "EP", "VEUVE", "VVE"})  # fmt: skip


def _in_a_name(word: str, registry: RegistryNames) -> bool:
    return len(word) == 1 or word in _NAME_CELL_WORDS or _is_given(word, registry) or word in registry.family_names  # fmt: skip


def _staff_share(cells: Sequence[str]) -> float:
    """Share of ``cells`` that are names with a staff title ("Dr M. LE GOFF")."""
    return sum(_has_title(name_key(cell)) for cell in cells) / len(cells) if cells else 0.0


def _has_title(key: str) -> bool:
    words = key.split()
    titles = header_vocabulary().staff_titles
    return bool(words) and (words[0] in titles or " ".join(words[:2]) in titles)


def _spread_like_births(years: Sequence[int]) -> bool:
    if len(years) >= 4:  # noqa: PLR2004
        low, _, high = statistics.quantiles(years, n=4)
        return high - low >= BIRTH_YEARS_IQR
    return max(years) - min(years) >= BIRTH_YEARS_RANGE


def _columns(headers: tuple[str, ...], rows: Iterable[TableRow]) -> dict[str, list[str]]:
    """Up to ``SAMPLE_CELLS`` filled cells per column."""
    columns: dict[str, list[str]] = {header: [] for header in headers}
    for row in rows:
        for header, value in row.cells:
            cells = columns.get(header)
            if cells is not None and len(cells) < SAMPLE_CELLS and value.strip():
                cells.append(value.strip())
    return columns
