"""Rows of the contract's CSV outputs, as typed records."""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.vocabulary import Category, FileKind, ReadStatus


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One ``documents.csv`` row: a leaked file, how it was read, whom it exposes.

    ``patients`` counts registry patients attributed (notify or review) in this file.
    """

    path: str
    sha256: str
    kind: FileKind
    pages: int
    ocr: bool
    status: ReadStatus
    reason: str
    patients: int
    categories: frozenset[Category]
