"""The text table, the JSON figures and the ``leakmap evaluate`` command, exact output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import leakmap.evaluate
from leakmap.assess.exposure import Exposure, SeverityScore, UnregisteredPerson
from leakmap.cli import cli
from leakmap.evaluate import evaluate_case, evaluation_as_json, format_evaluation
from leakmap.report.csv_outputs import write_affected, write_documents, write_unregistered
from leakmap.report.rows import DocumentRow
from leakmap.store import Case
from leakmap.vocabulary import Category, Decision, FileKind, ReadStatus, Severity

TRUTH = {
    "generator": "leakmap.synth/1",
    "seed": 3,
    "patients": {"P1": {"categories": ["name", "health"], "files": ["a.pdf"], "ambiguous": False}},
    "unregistered": [
        {"family_name": "Roux", "given_names": "Lina", "birth_date": None, "role": "relative"}
    ],
    "files": {"a.pdf": {"kind": "pdf", "patients": ["P1"], "categories": ["name", "health"]}},
}
EXPECTED = """\
leakmap evaluation of CASE against TRUTH (generator leakmap.synth/1, seed 3)
(a ratio with nothing to divide by reads 1.000: the counts beside it tell)

Patients: affected.csv against 1 truly exposed
                 TP  FP  FN  precision  recall     F1
  notify          1   0   0      1.000   1.000  1.000
  notify+review   1   1   0      0.500   1.000  0.667
  review rows 1 (0 truly exposed), review rate 1.000 per exposed patient
  ambiguous truth patients 0: 0 notify, 0 review, 0 missing (ambiguous homonyms in review 0/0)

Categories: (patient, category) pairs over 1 patients in both affected.csv and the truth
  category  support  predicted  TP  precision  recall     F1
  all             2          1   1      1.000   0.500  0.667
  name            1          1   1      1.000   1.000  1.000
  health          1          0   0      1.000   0.000  0.000

Calibration: confidence of 2 affected rows against the share naming a truly exposed patient
  confidence  rows  true  mean conf  share true
  0.00-0.30      0     0          -           -
  0.30-0.50      1     0      0.400       0.000
  0.50-0.70      0     0          -           -
  0.70-0.90      0     0          -           -
  0.90-0.95      0     0          -           -
  0.95-0.99      0     0          -           -
  0.99-1.00      1     1      1.000       1.000
  expected calibration error 0.200, Brier score 0.080
  bins off (>= 50 rows, mean conf and share true more than 3 points apart): 0

Unregistered people: 1 case rows against 1 in the truth (approximate: normalised names and birth date)
          TP  FP  FN  precision  recall     F1
  people   1   0   0      1.000   1.000  1.000
  role      people  found  recall
  relative       1      1   1.000

Documents: 1 documents.csv rows against 1 truth files, by path
  covered 1 (coverage 1.000), rows not in the truth 0
  status agrees on 1/1 (1.000): unreadable found 0, missed 0, falsely unreadable 0
  patients per file (from counts, an upper bound): recall 1.000, exact count on 1/1 files
                   TP  FP  FN  precision  recall     F1
  file categories   2   0   0      1.000   1.000  1.000"""


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path]:
    case_dir = tmp_path / "case"
    Case.open(case_dir).close()  # a real (empty) case: `evaluate --case` refuses other folders
    (case_dir / "affected.csv").write_text(
        "patient_id,decision,confidence,severity,categories,documents\n"
        "P1,notify,1.0000,medium,name,1\nP7,review,0.4000,low,name,1\n",
        encoding="utf-8",
    )
    (case_dir / "unregistered.csv").write_text(
        "family_name,given_names,birth_date,categories,documents\nROUX,Lina,2030-01-01,name,1\n",
        encoding="utf-8",
    )
    (case_dir / "documents.csv").write_text(
        "path,sha256,kind,pages,ocr,status,reason,patients,categories\n"
        "a.pdf,00,pdf,1,no,read,,1,name;health\n",
        encoding="utf-8",
    )
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH), encoding="utf-8")
    return case_dir, truth


def test_format_evaluation_exact_output(case: tuple[Path, Path]) -> None:
    case_dir, truth = case
    text = format_evaluation(evaluate_case(case_dir, truth))
    assert text.replace(str(case_dir), "CASE").replace(str(truth), "TRUTH") == EXPECTED


def test_format_evaluation_names_no_person(case: tuple[Path, Path]) -> None:
    text = format_evaluation(evaluate_case(*case))
    assert "Roux" not in text
    assert "ROUX" not in text
    assert "Lina" not in text


def test_evaluation_as_json_is_strict_json(case: tuple[Path, Path]) -> None:
    figures = evaluation_as_json(evaluate_case(*case))
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures
    assert figures["schema"] == "leakmap.evaluation/1"
    assert figures["attribution"]["notify"]["f1"] == 1.0
    assert figures["attribution"]["notify_or_review"]["false_positives"] == 1
    assert figures["categories"]["per_category"][1] == {
        "category": "health",
        "agreement": {
            "true_positives": 0,
            "false_positives": 0,
            "false_negatives": 1,
            "precision": 1.0,
            "recall": 0.0,
            "f1": 0.0,
        },
    }
    assert figures["calibration"]["bins"][0]["share_true"] is None
    assert figures["calibration"]["brier_score"] == pytest.approx(0.08)
    assert figures["unregistered"]["by_role"] == [
        {"role": "relative", "people": 1, "found": 1, "recall": 1.0}
    ]
    assert figures["missing_outputs"] == []


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_evaluate_command_prints_table_and_json(case: tuple[Path, Path]) -> None:
    case_dir, truth = case
    args = ["evaluate", "--truth", str(truth), "--case", str(case_dir)]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "notify          1   0   0      1.000   1.000  1.000" in table.output
    as_json = CliRunner().invoke(cli, [*args, "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["documents"]["coverage"] == 1.0  # steps on stderr only
    assert "evaluate: scoring" in as_json.stderr


def test_evaluate_public_api() -> None:
    assert leakmap.evaluate.__all__ == [
        "Evaluation",
        "TruthError",
        "evaluate_case",
        "evaluation_as_json",
        "format_evaluation",
    ]


def test_evaluate_reads_what_the_report_stage_writes(tmp_path: Path) -> None:
    """The contract files as ``report`` writes them, read back and scored."""
    severity = SeverityScore(dpc=1.0, ei=1.0, cb=0.0, score=1.0, severity=Severity.LOW, reasons=())
    exposure = Exposure(
        patient_id="P1",
        decision=Decision.NOTIFY,
        confidence=0.97,
        severity=severity,
        categories=frozenset({Category.NAME, Category.HEALTH}),
        documents=("a.pdf",),
        mention_keys=(),
    )
    person = UnregisteredPerson(
        "Roux", "Lina", date(2030, 1, 1), frozenset({Category.NAME}), ("a.pdf",), ()
    )
    document = DocumentRow(
        "a.pdf", "00", FileKind.PDF, 1, False, ReadStatus.READ, "", 1,
        frozenset({Category.NAME, Category.HEALTH}),
    )  # fmt: skip
    write_affected(tmp_path, [exposure])
    write_unregistered(tmp_path, [person])
    write_documents(tmp_path, [document])
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH), encoding="utf-8")
    evaluation = evaluate_case(tmp_path, truth)
    assert evaluation.attribution.notify.f1 == 1.0
    assert evaluation.categories.overall.f1 == 1.0
    assert evaluation.calibration.bins[5].rows == 1
    assert evaluation.unregistered.agreement.f1 == 1.0
    assert evaluation.documents.categories.f1 == 1.0
