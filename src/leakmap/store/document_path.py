"""A stored ``documents`` row: one leak path and how its content was read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentPath:
    """One leak path as stored, before per-patient counts are known."""

    path: str
    sha256: str
    size: int
    kind: str
    pages: int
    ocr: bool
    status: str
    reason: str
    wave: int
