"""Score a finished case against the ground truth of a fictitious hospital.

Public API::

    evaluate_case(case_dir, truth_path) -> Evaluation
    format_evaluation(evaluation) -> str
    evaluation_as_json(evaluation) -> dict

Errors: ``leakmap.errors.CaseError`` (no or malformed contract output) and
``TruthError`` (``truth.json`` unreadable), both ``LeakmapError``.
"""

from __future__ import annotations

from leakmap.evaluate.json_export import evaluation_as_json
from leakmap.evaluate.score import Evaluation, evaluate_case
from leakmap.evaluate.table import format_evaluation
from leakmap.evaluate.truth import TruthError

__all__ = ["Evaluation", "TruthError", "evaluate_case", "evaluation_as_json", "format_evaluation"]
