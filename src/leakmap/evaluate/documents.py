"""Did the case account for every leaked file, and say truthfully which it could read?

Files are matched on the exact ``path`` string (the contract's ``outer.zip!/inner.pdf``
form), so a path written differently counts as both a missed file and a row not in the
truth. ``partial`` counts as readable: only ``unreadable`` claims the file told nothing.

``documents.csv`` gives only a *count* of patients per file, so per-file patient recall is
approximate: sum over matched files of min(case count, truth count) / sum of truth counts.
It is an upper bound on the real recall (it cannot tell who was counted).
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.evaluate.case_rows import DocumentEntry
from leakmap.evaluate.ratios import PrecisionRecall, ratio
from leakmap.evaluate.truth import TruthFile
from leakmap.vocabulary import ReadStatus


@dataclass(frozen=True, slots=True)
class StatusAgreement:
    """Readable versus unreadable, on files both sides list.

    ``unreadable_found``: truth unreadable, case ``unreadable``; ``unreadable_missed``: truth
    unreadable, case ``read``/``partial``; ``falsely_unreadable``: truth readable, case
    ``unreadable``. ``agreement`` is the share of compared files where both sides agree.
    """

    compared: int
    agreeing: int
    agreement: float
    unreadable_found: int
    unreadable_missed: int
    falsely_unreadable: int


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """File-level figures; ``categories`` compares (path, category) pairs on matched files."""

    truth_files: int
    case_rows: int
    covered: int
    coverage: float
    rows_not_in_truth: int
    status: StatusAgreement
    patient_count_recall: float
    patient_count_exact: int
    categories: PrecisionRecall


def score_documents(
    entries: tuple[DocumentEntry, ...], truth: dict[str, TruthFile]
) -> DocumentScore:
    """Match ``documents.csv`` rows to truth files by path and compare what each says."""
    by_path = {entry.path: entry for entry in entries}
    pairs = [(by_path[path], truth[path]) for path in sorted(truth.keys() & by_path.keys())]
    truth_patients = sum(len(t.patients) for _, t in pairs)
    return DocumentScore(
        truth_files=len(truth),
        case_rows=len(entries),
        covered=len(pairs),
        coverage=ratio(len(pairs), len(truth)),
        rows_not_in_truth=sum(entry.path not in truth for entry in entries),
        status=_status_agreement(pairs),
        patient_count_recall=ratio(
            sum(min(e.patients, len(t.patients)) for e, t in pairs), truth_patients
        ),
        patient_count_exact=sum(e.patients == len(t.patients) for e, t in pairs),
        categories=PrecisionRecall.of_sets(
            {(e.path, c) for e, _ in pairs for c in e.categories},
            {(t.path, c) for _, t in pairs for c in t.categories},
        ),
    )


def _status_agreement(pairs: list[tuple[DocumentEntry, TruthFile]]) -> StatusAgreement:
    said_unreadable = [(e.status is ReadStatus.UNREADABLE, t.is_readable) for e, t in pairs]
    found = sum(said and not readable for said, readable in said_unreadable)
    missed = sum(not said and not readable for said, readable in said_unreadable)
    falsely = sum(said and readable for said, readable in said_unreadable)
    agreeing = len(pairs) - missed - falsely
    return StatusAgreement(
        compared=len(pairs),
        agreeing=agreeing,
        agreement=ratio(agreeing, len(pairs)),
        unreadable_found=found,
        unreadable_missed=missed,
        falsely_unreadable=falsely,
    )
