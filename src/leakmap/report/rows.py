"""Rows of the contract's CSV outputs, as typed records."""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.vocabulary import Category, FileKind, ReadStatus


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One ``documents.csv`` row: a leaked file, how it was read, whom it exposes.

    ``patients`` counts registry patients attributed (notify or review) in this file.
    ``wave``: the scan (wave of the leak) that brought this path; ``first_wave``: the
    wave that first brought its bytes (earlier: a republished duplicate, nothing new).
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
    wave: int = 1
    first_wave: int = 1
