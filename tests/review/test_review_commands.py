"""The review CLI commands: accounts, and rewriting the report with the decisions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_case import ReviewCase
from review_client import PASSWORD

from leakmap.errors import CaseLocked
from leakmap.link.attribution import Attribution
from leakmap.link.overrides import OverrideAction, apply_review_decision
from leakmap.review.commands import report, review, user
from leakmap.review.reporting import recorded_settings
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.reviews import (
    ReviewDecision,
    ensure_review_tables,
    load_attributions_to_review,
    save_review_decision,
    unreported_decision_count,
)
from leakmap.store.users import AccountError, ReviewerRole, list_users, verify_user

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages


def test_review_commands_user_add_reads_the_password_from_stdin(review_case: ReviewCase) -> None:
    runner = CliRunner()
    result = runner.invoke(
        user, ["add", str(review_case.case_dir), "carol", "--read-only", "--password-stdin"],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "account carol (read_only) added" in result.output
    with Case.open(review_case.case_dir, writer=False) as case:
        carol = verify_user(case, "carol", PASSWORD)
        assert carol is not None and carol.role is ReviewerRole.READ_ONLY
        assert "carol" in [u.name for u in list_users(case)]


def test_review_commands_user_add_prompts_twice(review_case: ReviewCase) -> None:
    runner = CliRunner()
    result = runner.invoke(
        user, ["add", str(review_case.case_dir), "dave"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(user, ["list", str(review_case.case_dir)])
    assert "dave\treviewer" in listed.output


def test_review_commands_user_add_refuses_a_short_password(review_case: ReviewCase) -> None:
    result = CliRunner().invoke(
        user, ["add", str(review_case.case_dir), "erin", "--password-stdin"], input="short\n"
    )
    assert isinstance(result.exception, AccountError)


def test_review_commands_review_has_safe_defaults() -> None:
    options = {p.name: p.default for p in review.params}
    assert options["host"] == "127.0.0.1" and options["session_minutes"] == 30


def test_review_commands_recorded_settings_come_back(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir) as case:
        case.set_meta("settings", ScanSettings(workers=1, ipp_patterns=(r"\d{8}",)).as_record())
        assert recorded_settings(case) == ScanSettings(workers=1, ipp_patterns=(r"\d{8}",))


def test_review_commands_report_applies_the_decisions(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir) as case:
        case.set_meta("settings", ScanSettings(workers=1).as_record())
        ensure_review_tables(case)
        for attribution in load_attributions_to_review(case):
            _confirm_first(case, attribution)
    result = CliRunner().invoke(report, [str(review_case.case_dir)])
    assert result.exit_code == 0, result.output
    assert "4 review decision(s) applied" in result.output
    rows = _affected(review_case.case_dir)
    assert {pid: row["decision"] for pid, row in rows.items()} == {
        pid: "notify" for pid in ("10000001", "10000002", "10000005", "10000006", "10000008",
                                  "10000009", "10000010", "10000012")
    }  # fmt: skip
    assert rows["10000006"]["confidence"] == "1.0000"
    with Case.open(review_case.case_dir, writer=False) as case:
        assert unreported_decision_count(case) == 0


def _confirm_first(case: Case, attribution: Attribution) -> None:
    decision = ReviewDecision(
        attribution.mention.key, OverrideAction.CONFIRM, attribution.candidates[0].patient_id,
        "alice", "2024-06-01T09:00:00+00:00",
    )  # fmt: skip
    after = apply_review_decision(attribution, decision)
    save_review_decision(case, decision, original=attribution, before=attribution, after=after)


def _affected(case_dir: Path) -> dict[str, dict[str, str]]:
    with (case_dir / "affected.csv").open(encoding="utf-8") as handle:
        return {row["patient_id"]: row for row in csv.DictReader(handle)}


def test_review_commands_review_refuses_a_case_in_use(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir):
        result = CliRunner().invoke(review, [str(review_case.case_dir), "--port", "1"])
    assert isinstance(result.exception, CaseLocked)
