"""Read a registry CSV, in the contract's layout or in any other through a mapping.

Rows are read one at a time and only the checked ``Patient`` is kept, so memory follows
the number of patients, not the size of the file; every problem is noted with its row
(the line number in the file) and column, and raised at once at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from leakmap.i18n import _
from leakmap.link.registry import Patient
from leakmap.link.registry_fields import REQUIRED, SeenIds, SharedValues, patient_of
from leakmap.link.registry_mapping import FIELDS, RegistryMapping
from leakmap.link.registry_problems import RegistryProblems

#: Cells longer than this are not a registry field (a broken quote swallowed lines).
_MAX_CELL = 10_000


def read_csv_registry(path: Path, mapping: RegistryMapping, *, explicit: bool) -> list[Patient]:
    """Every patient of a CSV export; ``RegistryError`` lists all problems.

    ``explicit`` says the mapping was given by the user: then every column it names must
    be in the header. The contract layout (no mapping) only needs the required columns.
    """
    problems = RegistryProblems(path.name)
    patients: list[Patient] = []
    seen = SeenIds()
    shared = SharedValues()
    csv.field_size_limit(_MAX_CELL)
    try:
        for where, fields in _records(path, mapping, problems, explicit=explicit):
            repeated = seen.is_repeated(fields.get("patient_id", ""), where, problems)
            if "sex" in fields:
                fields["sex"] = mapping.sex_of(fields["sex"])
            patient = patient_of(
                fields,
                where,
                problems,
                parse_date=mapping.parse_date,
                date_hint=mapping.date_hint,
                shared=shared,
            )
            if patient is not None and not repeated:  # a repeated row's own problems noted too
                patients.append(patient)
            if problems.too_many:
                break
    except UnicodeDecodeError:
        problems.add_file(
            _("not {encoding}; re-export as UTF-8 or set encoding in the mapping").format(
                encoding=mapping.encoding
            )
        )
    except csv.Error as error:
        problems.add_file(
            _("not readable as CSV ({error}); check the delimiter and quotes").format(error=error)
        )
    problems.raise_if_any()
    return patients


def _records(
    path: Path, mapping: RegistryMapping, problems: RegistryProblems, *, explicit: bool
) -> Iterator[tuple[str, dict[str, str]]]:
    """(``row N``, contract field → text) for each data row; header problems noted."""
    with path.open(encoding=mapping.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=mapping.delimiter)
        header = [name.strip() for name in next(reader, [])]
        positions = _positions(header, mapping, problems, explicit=explicit)
        if positions is None:
            return
        single = [(name, ix[0]) for name, ix in positions.items() if len(ix) == 1]
        joined = [(name, ix) for name, ix in positions.items() if len(ix) > 1]
        for row in reader:
            if not any(row):
                continue
            where = _("row {number}").format(number=reader.line_num)
            if len(row) != len(header):
                problems.add(
                    where,
                    _("has {cells} cells, the header {header}; fix quoting").format(
                        cells=len(row), header=len(header)
                    ),
                )
                continue
            fields = {name: row[i].strip() for name, i in single}
            for name, indexes in joined:
                fields[name] = " ".join(filter(None, (row[i].strip() for i in indexes)))
            yield where, fields


def _positions(
    header: list[str], mapping: RegistryMapping, problems: RegistryProblems, *, explicit: bool
) -> dict[str, tuple[int, ...]] | None:
    """Cell indexes of each mapped field, or ``None`` when the header cannot be used."""
    index = {name: i for i, name in enumerate(header)}
    positions: dict[str, tuple[int, ...]] = {}
    missing = []
    for name in FIELDS:
        sources = mapping.sources(name)
        absent = [s for s in sources if s not in index]
        if absent and (explicit or name in REQUIRED):
            missing.extend(absent)
        elif sources and not absent:
            positions[name] = tuple(index[s] for s in sources)
    if missing:
        problems.add_file(
            _("header lacks {columns}; {hint}").format(
                columns=", ".join(missing), hint=_header_hint(explicit)
            )
        )
        return None
    return positions


def _header_hint(explicit: bool) -> str:
    """What to do about a header that lacks columns: fix the mapping, or write one."""
    if explicit:
        return _("the --registry-map mapping names columns the header lacks; fix the mapping")
    return _(
        "the header must have {fields}, or give --registry-map with a TOML "
        'mapping of the export\'s own column names (README, "Scan a real dump")'
    ).format(fields=",".join(FIELDS))
