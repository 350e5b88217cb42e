"""``evaluate_case`` at the edges: empty sides, missing or malformed files, tolerant truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leakmap.errors import CaseError, LeakmapError
from leakmap.evaluate import TruthError, evaluate_case

AFFECTED_HEADER = "patient_id,decision,confidence,severity,categories,documents\n"
UNREGISTERED_HEADER = "family_name,given_names,birth_date,categories,documents\n"
DOCUMENTS_HEADER = "path,sha256,kind,pages,ocr,status,reason,patients,categories\n"
TWO_PATIENTS = {
    "patients": {
        "P1": {"categories": ["name"], "files": ["a.pdf"], "ambiguous": False},
        "P2": {"categories": ["name", "health"], "files": ["a.pdf"], "ambiguous": True},
    },
    "unregistered": [],
    "files": {"a.pdf": {"kind": "pdf", "patients": ["P1", "P2"], "categories": ["name"]}},
}


def make_case(
    tmp_path: Path,
    affected: str = "",
    *,
    truth: object = TWO_PATIENTS,
    unregistered: str | None = "",
    documents: str | None = "",
) -> tuple[Path, Path]:
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "affected.csv").write_text(AFFECTED_HEADER + affected, encoding="utf-8")
    if unregistered is not None:
        (case_dir / "unregistered.csv").write_text(UNREGISTERED_HEADER + unregistered, "utf-8")
    if documents is not None:
        (case_dir / "documents.csv").write_text(DOCUMENTS_HEADER + documents, encoding="utf-8")
    truth_path = tmp_path / "truth.json"
    truth_path.write_text(json.dumps(truth), encoding="utf-8")
    return case_dir, truth_path


def test_evaluate_empty_affected_has_vacuous_precision(tmp_path: Path) -> None:
    evaluation = evaluate_case(*make_case(tmp_path))
    notify = evaluation.attribution.notify
    assert (notify.true_positives, notify.false_positives, notify.false_negatives) == (0, 0, 2)
    assert (notify.precision, notify.recall, notify.f1) == (1.0, 0.0, 0.0)
    assert evaluation.attribution.notify_or_review.recall == 0.0
    assert evaluation.attribution.review_rate == 0.0
    assert evaluation.attribution.ambiguous.missing == 1
    assert evaluation.categories.patients_compared == 0
    assert evaluation.categories.per_category == ()
    calibration = evaluation.calibration
    assert calibration.rows == 0
    assert calibration.expected_calibration_error is None
    assert calibration.brier_score is None
    assert all(b.rows == 0 and b.share_true is None for b in calibration.bins)


def test_evaluate_zero_truth_patients(tmp_path: Path) -> None:
    truth = {"generator": "other/2", "patients": {}, "unregistered": [], "files": {}}
    affected = "P1,notify,0.9900,high,name,1\nP2,review,0.5000,low,name,1\n"
    evaluation = evaluate_case(*make_case(tmp_path, affected, truth=truth))
    score = evaluation.attribution
    assert (score.truth_exposed, score.notify_rows, score.review_rows) == (0, 1, 1)
    assert (score.notify.precision, score.notify.recall, score.notify.f1) == (0.0, 1.0, 0.0)
    assert score.notify_or_review.false_positives == 2
    assert score.review_rate is None
    assert evaluation.calibration.brier_score == pytest.approx((0.99**2 + 0.5**2) / 2)
    assert evaluation.documents.coverage == 1.0
    assert evaluation.seed is None


def test_evaluate_both_empty_is_perfect(tmp_path: Path) -> None:
    truth: dict[str, object] = {"patients": {}}
    evaluation = evaluate_case(*make_case(tmp_path, truth=truth))
    notify = evaluation.attribution.notify
    assert (notify.precision, notify.recall, notify.f1) == (1.0, 1.0, 1.0)
    assert evaluation.generator == "unknown"
    assert evaluation.unregistered.agreement.f1 == 1.0


def test_evaluate_patient_in_both_decisions_counts_as_notify(tmp_path: Path) -> None:
    affected = "P1,notify,0.9900,high,name,1\nP1,review,0.6000,low,name;health,1\n"
    evaluation = evaluate_case(*make_case(tmp_path, affected))
    assert (evaluation.attribution.notify_rows, evaluation.attribution.review_rows) == (1, 0)
    assert evaluation.categories.overall.false_positives == 1  # union: P1 health
    assert evaluation.calibration.rows == 2


def test_evaluate_missing_optional_outputs_read_as_empty(tmp_path: Path) -> None:
    case = make_case(tmp_path, unregistered=None, documents=None)
    evaluation = evaluate_case(*case)
    assert evaluation.missing_outputs == ("unregistered.csv", "documents.csv")
    assert evaluation.documents.covered == 0
    assert evaluation.documents.coverage == 0.0


def test_evaluate_without_affected_is_a_case_error(tmp_path: Path) -> None:
    case_dir, truth = make_case(tmp_path)
    (case_dir / "affected.csv").unlink()
    with pytest.raises(CaseError, match="no affected.csv"):
        evaluate_case(case_dir, truth)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("P1,notify,high,high,name,1\n", "affected.csv row 3: could not convert"),
        ("P1,notify,1.5,high,name,1\n", "affected.csv row 3: confidence is not between 0 and 1"),
        ("P1,maybe,0.5,high,name,1\n", "affected.csv row 3: 'maybe' is not a valid Decision"),
        (",notify,0.5,high,name,1\n", "affected.csv row 3: empty patient_id"),
    ],
)
def test_evaluate_malformed_affected_row_names_the_row(
    tmp_path: Path, row: str, message: str
) -> None:
    case = make_case(tmp_path, "P2,review,0.5,low,name,1\n" + row)
    with pytest.raises(CaseError) as raised:
        evaluate_case(*case)
    assert str(raised.value).startswith(message)


def test_evaluate_missing_column_is_named(tmp_path: Path) -> None:
    case_dir, truth = make_case(tmp_path)
    (case_dir / "documents.csv").write_text("path,kind\na.pdf,pdf\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"documents.csv: missing column\(s\) status, patients"):
        evaluate_case(case_dir, truth)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read the ground truth"),
        ("[1, 2]", "must be a JSON object"),
        ('{"patients": [1, 2]}', "'patients' must be an object"),
        ('{"patients": {"P1": {"files": "a.pdf"}}}', "expected a list of strings"),
    ],
)
def test_evaluate_bad_truth_is_a_truth_error(tmp_path: Path, content: str, message: str) -> None:
    case_dir, truth = make_case(tmp_path)
    truth.write_text(content, encoding="utf-8")
    with pytest.raises(TruthError, match=message) as raised:
        evaluate_case(case_dir, truth)
    assert isinstance(raised.value, LeakmapError)


def test_evaluate_truth_tolerates_absent_fields_and_extra_keys(tmp_path: Path) -> None:
    truth = {
        "generator": "hidden/1",
        "seed": "7",
        "version": 3,
        "patients": {"P1": {"weight": 1}},
        "unregistered": [{"family_name": "Roux", "given_names": None, "extra": 1}],
        "files": {"a.pdf": {}},
    }
    evaluation = evaluate_case(*make_case(tmp_path, "P1,notify,1.0,high,,1\n", truth=truth))
    assert (evaluation.generator, evaluation.seed) == ("hidden/1", 7)
    assert evaluation.attribution.notify.f1 == 1.0
    assert evaluation.unregistered.by_role[0].role == "unknown"
    assert evaluation.documents.truth_files == 1
