"""The contract outputs of a finished case, read back as typed rows for scoring.

``evaluate`` reads only what ``shared/contract.md`` promises (``affected.csv``,
``unregistered.csv``, ``documents.csv``), never the case database: the score must be what
a user of the contract would get. Extra columns are ignored (the contract may grow).
``affected.csv`` is required; a missing ``unregistered.csv`` or ``documents.csv`` reads as
empty and is listed in ``missing`` so the report can say so rather than fail.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from leakmap.errors import CaseError
from leakmap.vocabulary import Decision, ReadStatus

AFFECTED = "affected.csv"
UNREGISTERED = "unregistered.csv"
DOCUMENTS = "documents.csv"

_Row = TypeVar("_Row")


@dataclass(frozen=True, slots=True)
class AffectedRow:
    """One ``affected.csv`` row, with what scoring needs."""

    patient_id: str
    decision: Decision
    confidence: float
    categories: frozenset[str]


@dataclass(frozen=True, slots=True)
class UnregisteredRow:
    """One ``unregistered.csv`` row: a person the case could not place in the registry."""

    family_name: str
    given_names: str
    birth_date: str | None
    categories: frozenset[str]


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One ``documents.csv`` row, with what scoring needs."""

    path: str
    status: ReadStatus
    patients: int
    categories: frozenset[str]


@dataclass(frozen=True, slots=True)
class CaseOutputs:
    """The three contract files of one case; ``missing`` names optional files not found."""

    affected: tuple[AffectedRow, ...]
    unregistered: tuple[UnregisteredRow, ...]
    documents: tuple[DocumentEntry, ...]
    missing: tuple[str, ...]


def read_case_outputs(case_dir: Path) -> CaseOutputs:
    """Read the contract CSVs of ``case_dir``; raise ``CaseError`` naming file and row."""
    if not (case_dir / AFFECTED).is_file():
        raise CaseError(f"{case_dir}: no {AFFECTED}; run 'leakmap scan' into this case first")
    missing = tuple(name for name in (UNREGISTERED, DOCUMENTS) if not (case_dir / name).is_file())
    return CaseOutputs(
        affected=_read(case_dir / AFFECTED, _AFFECTED_COLUMNS, _affected_row),
        unregistered=_read(case_dir / UNREGISTERED, _UNREGISTERED_COLUMNS, _unregistered_row),
        documents=_read(case_dir / DOCUMENTS, _DOCUMENTS_COLUMNS, _document_entry),
        missing=missing,
    )


_AFFECTED_COLUMNS = ("patient_id", "decision", "confidence", "categories")
_UNREGISTERED_COLUMNS = ("family_name", "given_names", "birth_date", "categories")
_DOCUMENTS_COLUMNS = ("path", "status", "patients", "categories")


def _read(
    path: Path, columns: Sequence[str], parse: Callable[[dict[str, str]], _Row]
) -> tuple[_Row, ...]:
    """Parse every row of one CSV; an absent optional file reads as no rows."""
    if not path.is_file():
        return ()
    rows = []
    for number, record in _records(path, columns):
        try:
            rows.append(parse(record))
        except ValueError as error:
            raise CaseError(f"{path.name} row {number}: {error}") from error
    return tuple(rows)


def _records(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        absent = [c for c in columns if c not in (reader.fieldnames or ())]
        if absent:
            raise CaseError(f"{path.name}: missing column(s) {', '.join(absent)}")
        for number, record in enumerate(reader, start=2):
            yield number, {key: (value or "").strip() for key, value in record.items() if key}


def _affected_row(record: dict[str, str]) -> AffectedRow:
    confidence = float(record["confidence"])
    if not 0.0 <= confidence <= 1.0:
        raise ValueError("confidence is not between 0 and 1")
    if not record["patient_id"]:
        raise ValueError("empty patient_id")
    return AffectedRow(
        patient_id=record["patient_id"],
        decision=Decision(record["decision"]),
        confidence=confidence,
        categories=_categories(record["categories"]),
    )


def _unregistered_row(record: dict[str, str]) -> UnregisteredRow:
    return UnregisteredRow(
        family_name=record["family_name"],
        given_names=record["given_names"],
        birth_date=record["birth_date"] or None,
        categories=_categories(record["categories"]),
    )


def _document_entry(record: dict[str, str]) -> DocumentEntry:
    return DocumentEntry(
        path=record["path"],
        status=ReadStatus(record["status"]),
        patients=int(record["patients"] or 0),
        categories=_categories(record["categories"]),
    )


def _categories(cell: str) -> frozenset[str]:
    """Categories as plain words: scoring must not crash on a word it does not know."""
    return frozenset(word.strip() for word in cell.split(";") if word.strip())
