"""Read the registry CSV (contract layout), reporting every problem at once.

A bad registry stops the scan before anything is written: one message lists each bad row
and column with what to fix, so the hospital fixes its export once, not once per error.
Memory stays proportional to the patients kept, never to the file read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from leakmap.errors import RegistryError
from leakmap.link.registry import Patient

COLUMNS = (
    "patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
    "address", "postcode", "city", "phone", "email", "nir",
)  # fmt: skip
REQUIRED = ("patient_id", "family_name", "given_names")
_MAX_PROBLEMS = 1000


def load_registry(path: Path) -> list[Patient]:
    """Every patient of the registry CSV; raises ``RegistryError`` listing all problems."""
    if not path.is_file():
        raise RegistryError([f"{path}: no such file; give the registry CSV with --registry"])
    problems: list[str] = []
    patients: list[Patient] = []
    seen: set[str] = set()
    try:
        for line, row in _rows(path, problems):
            patient_id = row.get("patient_id", "")
            if patient_id and patient_id in seen:
                problems.append(f"row {line}: patient_id duplicated; each patient once")
                continue
            seen.add(patient_id)
            patient = _patient(row, line, problems)
            if patient is not None:
                patients.append(patient)
            if len(problems) >= _MAX_PROBLEMS:
                break
    except UnicodeDecodeError:
        problems.append(f"{path.name}: not UTF-8; re-export the registry as UTF-8")
    if problems:
        raise RegistryError(problems)
    return patients


def _rows(path: Path, problems: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                f"{path.name}: header lacks {', '.join(missing)}; the header must be "
                f"{','.join(COLUMNS)}"
            )
            return
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _patient(row: dict[str, str], line: int, problems: list[str]) -> Patient | None:
    before = len(problems)
    for column in REQUIRED:
        if not row.get(column):
            problems.append(f"row {line}: {column} is empty; every patient needs one")
    birth = row.get("birth_date", "")
    birth_date = None
    if birth:
        try:
            birth_date = date.fromisoformat(birth)
        except ValueError:
            problems.append(f"row {line}: birth_date is not YYYY-MM-DD; fix the row")
    sex = row.get("sex", "").upper()
    if sex not in ("", "F", "M"):
        problems.append(f"row {line}: sex must be F or M (or empty)")
    if len(problems) > before:
        return None
    return Patient(
        patient_id=row["patient_id"],
        family_name=row["family_name"],
        birth_name=row.get("birth_name", ""),
        given_names=row["given_names"],
        birth_date=birth_date,
        sex=sex,
        address=row.get("address", ""),
        postcode=row.get("postcode", ""),
        city=row.get("city", ""),
        phone=row.get("phone", ""),
        email=row.get("email", "").lower(),
        nir=row.get("nir", "").replace(" ", "").upper(),
    )
