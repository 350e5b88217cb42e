"""``format_evaluation``: the figures of an ``Evaluation`` as a plain-text report.

Counts only, never a name or an identifier value, so the report can be pasted into an
issue or a benchmark log. Ratios print with three decimals; "-" marks an empty bin.
"""

from __future__ import annotations

from collections.abc import Sequence

from leakmap.evaluate.attribution import AttributionScore
from leakmap.evaluate.calibration import MIN_JUDGED_ROWS, TOLERANCE, Calibration
from leakmap.evaluate.categories import CategoryScore
from leakmap.evaluate.documents import DocumentScore
from leakmap.evaluate.ratios import PrecisionRecall
from leakmap.evaluate.score import Evaluation
from leakmap.evaluate.unregistered import UnregisteredScore

_AGREEMENT_HEADER = ("", "TP", "FP", "FN", "precision", "recall", "F1")


def format_evaluation(evaluation: Evaluation) -> str:
    """The whole report: a title, then one section per question, blank line between."""
    seed = "" if evaluation.seed is None else f", seed {evaluation.seed}"
    title = (
        f"leakmap evaluation of {evaluation.case_dir} against {evaluation.truth_path}"
        f" (generator {evaluation.generator}{seed})"
    )
    title += "\n(a ratio with nothing to divide by reads 1.000: the counts beside it tell)"
    if evaluation.test_records:
        title += f"\ntest records notified: {evaluation.test_records_notified} (must be 0)"
    if evaluation.missing_outputs:
        title += f"\nmissing from the case (read as empty): {', '.join(evaluation.missing_outputs)}"
    sections = [
        title,
        _attribution(evaluation.attribution),
        _categories(evaluation.categories),
        _calibration(evaluation.calibration),
        _unregistered(evaluation.unregistered),
        _documents(evaluation.documents),
    ]
    return "\n\n".join(sections)


def _attribution(score: AttributionScore) -> str:
    ambiguous = score.ambiguous
    return "\n".join(
        [
            f"Patients: affected.csv against {score.truth_exposed} truly exposed",
            _table(
                _AGREEMENT_HEADER,
                [
                    _agreement_row("notify", score.notify),
                    _agreement_row("notify+review", score.notify_or_review),
                ],
            ),
            f"  review rows {score.review_rows} ({score.review_true} truly exposed),"
            f" review rate {_optional(score.review_rate)} per exposed patient",
            f"  ambiguous truth patients {ambiguous.total}: {ambiguous.notify} notify,"
            f" {ambiguous.review} review, {ambiguous.missing} missing"
            f" (ambiguous homonyms in review {ambiguous.review}/{ambiguous.total})",
        ]
    )


def _categories(score: CategoryScore) -> str:
    rows = [_category_row("all", score.overall)]
    rows += [_category_row(line.category, line.agreement) for line in score.per_category]
    return "\n".join(
        [
            f"Categories: (patient, category) pairs over {score.patients_compared}"
            " patients in both affected.csv and the truth",
            _table(("category", "support", "predicted", "TP", "precision", "recall", "F1"), rows),
        ]
    )


def _calibration(calibration: Calibration) -> str:
    rows = [
        (
            f"{b.low:.2f}-{b.high:.2f}",
            str(b.rows),
            str(b.true_rows),
            _optional(b.mean_confidence),
            _optional(b.share_true),
            "OFF" if b.is_off else "",
        )
        for b in calibration.bins
    ]
    return "\n".join(
        [
            f"Calibration: confidence of {calibration.rows} affected rows"
            " against the share naming a truly exposed patient",
            _table(("confidence", "rows", "true", "mean conf", "share true", ""), rows),
            f"  expected calibration error {_optional(calibration.expected_calibration_error)},"
            f" Brier score {_optional(calibration.brier_score)}",
            f"  bins off (>= {MIN_JUDGED_ROWS} rows, mean conf and share true more than"
            f" {TOLERANCE * 100:.0f} points apart): {calibration.bins_off}",
        ]
    )


def _unregistered(score: UnregisteredScore) -> str:
    roles = [(r.role, str(r.people), str(r.found), _ratio(r.recall)) for r in score.by_role]
    lines = [
        f"Unregistered people: {score.case_rows} case rows against {score.truth_people}"
        " in the truth (approximate: normalised names and birth date)",
        _table(_AGREEMENT_HEADER, [_agreement_row("people", score.agreement)]),
    ]
    if roles:
        lines.append(_table(("role", "people", "found", "recall"), roles))
    return "\n".join(lines)


def _documents(score: DocumentScore) -> str:
    status = score.status
    return "\n".join(
        [
            f"Documents: {score.case_rows} documents.csv rows against {score.truth_files}"
            " truth files, by path",
            f"  covered {score.covered} (coverage {_ratio(score.coverage)}),"
            f" rows not in the truth {score.rows_not_in_truth}",
            f"  status agrees on {status.agreeing}/{status.compared} ({_ratio(status.agreement)}):"
            f" unreadable found {status.unreadable_found}, missed {status.unreadable_missed},"
            f" falsely unreadable {status.falsely_unreadable}",
            f"  patients per file (from counts, an upper bound): recall"
            f" {_ratio(score.patient_count_recall)}, exact count on"
            f" {score.patient_count_exact}/{score.covered} files",
            _table(_AGREEMENT_HEADER, [_agreement_row("file categories", score.categories)]),
        ]
    )


def _agreement_row(label: str, agreement: PrecisionRecall) -> tuple[str, ...]:
    return (
        label,
        str(agreement.true_positives),
        str(agreement.false_positives),
        str(agreement.false_negatives),
        _ratio(agreement.precision),
        _ratio(agreement.recall),
        _ratio(agreement.f1),
    )


def _category_row(label: str, agreement: PrecisionRecall) -> tuple[str, ...]:
    return (
        label,
        str(agreement.support),
        str(agreement.predicted),
        str(agreement.true_positives),
        _ratio(agreement.precision),
        _ratio(agreement.recall),
        _ratio(agreement.f1),
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell: the first left-aligned, numbers right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def _ratio(value: float) -> str:
    return f"{value:.3f}"


def _optional(value: float | None) -> str:
    return "-" if value is None else _ratio(value)
