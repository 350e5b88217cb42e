"""``evaluate_case``: score a finished case against the generator's ground truth.

Reads only the contract outputs of the case and ``truth.json``, then asks five
independent questions, one module each: were the right patients named (``attribution``),
with the right categories (``categories``), is ``confidence`` honest (``calibration``),
were the unregistered people found (``unregistered``), were all files accounted for
(``documents``). Ratios with an empty denominator are 1.0 (see ``ratios``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from leakmap.evaluate.attribution import AttributionScore, score_attribution
from leakmap.evaluate.calibration import Calibration, score_calibration
from leakmap.evaluate.case_rows import read_case_outputs
from leakmap.evaluate.categories import CategoryScore, score_categories
from leakmap.evaluate.documents import DocumentScore, score_documents
from leakmap.evaluate.truth import read_truth
from leakmap.evaluate.unregistered import UnregisteredScore, score_unregistered
from leakmap.i18n import _


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every figure of one case against one truth; ``missing_outputs`` lists absent files."""

    case_dir: str
    truth_path: str
    generator: str
    seed: int | None
    attribution: AttributionScore
    categories: CategoryScore
    calibration: Calibration
    unregistered: UnregisteredScore
    documents: DocumentScore
    missing_outputs: tuple[str, ...]
    #: Registry test records the truth lists, and those of them in affected.csv (notify
    #: or review): must be 0.
    test_records: int = 0
    test_records_notified: int = 0


def evaluate_case(
    case_dir: Path, truth_path: Path, *, progress: Callable[[str], None] = lambda _: None
) -> Evaluation:
    """Score ``case_dir`` against ``truth_path``; ``progress`` hears each step's name.

    Raises ``CaseError`` when ``affected.csv`` is absent or a contract file is malformed,
    and ``TruthError`` when ``truth.json`` cannot be read; both name file and row only.
    """
    progress(_("evaluate: reading the ground truth {name}").format(name=truth_path.name))
    truth = read_truth(truth_path)
    progress(_("evaluate: reading the case's outputs"))
    case = read_case_outputs(case_dir)
    progress(_("evaluate: scoring"))
    return Evaluation(
        case_dir=str(case_dir),
        truth_path=str(truth_path),
        generator=truth.generator,
        seed=truth.seed,
        attribution=score_attribution(case.affected, truth.patients),
        categories=score_categories(case.affected, truth.patients),
        calibration=score_calibration(case.affected, set(truth.patients)),
        unregistered=score_unregistered(case.unregistered, truth.unregistered),
        documents=score_documents(case.documents, truth.files),
        missing_outputs=case.missing,
        test_records=len(truth.test_records),
        test_records_notified=sum(row.patient_id in truth.test_records for row in case.affected),
    )
