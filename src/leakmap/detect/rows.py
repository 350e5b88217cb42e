"""Detection in a table row: the header says which cell is the name, the birth date, the IPP.

A row is one person (a worklist line, an OR slot, an export record). When the headers
name no person columns, the row's cells are read as running text instead.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from datetime import date
from functools import lru_cache

from leakmap.detect.civil_titles import CIVIL_TITLES, split_title
from leakmap.detect.civil_titles import RULE as CIVIL_TITLE_RULE
from leakmap.detect.column_roles import TableRoles
from leakmap.detect.columns import Column, column_of, header_vocabulary
from leakmap.detect.dates import find_dates, parse_date_cell
from leakmap.detect.document_date import partial_date
from leakmap.detect.findings import Identifier, IdentifierKind, Location, NameHit, Role
from leakmap.detect.identifiers import find_emails, find_ibans, find_phones
from leakmap.detect.identifiers.nir import nir_cell
from leakmap.detect.identifiers.place import Place
from leakmap.detect.names import NAME_MARKERS, PARTICLES, SPOUSE_MARKERS
from leakmap.detect.text import fold, name_key
from leakmap.extract.document import TableRow

RULE = "table-columns.v1"
CELL_SEPARATOR = " | "
_PERSON_COLUMNS = frozenset(
    {Column.FAMILY, Column.FULL_NAME, Column.BIRTH_NAME, Column.IPP, Column.NIR}
)


def row_text(row: TableRow) -> str:
    """The row's cells as one line, the text that row locations point into."""
    return CELL_SEPARATOR.join(value for _, value in row.cells)


_LONGEST_REASON = 40  # characters: a longer cell is a comment, not a reason


def is_staff_row(row: TableRow, *, staff_table: bool | None = None) -> bool:
    """True when the table is about staff (payroll, HR): headers like Matricule, Fonction
    (``staff_table``, when the table's reading already says), or a row whose cell is a
    reason for absence only an employer records."""
    if staff_table is None:
        staff_table = is_staff_table(tuple(header for header, _ in row.cells))
    return staff_table or bool(absence_reasons(row))


def names_person(roles: TableRoles) -> bool:
    """True when a table's columns, by header or by values, name a person: a family or
    full name, an IPP or a NIR."""
    return any(roles.of(header) in _PERSON_COLUMNS for header in roles.headers)


def absence_reasons(row: TableRow) -> list[str]:
    """The row's cells that give an employee's reason for absence ("Longue maladie"):
    the one health fact an HR absence sheet holds about its staff."""
    return [value for _, value in row.cells if _is_absence_reason(value)]


@lru_cache(maxsize=1 << 16)
def _is_absence_reason(value: str) -> bool:
    """Cached: a column repeats its few values down thousands of rows."""
    return (
        2 < len(value) < _LONGEST_REASON and name_key(value) in header_vocabulary().absence_reasons
    )


@lru_cache(maxsize=4096)
def is_staff_table(headers: tuple[str, ...]) -> bool:
    """Whether a table's headers are a staff table's: asked once per table, not per row."""
    return any(_is_staff_header(header) for header in headers)


@lru_cache(maxsize=4096)
def _is_staff_header(header: str) -> bool:
    """Cached: every row of a table asks again about the same few headers."""
    return name_key(header) in header_vocabulary().staff_headers


def detect_row(
    row: TableRow,
    place: Place,
    *,
    today: date,
    registry_ids: Container[str] = frozenset(),
    family_names: Container[str] = frozenset(),
    given_first: bool | None = None,
    roles: TableRoles | None = None,
    document_day: date | None = None,
    staff_table: bool | None = None,
) -> tuple[list[Identifier], list[NameHit]]:
    """Identifiers and the person's name from a row whose columns are understood.

    ``roles`` are the table's column roles (``column_roles.infer_roles``: header and
    values); without them each header speaks for itself. A cell of an unnamed column
    that is exactly a registry patient id counts as the IPP. ``given_first`` is the order
    the table's other full-name cells show (``name_order``). ``document_day`` is the date
    the table sits under (``document_date``): a date cell of a day and month ("28/01")
    takes its year. ``staff_table``: the table's headers are a staff table's (asked of
    the row's own headers when not given).
    """
    identifiers: list[Identifier] = []
    family = given = birth_name = ""
    titled: Identifier | None = None
    spans: list[tuple[int, int]] = []
    offset = 0
    for header, value in row.cells:
        column = roles.of(header) if roles is not None else column_of(header)
        start, end = offset, offset + len(value)
        offset = end + len(CELL_SEPARATOR)
        cell = value.strip()
        if not cell:
            continue
        if column in (Column.FAMILY, Column.FULL_NAME, Column.GIVEN, Column.BIRTH_NAME):
            spans.append((start, end))
        if column in (Column.FAMILY, Column.FULL_NAME):
            sex, cell = split_title(cell)  # "Mme LE GOFF Marie": a woman named LE GOFF
            if sex and titled is None:
                titled = _title_sex(sex, place.at(start, end))
        if column is Column.FAMILY:
            family, _, other = split_full_name(cell, family_names=frozenset(), whole_family=True)
            birth_name = birth_name or other
        elif column is Column.GIVEN:
            given = cell
        elif column is Column.BIRTH_NAME:
            birth_name = cell
        elif column is Column.FULL_NAME:
            name_part, dates = _name_and_birth(cell, place, start, today=today)
            identifiers += dates
            family, given, other = split_full_name(
                name_part, family_names=family_names, given_first=given_first
            )
            birth_name = birth_name or other
        elif column is Column.OTHER and cell in registry_ids:
            identifiers += _cell_identifiers(Column.IPP, cell, place, start, end, today=today)
        elif column is Column.OTHER and nir_cell(cell).startswith(("1", "2")):
            # A NIR is told by its key wherever it stands (FHIR's identifier.value, a
            # column no header names): 15 characters whose last two check the first 13.
            identifiers += _cell_identifiers(Column.NIR, cell, place, start, end, today=today)
        else:
            identifiers += _cell_identifiers(
                column, cell, place, start, end, today=today, anchor=document_day
            )
    if titled is not None and not any(i.kind is IdentifierKind.SEX for i in identifiers):
        identifiers.append(titled)
    names = []
    if not family:  # a record giving only the birth name (FHIR's "official"): the name
        family, birth_name = birth_name, ""
    if family:
        lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
        names.append(
            NameHit(
                family_name=family,
                given_names=given,
                family_key=name_key(family),
                given_key=name_key(given),
                location=place.at(lo, hi),
                role=_row_role(row, roles, staff_table),
                detector="table_columns",
                rule=RULE,
                score=0.9,
                birth_name=birth_name,
            )
        )
    return identifiers, names


def _title_sex(sex: str, location: Location) -> Identifier:
    """The sex a name cell's civil title says (a sex column's, when the row has one, wins)."""
    return Identifier(
        kind=IdentifierKind.SEX,
        value=sex,
        raw="",
        location=location,
        detector="civil_title",
        rule=CIVIL_TITLE_RULE,
        score=0.9,
        score_before_context=0.9,
    )


def _row_role(row: TableRow, roles: TableRoles | None, staff_table: bool | None) -> Role:
    """Staff in a staff table; a relative or contact where the row gives their tie to the
    patient (an NK1 segment, a "Lien" column); else unknown."""
    if is_staff_row(row, staff_table=staff_table):
        return Role.STAFF
    for header, value in row.cells:
        column = roles.of(header) if roles is not None else column_of(header)
        if column is Column.RELATION and value.strip():
            return Role.THIRD_PARTY
    return Role.UNKNOWN


#: What leads to the birth date in an identity cell: "né(e) le", "DDN", "née" as a word
#: (the end of "Renée" or "Daphnée" is a given name, not the marker).
_BIRTH_IN_CELL = re.compile(
    r"(?i)[\s,;(\-–]*(?:\b(?:n[ée]\(?e?\)?\s*le|DDN|n[ée]e?))?\s*:?\s*[(]?\s*$"
)


def _name_and_birth(
    cell: str, place: Place, offset: int, *, today: date
) -> tuple[str, list[Identifier]]:
    """An identity cell that also holds the birth date ("DUPONT Marie né(e) le 12/03/1965",
    "LE ROUX Jacques - 10/04/1942"): the name before the first date, and that date; or
    the age ("DUPONT Jean (16 ans)", "MARTIN Léa, 54 ans"): the name before it, and it."""
    found = find_dates(cell, fold(cell), today=today)
    if not found:
        return _name_and_age(cell, place, offset)
    first = found[0]
    name = _BIRTH_IN_CELL.sub("", cell[: first.start]).strip(" -–,(")
    identifier = Identifier(
        kind=IdentifierKind.BIRTH_DATE,
        value=first.value.isoformat(),
        raw=cell[first.start : first.end],
        location=place.at(offset + first.start, offset + first.end),
        detector="table_columns.identity",
        rule=RULE,
        score=0.9,
        score_before_context=0.5,
    )
    return name, [identifier]


#: An age after the name in an identity cell: "(16 ans)", ", 54 ans", "- 7 ans".
_AGE_IN_CELL = re.compile(r"[\s,;(\-–]+([0-9]{1,3})\s*ans?\b\)?\s*$", re.IGNORECASE)


def _name_and_age(cell: str, place: Place, offset: int) -> tuple[str, list[Identifier]]:
    match = _AGE_IN_CELL.search(cell)
    if match is None or int(match[1]) > AGE_MAX:
        return cell, []
    identifier = Identifier(
        kind=IdentifierKind.AGE,
        value=str(int(match[1])),
        raw=match[0].strip(),
        location=place.at(offset + match.start(1), offset + match.end()),
        detector="table_columns.identity",
        rule=RULE,
        score=0.9,
        score_before_context=0.5,
    )
    return cell[: match.start()], [identifier]


def split_full_name(
    cell: str,
    *,
    family_names: Container[str] = frozenset(),
    whole_family: bool = False,
    given_first: bool | None = None,
) -> tuple[str, str, str]:
    """A full-name cell as (family name in use, given, birth name).

    "DUPONT Marie" and "Marie DUPONT" by case; "Jeanne MARTIN née DURAND" and "DURAND
    épouse MARTIN Jeanne" keep the birth name apart (DURAND: after "née", before
    "épouse"); all one case: NOM first, unless ``given_first`` (the column's order, from
    its other cells) says otherwise where both words are family names.
    """
    words = _words(cell)
    family, given, other = _split_full_name(
        words, family_names=family_names, whole_family=whole_family, given_first=given_first
    )
    if other and family and any(name_key(w) in SPOUSE_MARKERS for w in words[1:-1]):
        return other, given, family
    return family, given, other


def _words(cell: str) -> list[str]:
    return cell.replace(",", " ").replace("(", " ").replace(")", " ").split()


def _split_full_name(
    words: list[str],
    *,
    family_names: Container[str],
    whole_family: bool,
    given_first: bool | None = None,
) -> tuple[str, str, str]:
    other: list[str] = []
    for i, word in enumerate(words):
        if name_key(word) in NAME_MARKERS and 0 < i < len(words) - 1:
            rest = words[i + 1 :]
            upper = [w for w in rest if w.isupper() and len(w) > 1]
            # "née MARTIN Jeanne" by case; "née Le Bihan Véronique", "née MARTIN JEANNE"
            # by the registry's family names (else the particles and the word after them)
            by_registry = rest[: _other_length(rest, family_names)]
            if name_key(" ".join(by_registry)) in family_names or not 0 < len(upper) < len(rest):
                other = by_registry
            else:
                other = upper
            words = words[:i] + [w for w in rest if w not in other]
            break
    if whole_family:
        return " ".join(words), "", " ".join(other)
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        # NOM in capitals, unless the registry's people say the capitals are the given
        # names ("Fontaine HERVÉ" in an export that capitalises given names).
        by_case = " ".join(upper), " ".join(w for w in words if w not in upper)
        if _given_overlap(by_case[1], by_case[0], family_names) > _given_overlap(
            *by_case, family_names
        ):
            return by_case[1], by_case[0], " ".join(other)
        return *by_case, " ".join(other)
    if not words:
        return "", "", ""
    cut = _family_length(words, family_names)
    family_first = " ".join(words[:cut]), " ".join(words[cut:])
    for given_cut in range(1, len(words)):
        prefix, suffix = " ".join(words[:given_cut]), " ".join(words[given_cut:])
        if name_key(suffix) in family_names:
            # "Marie Dupont": given names first, unless the registry's people of the other
            # reading share more given names ("Morin Christophe Cédric Nicolas"). When the
            # first word is a family name too ("Guillaume Le Gall", "Philippe Laurent"),
            # only the registry's people can say which reading is a person.
            first_overlap = _given_overlap(*family_first, family_names)
            second_overlap = _given_overlap(suffix, prefix, family_names)
            if second_overlap > first_overlap or (
                second_overlap == first_overlap
                and (name_key(prefix) not in family_names or given_first is True)
            ):
                return suffix, prefix, " ".join(other)
            break
    else:
        if given_first is True and len(words) > 1:
            # No reading the registry knows ("Christiane Le Brris", a slip): the column's
            # order, the family name being the last word with its particles.
            cut = len(words) - 1
            while cut > 1 and name_key(words[cut - 1]) in PARTICLES:
                cut -= 1
            return " ".join(words[cut:]), " ".join(words[:cut]), " ".join(other)
    return family_first[0], family_first[1], " ".join(other)


_ORDER_VOTES = 2  # full-name cells whose order is plain, needed to speak for a column
_ORDER_SHARE = 0.8  # of those, the share that must agree


def name_order(cells: Iterable[str], family_names: Container[str]) -> bool | None:
    """Whether a column writes given names first ("Sarah Laurent"), from its cells whose
    order case or the registry makes plain; None when they are too few or disagree.

    An export keeps one order down a column, whatever its header says ("NOM PRENOM" above
    "Julien Gomez"): the plain cells decide for the one where both words are family names.
    """
    votes = [v for v in (_cell_order(_words(c), family_names) for c in cells) if v is not None]
    if len(votes) < _ORDER_VOTES:
        return None
    first = sum(votes)
    if first >= _ORDER_SHARE * len(votes):
        return True
    if len(votes) - first >= _ORDER_SHARE * len(votes):
        return False
    return None


def _cell_order(words: list[str], family_names: Container[str]) -> bool | None:
    """True: given names first; False: family name first; None: the cell does not say."""
    if len(words) < 2 or any(name_key(w) in NAME_MARKERS for w in words):
        return None
    upper = [w.isupper() and len(w) > 1 for w in words]
    if any(upper) and not all(upper):
        return not upper[0]
    head = any(name_key(" ".join(words[:k])) in family_names for k in range(1, len(words)))
    tail = any(name_key(" ".join(words[k:])) in family_names for k in range(1, len(words)))
    return tail if head != tail else None


def _given_overlap(family: str, given: str, family_names: Container[str]) -> int:
    """How many of ``given``'s words the registry's people named ``family`` carry."""
    if not isinstance(family_names, Mapping):
        return 0
    known = family_names.get(name_key(family), frozenset())
    return sum(word in known for word in name_key(given).split())


def _other_length(words: list[str], family_names: Container[str]) -> int:
    """How many words after "née"/"épouse" are that other family name: all of them when
    they are one registry family name ("née Le Goff"), else as ``_family_length``."""
    if name_key(" ".join(words)) in family_names:
        return len(words)
    cut = 0
    while cut < len(words) - 1 and name_key(words[cut]) in PARTICLES:
        cut += 1
    longest = _family_length(words, family_names)
    return max(longest, cut + 1) if longest > 1 else cut + 1


def _family_length(words: list[str], family_names: Container[str]) -> int:
    """How many leading words are the family name when case does not tell: the longest
    prefix that is a registry family name ("Aït Ali Hugo"), else the particles and the word
    after them ("Le Bihan Éliane"), else the first word."""
    for cut in range(len(words) - 1, 0, -1):
        if name_key(" ".join(words[:cut])) in family_names:
            return cut
    cut = 0
    while cut < len(words) - 2 and name_key(words[cut]) in PARTICLES:
        cut += 1
    return cut + 1


def _cell_identifiers(
    column: Column,
    cell: str,
    place: Place,
    start: int,
    end: int,
    *,
    today: date,
    anchor: date | None = None,
) -> list[Identifier]:
    kind, value = _cell_value(column, cell, today=today, anchor=anchor)
    if kind is None:
        if column in (Column.PHONE, Column.EMAIL, Column.IBAN):
            sub = Place(place.page, row=place.row)
            return [_shift(i, start, sub) for i in _contacts_in(cell, column is Column.PHONE)]
        return []
    return [
        Identifier(
            kind=kind,
            value=value,
            raw=cell,
            location=place.at(start, end),
            detector=f"table_columns.{column.value}",
            rule=RULE,
            score=0.95,
            score_before_context=0.5,
        )
    ]


@lru_cache(maxsize=1 << 16)
def _contacts_in(cell: str, phone_column: bool) -> tuple[Identifier, ...]:
    """Phones, e-mails and IBANs of a contact cell, at offsets within the cell (cached: a
    column repeats its switchboard or its empty-looking values down the rows)."""
    here = Place(1, row=0)
    phones = find_phones(cell, here, phone_column=phone_column)
    return tuple(phones + find_emails(cell, here) + find_ibans(cell, here))


@lru_cache(maxsize=1 << 16)
def _cell_value(
    column: Column, cell: str, *, today: date, anchor: date | None = None
) -> tuple[IdentifierKind | None, str]:
    if column not in _VALUE_COLUMNS:
        return None, ""
    compact = _SPACES_AND_DOTS.sub("", cell)
    if column is Column.BIRTH_DATE:
        parsed = parse_date_cell(cell, today=today, serial=True)
        born = parsed is not None and parsed <= today
        return (IdentifierKind.BIRTH_DATE, parsed.isoformat()) if born else (None, "")
    if column is Column.DATE:
        parsed = parse_date_cell(cell, today=today, serial=True)
        if parsed is None and anchor is not None:
            parsed = partial_date(cell, anchor)  # "28/01" under "semaine du 27/01/2025"
        return (IdentifierKind.DATE, parsed.isoformat()) if parsed else (None, "")
    if column is Column.IPP and compact.isalnum():
        return IdentifierKind.IPP, compact
    if column is Column.NDA and compact.isalnum():
        return IdentifierKind.NDA, compact
    if column is Column.NIR and (nir := nir_cell(cell)):
        return IdentifierKind.NIR, nir
    if column is Column.ADDRESS:
        return IdentifierKind.ADDRESS, cell
    if column is Column.POSTCODE and compact.isdigit():
        return IdentifierKind.POSTCODE, compact
    if column is Column.SEX:
        sex = SEX_CODES.get(name_key(cell))
        return (IdentifierKind.SEX, sex) if sex else (None, "")
    if column is Column.AGE and (age := _AGE_CELL.fullmatch(cell.strip())):
        return (IdentifierKind.AGE, str(int(age[1]))) if int(age[1]) <= AGE_MAX else (None, "")
    return None, ""


_VALUE_COLUMNS = frozenset(
    {Column.BIRTH_DATE, Column.DATE, Column.IPP, Column.NDA, Column.NIR, Column.ADDRESS,
     Column.POSTCODE, Column.AGE, Column.SEX}
)  # fmt: skip
#: An age column's cell: "57", "57 ans", "57a" (months and days, a newborn's, are not years).
_AGE_CELL = re.compile(r"(?i)([0-9]{1,3})(?:[.,]0+)?\s*(?:ans?|a)?")
AGE_MAX = 120  # years: an older age is a misreading
_SPACES_AND_DOTS = re.compile(r"[\s.]")
#: A sex column's codes (INSEE's 1 and 2 included: the column's header or values said sex).
SEX_CODES = {"F": "F", "FEMME": "F", "FEMININ": "F", "FEMALE": "F", "2": "F", "M": "M",
             "H": "M", "HOMME": "M", "MASCULIN": "M", "MALE": "M", "1": "M",
             **CIVIL_TITLES}  # fmt: skip


def _shift(identifier: Identifier, offset: int, place: Place) -> Identifier:
    location = identifier.location
    moved = place.at(location.start + offset, location.end + offset)
    return Identifier(
        identifier.kind,
        identifier.value,
        identifier.raw,
        moved,
        identifier.detector,
        identifier.rule,
        identifier.score,
        identifier.score_before_context,
    )
