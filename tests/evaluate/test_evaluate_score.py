"""Every figure of ``evaluate_case`` on a small hand-made case with known answers.

The case and truth below are written by hand; each expected number is worked out in the
comment beside it. All people are fictitious.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from leakmap.evaluate import Evaluation, evaluate_case

TRUTH = {
    "generator": "leakmap.synth/1",
    "seed": 1,
    "extra_top_level_key": {"ignored": True},
    "patients": {
        "P1": {"categories": ["name", "birth_date", "health"], "files": ["a.pdf"], "ambiguous": False},
        "P2": {"categories": ["name", "laboratory"], "files": ["a.pdf", "b.zip!/c.pdf"], "ambiguous": True},
        "P3": {"categories": ["name"], "files": ["b.zip!/c.pdf"], "ambiguous": True, "note": "x"},
        "P4": {"categories": ["name", "oncology", "biometric"], "files": ["d.docx"], "ambiguous": False},
        "P5": {"categories": ["name"], "files": ["e.pdf", "g.pdf"], "ambiguous": True},
    },
    "unregistered": [
        {"family_name": "Lefèvre-Dubois", "given_names": "Zoé", "birth_date": "1950-04-02", "role": "relative", "categories": ["name"], "files": ["a.pdf"]},
        {"family_name": "N'Diaye", "given_names": "Awa", "birth_date": None, "role": "newborn", "categories": ["name"], "files": ["a.pdf"]},
        {"family_name": "Garnier", "given_names": "Paul", "birth_date": "1980-01-01", "role": "staff", "categories": ["name"], "files": ["d.docx"]},
        {"family_name": "Roux", "given_names": "Lina", "birth_date": "2001-09-09", "role": "other_site", "categories": ["name"], "files": ["d.docx"]},
    ],
    "files": {
        "a.pdf": {"kind": "pdf", "patients": ["P1", "P2"], "categories": ["name", "birth_date", "health", "laboratory"], "readable": True, "reason": ""},
        "b.zip!/c.pdf": {"kind": "pdf", "patients": ["P2", "P3"], "categories": ["name", "laboratory"], "readable": True, "reason": ""},
        "d.docx": {"kind": "docx", "patients": ["P4"], "categories": ["name", "oncology"], "readable": True, "reason": ""},
        "e.pdf": {"kind": "pdf", "patients": ["P5"], "categories": ["name"], "readable": False, "reason": "encrypted"},
        "f.pdf": {"kind": "pdf", "patients": [], "categories": [], "readable": False, "reason": "corrupt"},
        "g.pdf": {"kind": "pdf", "patients": ["P5"], "categories": ["name"], "readable": True, "reason": "", "pages": 2},
    },
}  # fmt: skip

AFFECTED = [
    ("patient_id", "decision", "confidence", "severity", "categories", "documents", "extra"),
    ("P1", "notify", "0.9950", "high", "name;birth_date;health", "1", "x"),
    ("P2", "notify", "0.9600", "high", "name;laboratory;phone", "2", "x"),
    ("P3", "review", "0.6000", "low", "name", "1", "x"),
    ("P9", "notify", "0.9200", "medium", "name;health", "1", "x"),
    ("P8", "review", "0.4000", "low", "name", "1", "x"),
    ("P4", "review", "0.7500", "low", "name", "1", "x"),
]
UNREGISTERED = [
    ("family_name", "given_names", "birth_date", "categories", "documents"),
    ("LEFEVRE DUBOIS", "zoe", "1950-04-02", "name", "1"),  # exact after normalising
    ("N\u2019Diaye", "Awa", "2024-01-15", "name", "1"),  # truth has no birth date
    ("Garnier", "Paul", "1980-01-02", "name", "1"),  # date differs: false row, staff missed
    ("Lefèvre-Dubois", "Zoé", "1950-04-02", "name", "1"),  # listed twice: false row
    ("Roux", "Lina", "", "name", "1"),  # case has no birth date
]
DOCUMENTS = [
    ("path", "sha256", "kind", "pages", "ocr", "status", "reason", "patients", "categories"),
    ("a.pdf", "0" * 64, "pdf", "1", "no", "read", "", "2", "name;birth_date;health;laboratory;phone"),
    ("b.zip", "1" * 64, "zip", "0", "no", "read", "", "0", ""),
    ("b.zip!/c.pdf", "2" * 64, "pdf", "2", "yes", "partial", "some_pages_failed", "3", "name;laboratory"),
    ("d.docx", "3" * 64, "docx", "0", "no", "unreadable", "corrupt", "0", ""),
    ("e.pdf", "4" * 64, "pdf", "1", "no", "read", "", "0", ""),
    ("f.pdf", "5" * 64, "pdf", "0", "no", "unreadable", "corrupt", "0", ""),
]  # fmt: skip


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def evaluation(tmp_path: Path) -> Evaluation:
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    write_csv(case_dir / "affected.csv", AFFECTED)
    write_csv(case_dir / "unregistered.csv", UNREGISTERED)
    write_csv(case_dir / "documents.csv", DOCUMENTS)
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH), encoding="utf-8")
    return evaluate_case(case_dir, truth)


def test_evaluate_reads_generator_and_seed(evaluation: Evaluation) -> None:
    assert (evaluation.generator, evaluation.seed) == ("leakmap.synth/1", 1)
    assert evaluation.missing_outputs == ()


def test_evaluate_notify_set(evaluation: Evaluation) -> None:
    # notify {P1, P2, P9} against exposed {P1..P5}
    score = evaluation.attribution
    assert (score.truth_exposed, score.notify_rows, score.review_rows) == (5, 3, 3)
    notify = score.notify
    assert (notify.true_positives, notify.false_positives, notify.false_negatives) == (2, 1, 3)
    assert notify.precision == pytest.approx(2 / 3)
    assert notify.recall == pytest.approx(2 / 5)
    assert notify.f1 == pytest.approx(0.5)


def test_evaluate_notify_or_review_set(evaluation: Evaluation) -> None:
    # notify+review {P1, P2, P9, P3, P8, P4}: 4 exposed, 2 not, P5 missed
    score = evaluation.attribution
    both = score.notify_or_review
    assert (both.true_positives, both.false_positives, both.false_negatives) == (4, 2, 1)
    assert both.precision == pytest.approx(4 / 6)
    assert both.recall == pytest.approx(4 / 5)
    assert both.f1 == pytest.approx(8 / 11)
    assert score.review_rate == pytest.approx(3 / 5)
    assert score.review_true == 2


def test_evaluate_ambiguous_patients(evaluation: Evaluation) -> None:
    # ambiguous P2 notify, P3 review, P5 missing
    ambiguous = evaluation.attribution.ambiguous
    assert (ambiguous.total, ambiguous.notify, ambiguous.review, ambiguous.missing) == (3, 1, 1, 1)


def test_evaluate_categories_overall(evaluation: Evaluation) -> None:
    # patients in both: P1..P4; predicted 8 pairs, true 9 (P4 oncology, biometric missed;
    # P2 phone is extra)
    score = evaluation.categories
    assert score.patients_compared == 4
    overall = score.overall
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (7, 1, 2)
    assert overall.precision == pytest.approx(7 / 8)
    assert overall.recall == pytest.approx(7 / 9)


def test_evaluate_categories_per_category(evaluation: Evaluation) -> None:
    # vocabulary order, then the unknown word; (support, predicted, TP, precision, recall, F1)
    lines = {
        line.category: (
            line.agreement.support,
            line.agreement.predicted,
            line.agreement.true_positives,
            line.agreement.precision,
            line.agreement.recall,
            line.agreement.f1,
        )
        for line in evaluation.categories.per_category
    }
    assert list(lines) == [
        "name", "birth_date", "phone", "health", "laboratory", "oncology", "biometric",
    ]  # fmt: skip
    assert lines["name"] == (4, 4, 4, 1.0, 1.0, 1.0)
    assert lines["birth_date"] == (1, 1, 1, 1.0, 1.0, 1.0)
    assert lines["phone"] == (0, 1, 0, 0.0, 1.0, 0.0)
    assert lines["health"] == (1, 1, 1, 1.0, 1.0, 1.0)
    assert lines["laboratory"] == (1, 1, 1, 1.0, 1.0, 1.0)
    assert lines["oncology"] == (1, 0, 0, 1.0, 0.0, 0.0)
    assert lines["biometric"] == (1, 0, 0, 1.0, 0.0, 0.0)


def test_evaluate_calibration_bins(evaluation: Evaluation) -> None:
    calibration = evaluation.calibration
    table = [(b.low, b.high, b.rows, b.true_rows, b.share_true) for b in calibration.bins]
    assert table == [
        (0.0, 0.3, 0, 0, None),
        (0.3, 0.5, 1, 0, 0.0),  # P8 0.40, not exposed
        (0.5, 0.7, 1, 1, 1.0),  # P3 0.60
        (0.7, 0.9, 1, 1, 1.0),  # P4 0.75
        (0.9, 0.95, 1, 0, 0.0),  # P9 0.92, not exposed
        (0.95, 0.99, 1, 1, 1.0),  # P2 0.96
        (0.99, 1.0, 1, 1, 1.0),  # P1 0.995
    ]
    assert [b.mean_confidence for b in calibration.bins] == [
        None,
        0.4,
        0.6,
        0.75,
        0.92,
        0.96,
        0.995,
    ]
    assert calibration.rows == 6
    # |conf - truth| per row: .005 + .04 + .4 + .92 + .4 + .25 = 2.015
    assert calibration.expected_calibration_error == pytest.approx(2.015 / 6)
    # squared: .000025 + .0016 + .16 + .8464 + .16 + .0625 = 1.230525
    assert calibration.brier_score == pytest.approx(1.230525 / 6)


def test_evaluate_unregistered_people(evaluation: Evaluation) -> None:
    # 5 case rows, 4 truth people, 3 matched (Lefèvre-Dubois exact, N'Diaye and Roux by
    # the birth-date wildcard); Garnier's date differs and the duplicate is a false row.
    score = evaluation.unregistered
    assert (score.case_rows, score.truth_people) == (5, 4)
    agreement = score.agreement
    assert (agreement.true_positives, agreement.false_positives, agreement.false_negatives) == (
        3,
        2,
        1,
    )
    assert agreement.precision == pytest.approx(3 / 5)
    assert agreement.recall == pytest.approx(3 / 4)
    roles = [(r.role, r.people, r.found, r.recall) for r in score.by_role]
    assert roles == [
        ("newborn", 1, 1, 1.0),
        ("other_site", 1, 1, 1.0),
        ("relative", 1, 1, 1.0),
        ("staff", 1, 0, 0.0),
    ]


def test_evaluate_document_coverage(evaluation: Evaluation) -> None:
    # truth a, c, d, e, f, g; case a, b.zip, c, d, e, f: 5 covered, g missing, b.zip extra
    score = evaluation.documents
    assert (score.truth_files, score.case_rows, score.covered) == (6, 6, 5)
    assert score.coverage == pytest.approx(5 / 6)
    assert score.rows_not_in_truth == 1


def test_evaluate_document_status(evaluation: Evaluation) -> None:
    # a read/ok, c partial/ok, d falsely unreadable, e unreadable missed, f unreadable found
    status = evaluation.documents.status
    assert (status.compared, status.agreeing) == (5, 3)
    assert status.agreement == pytest.approx(0.6)
    assert (status.unreadable_found, status.unreadable_missed, status.falsely_unreadable) == (
        1,
        1,
        1,
    )


def test_evaluate_document_patients_and_categories(evaluation: Evaluation) -> None:
    # truth counts a2 c2 d1 e1 f0 = 6; min(case, truth): 2 + 2 + 0 + 0 + 0 = 4
    score = evaluation.documents
    assert score.patient_count_recall == pytest.approx(4 / 6)
    assert score.patient_count_exact == 2  # a (2 = 2) and f (0 = 0)
    # (file, category): predicted a5 + c2 = 7; true a4 c2 d2 e1 = 9; hits 6
    categories = score.categories
    assert (categories.true_positives, categories.false_positives, categories.false_negatives) == (
        6,
        1,
        3,
    )
    assert categories.precision == pytest.approx(6 / 7)
    assert categories.recall == pytest.approx(6 / 9)
