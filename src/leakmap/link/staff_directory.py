"""Read the hospital's staff directory (``scan --staff staff.csv``), every problem at once.

HR exports come in many shapes: the delimiter (``,`` ``;`` tab ``|``) and the encoding
(UTF-8 with or without BOM, else the likeliest Western code page, as for leaked text
files) are detected, and headers are read in French or English (``Nom``/``family_name``,
``Prénom``/``given_names``, ``Date de naissance``/``birth_date`` in YYYY-MM-DD or
DD/MM/YYYY, ``Fonction``/``job``, ``Service``/``department``). Like the registry, a bad directory stops the scan before
anything is written, with each bad row and column and what to fix; messages never hold a
name or a date.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from leakmap.detect.text import name_key
from leakmap.errors import StaffDirectoryError
from leakmap.extract.encoding import decode_text
from leakmap.group.staff_roles import StaffMember

#: Header spellings (as ``name_key`` folds them) of each field.
_HEADERS = {
    "family_name": {"FAMILY NAME", "NOM", "NOM USUEL", "NOM D USAGE", "NOM DE FAMILLE",
                    "LAST NAME", "SURNAME", "LASTNAME"},
    "given_names": {"GIVEN NAMES", "GIVEN NAME", "PRENOM", "PRENOMS", "FIRST NAME", "FIRSTNAME",
                    "FORENAME"},
    "birth_date": {"BIRTH DATE", "DATE DE NAISSANCE", "DATE NAISSANCE", "DDN", "NE LE", "DOB",
                   "BIRTHDATE", "DATE OF BIRTH"},
    "job": {"JOB", "ROLE", "FONCTION", "POSTE", "GRADE", "EMPLOI", "METIER", "QUALIFICATION",
            "TITLE", "TITRE"},
    "department": {"DEPARTMENT", "SERVICE", "UNITE", "UF", "POLE", "DEPARTEMENT"},
}  # fmt: skip
_REQUIRED = ("family_name", "given_names")
_DELIMITERS = ",;\t|"
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_MAX_PROBLEMS = 200


def load_staff_directory(path: Path) -> tuple[StaffMember, ...]:
    """Every staff member of the CSV; raises ``StaffDirectoryError`` listing all problems."""
    if not path.is_file():
        raise StaffDirectoryError([f"{path}: no such file; give the staff CSV with --staff"])
    text = decode_text(path.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    problems: list[str] = []
    positions = _positions(rows[0] if rows else [], path.name, problems)
    members = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        member = _member(row, positions, f"{path.name} row {line}", problems)
        if member is not None:
            members.append(member)
        if len(problems) >= _MAX_PROBLEMS:
            problems.append(f"{path.name}: stopped after {_MAX_PROBLEMS} problems; fix these first")
            break
    if not members and not problems:
        problems.append(f"{path.name}: no staff member listed; one person a row under the header")
    if problems:
        raise StaffDirectoryError(problems)
    return tuple(members)


def staff_record(members: tuple[StaffMember, ...], *, source: str) -> dict[str, object]:
    """The directory as plain values, to keep in the (encrypted) case for later waves."""
    rows = [
        [m.family_name, m.given_names, m.birth_date.isoformat() if m.birth_date else "",
         m.job, m.department]
        for m in members
    ]  # fmt: skip
    return {"source": source, "members": rows}


def staff_of_record(record: dict[str, Any] | None) -> tuple[StaffMember, ...]:
    """The members ``staff_record`` kept (none when no directory was ever given)."""
    rows = record["members"] if record else []
    return tuple(
        StaffMember(family, given, date.fromisoformat(birth) if birth else None, job, department)
        for family, given, birth, job, department in rows
    )


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count)


def _positions(header: list[str], source: str, problems: list[str]) -> dict[str, int]:
    keys = [name_key(h) for h in header]
    positions = {}
    for field, spellings in _HEADERS.items():
        found = [i for i, k in enumerate(keys) if k in spellings]
        if found:
            positions[field] = found[0]
    missing = [f for f in _REQUIRED if f not in positions]
    if missing:
        problems.append(
            f"{source}: header lacks {', '.join(missing)}; the header must name at least "
            "family_name and given_names (or Nom, Prénom), optionally birth_date, job, department"
        )
    return positions


def _member(
    row: list[str], positions: dict[str, int], where: str, problems: list[str]
) -> StaffMember | None:
    if len(positions) < len(_REQUIRED):
        return None
    cells = {f: row[i].strip() if i < len(row) else "" for f, i in positions.items()}
    before = len(problems)
    for field in _REQUIRED:
        if not cells[field]:
            problems.append(f"{where}: {field} is empty; every staff member needs one")
    birth = _birth_date(cells.get("birth_date", ""))
    if cells.get("birth_date") and birth is None:
        problems.append(f"{where}: birth_date is not YYYY-MM-DD or DD/MM/YYYY; fix the row")
    if len(problems) > before:
        return None
    return StaffMember(
        family_name=cells["family_name"],
        given_names=cells["given_names"],
        birth_date=birth,
        job=cells.get("job", ""),
        department=cells.get("department", ""),
    )


def _birth_date(text: str) -> date | None:
    for layout in _DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None
