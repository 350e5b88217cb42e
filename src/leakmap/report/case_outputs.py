"""Write the contract's outputs of a case from its stored rows and linkage results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.attribution import Attribution
from leakmap.link.registry_test_records import SeenTestRecord
from leakmap.report.csv_outputs import (
    write_affected,
    write_documents,
    write_test_records,
    write_unregistered,
)
from leakmap.report.rows import DocumentRow
from leakmap.vocabulary import Category, FileKind, ReadStatus


class _StoredDocument(Protocol):
    """A stored documents row (``store.DocumentPath``)."""

    path: str
    sha256: str
    kind: str
    pages: int
    ocr: bool
    status: str
    reason: str
    wave: int


def document_rows(
    stored: Sequence[_StoredDocument],
    attributions: Sequence[Attribution],
    unregistered: Sequence[UnregisteredPerson],
) -> list[DocumentRow]:
    """documents.csv rows: each path with the patients and categories of its content."""
    patients: dict[str, set[str]] = defaultdict(set)
    categories: dict[str, set[Category]] = defaultdict(set)
    unregistered_keys = {key for person in unregistered for key in person.mention_keys}
    first_wave: dict[str, int] = {}
    for d in stored:
        first_wave[d.sha256] = min(d.wave, first_wave.get(d.sha256, d.wave))
    for attribution in attributions:
        mention = attribution.mention
        if attribution.patient_id is not None:
            patients[mention.sha256].add(attribution.patient_id)
            categories[mention.sha256] |= mention.categories
        elif mention.key in unregistered_keys:
            categories[mention.sha256] |= mention.categories
    return [
        DocumentRow(
            path=d.path,
            sha256=d.sha256,
            kind=_kind(d.kind),
            pages=d.pages,
            ocr=d.ocr,
            status=ReadStatus(d.status),
            reason=d.reason,
            patients=len(patients.get(d.sha256, ())),
            categories=frozenset(categories.get(d.sha256, ())),
            wave=d.wave,
            first_wave=first_wave[d.sha256],
        )
        for d in stored
    ]


def write_case_outputs(
    directory: Path,
    stored: Sequence[_StoredDocument],
    attributions: Sequence[Attribution],
    exposures: Sequence[Exposure],
    unregistered: Sequence[UnregisteredPerson],
    test_records: Sequence[SeenTestRecord] = (),
) -> list[DocumentRow]:
    """Write affected.csv, unregistered.csv, documents.csv and test_records.csv into the
    case directory. ``attributions`` are those left once the test records were set apart
    (``link.registry_test_records``): a test record counts as nobody in documents.csv."""
    rows = document_rows(stored, attributions, unregistered)
    write_affected(directory, exposures)
    write_unregistered(directory, unregistered)
    write_documents(directory, rows)
    write_test_records(directory, test_records)
    return rows


def _kind(kind: str) -> FileKind:
    try:
        return FileKind(kind)
    except ValueError:
        return FileKind.UNKNOWN
