"""What one table says once for all its rows: its columns' roles, whether it is a staff
table, the order of its full names, and the day its rows were written.

A row is read by its table: the same header means the same thing on row 1 and on row
3,000, a "NOM Prénom" column keeps one order, a payroll's rows are all staff. Each of
these is decided here once per table (its sheet and headers: ``column_roles.table_key``),
from the table's headers and values, and detection reads the decision, not the headers.

The day matters because a workbook's sheets or a PDF's pages may be years apart ("2019",
"2024"; "Consultations du 12/05/2019"): a "28/01" takes its own table's year, and an age
printed on a row was true on its own table's day, not on the latest day of the whole file.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date

from leakmap.detect.column_roles import RegistryNames, TableRoles, infer_roles, table_key
from leakmap.detect.columns import Column
from leakmap.detect.document_date import day_written
from leakmap.detect.rows import is_staff_table, name_order, names_person
from leakmap.extract.document import TableRow


@dataclass(frozen=True, slots=True)
class TableReading:
    """One table's reading, shared by its rows.

    ``day`` is the day the table's own title or sheet name gives, else the document's
    (``document_date``), else ``None``. ``given_first`` is the order its full-name cells
    show (``rows.name_order``). ``staff``: its headers are a staff table's (payroll, HR).
    """

    roles: TableRoles
    staff: bool = False
    given_first: bool | None = None
    day: date | None = None
    #: The day came from the table itself (its title, its sheet), not from the document.
    own_day: bool = False

    @property
    def names_person(self) -> bool:
        """Whether the table's columns name a person (else its rows are running text)."""
        return names_person(self.roles)


def read_tables(
    rows: Sequence[TableRow],
    registry: RegistryNames,
    *,
    family_names: Container[str],
    today: date,
    document_day: date | None,
) -> list[TableReading]:
    """The reading of each row's table, in the order of ``rows`` (rows of one table share
    one ``TableReading``)."""
    tables: dict[tuple[str, tuple[str, ...]], list[TableRow]] = {}
    for row in rows:
        tables.setdefault(table_key(row), []).append(row)
    readings = {
        key: _read(key[1], table_rows, registry, family_names, today, document_day)
        for key, table_rows in tables.items()
    }
    return [readings[table_key(row)] for row in rows]


def _read(
    headers: tuple[str, ...],
    rows: Sequence[TableRow],
    registry: RegistryNames,
    family_names: Container[str],
    today: date,
    document_day: date | None,
) -> TableReading:
    roles = infer_roles(headers, rows, registry, today=today)
    full_names = [
        value
        for row in rows
        for header, value in row.cells
        if value.strip() and roles.of(header) is Column.FULL_NAME
    ]
    own = day_written(rows[0].title, rows[0].sheet, today=today)
    return TableReading(
        roles=roles,
        staff=is_staff_table(headers),
        given_first=name_order(full_names, family_names) if full_names else None,
        day=own or document_day,
        own_day=own is not None,
    )


def tables_apart(readings: Sequence[TableReading]) -> bool:
    """Whether the document's tables say they were written on different days (sheets of
    two years, pages of two weeks): then each row's printed age is its own table's."""
    return len({r.day for r in readings if r.own_day}) > 1
