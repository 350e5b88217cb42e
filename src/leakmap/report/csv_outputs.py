"""The contract's three CSV files (and ``test_records.csv``), written atomically from typed records.

Each file is written beside its final name and renamed into place, so a reader (or a
scan killed while writing) never sees half a file; it is 0600, and sealed with age when
the case encrypts its outputs (``report.output_files``). Columns and words are exactly the
contract's; extra columns may only ever be appended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry_test_records import SeenTestRecord
from leakmap.report.output_files import write_output_csv
from leakmap.report.rows import DocumentRow
from leakmap.vocabulary import format_categories

AFFECTED = "affected.csv"
UNREGISTERED = "unregistered.csv"
DOCUMENTS = "documents.csv"
TEST_RECORDS = "test_records.csv"
AFFECTED_COLUMNS = ("patient_id", "decision", "confidence", "severity", "categories", "documents")
UNREGISTERED_COLUMNS = ("family_name", "given_names", "birth_date", "categories", "documents")
DOCUMENTS_COLUMNS = (
    "path", "sha256", "kind", "pages", "ocr", "status", "reason", "patients", "categories",
    "wave", "first_wave",
)  # fmt: skip
TEST_RECORDS_COLUMNS = ("patient_id", "reason", "documents")


def write_affected(case_dir: Path, exposures: Sequence[Exposure]) -> Path:
    """``affected.csv``: one row per registry patient judged exposed."""
    rows = (
        (
            e.patient_id,
            e.decision.value,
            f"{e.confidence:.4f}",
            e.severity.severity.value,
            format_categories(e.categories),
            len(e.documents),
        )
        for e in sorted(exposures, key=lambda e: e.patient_id)
    )
    return _write(case_dir / AFFECTED, AFFECTED_COLUMNS, rows)


def write_unregistered(case_dir: Path, people: Sequence[UnregisteredPerson]) -> Path:
    """``unregistered.csv``: people found who match no registry patient."""
    rows = (
        (
            p.family_name,
            p.given_names,
            p.birth_date.isoformat() if p.birth_date else "",
            format_categories(p.categories),
            len(p.documents),
        )
        for p in people
    )
    return _write(case_dir / UNREGISTERED, UNREGISTERED_COLUMNS, rows)


def write_documents(case_dir: Path, documents: Iterable[DocumentRow]) -> Path:
    """``documents.csv``: one row per leaked file, archive members and attachments included."""
    rows = (
        (
            d.path,
            d.sha256,
            d.kind.value,
            d.pages,
            "yes" if d.ocr else "no",
            d.status.value,
            d.reason,
            d.patients,
            format_categories(d.categories),
            d.wave,
            d.first_wave,
        )
        for d in sorted(documents, key=lambda d: d.path)
    )
    return _write(case_dir / DOCUMENTS, DOCUMENTS_COLUMNS, rows)


def write_test_records(case_dir: Path, records: Sequence[SeenTestRecord]) -> Path:
    """``test_records.csv``: the registry's test records the leak names, never notified.

    Beside ``affected.csv``, not in it: the hospital sees that its test patients leaked
    (and why each was taken for one) without a letter being written to nobody.
    """
    rows = (
        (r.patient_id, r.reason, len(r.documents))
        for r in sorted(records, key=lambda r: r.patient_id)
    )
    return _write(case_dir / TEST_RECORDS, TEST_RECORDS_COLUMNS, rows)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    return write_output_csv(path.parent, path, header, rows)
