"""``leakmap report`` rewrites the letters its decisions change (issue 18 point 1).

After ``notify``, a reviewer's decision must reach the letters without running ``notify``
again by hand: a patient confirmed gets a letter, one ruled out keeps none. The case is
the review tests' real case; ``notify`` and ``report`` run as subprocesses.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from review_case import ReviewCase

from leakmap.link.attribution import Attribution
from leakmap.link.overrides import OverrideAction, apply_review_decision
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.reviews import (
    ReviewDecision,
    ensure_review_tables,
    load_attributions_to_review,
    save_review_decision,
)


def _leakmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
        timeout=120,
    )


def _decide(
    case_dir: Path, items: list[Attribution], action: OverrideAction, when: str
) -> set[str]:
    """The same decision on every item, for its first candidate; return those patients."""
    with Case.open(case_dir) as case:
        return {_save(case, attribution, action, when) for attribution in items}


def _to_review(case_dir: Path) -> list[Attribution]:
    with Case.open(case_dir) as case:
        ensure_review_tables(case)
        return list(load_attributions_to_review(case))


def _save(case: Case, attribution: Attribution, action: OverrideAction, when: str) -> str:
    patient_id = attribution.candidates[0].patient_id
    decision = ReviewDecision(attribution.mention.key, action, patient_id, "alice", when)
    after = apply_review_decision(attribution, decision)
    save_review_decision(case, decision, original=attribution, before=attribution, after=after)
    return patient_id


def _not_sent(case_dir: Path) -> dict[str, str]:
    with (case_dir / "letters" / "not_sent.csv").open(encoding="utf-8", newline="") as handle:
        return {row["person"]: row["reason"] for row in csv.DictReader(handle)}


def test_report_rewrites_the_letters_its_decisions_change(review_case: ReviewCase) -> None:
    case_dir = review_case.case_dir
    with Case.open(case_dir) as case:
        case.set_meta("settings", ScanSettings(workers=1).as_record())
    notified = _leakmap("notify", str(case_dir))
    assert notified.returncode == 0, notified.stderr
    waiting = {p for p, reason in _not_sent(case_dir).items() if reason == "awaiting_review"}
    assert waiting

    items = _to_review(case_dir)
    confirmed = _decide(case_dir, items, OverrideAction.CONFIRM, "2024-06-01T09:00:00+00:00")
    reported = _leakmap("report", str(case_dir))
    assert reported.returncode == 0, reported.stderr
    assert "courriers réécrits selon les décisions" in reported.stdout  # French by default
    letters = case_dir / "letters"
    assert all((letters / f"{pid}.pdf").is_file() for pid in confirmed)
    assert "awaiting_review" not in _not_sent(case_dir).values()

    ruled_out = _decide(case_dir, items, OverrideAction.REJECT, "2024-06-01T10:00:00+00:00")
    assert _leakmap("report", str(case_dir)).returncode == 0
    with (case_dir / "affected.csv").open(encoding="utf-8") as handle:
        still = {row["patient_id"] for row in csv.DictReader(handle) if row["decision"] == "notify"}
    for pid in ruled_out - still:
        assert not (letters / f"{pid}.pdf").exists()
        assert not (case_dir / "complaint_kits" / f"{pid}.pdf").exists()
    assert ruled_out - still  # the check above checked someone
