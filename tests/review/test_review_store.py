"""Accounts, sessions, the append-only audit log and final sampling answers, on a real case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3
from review_case import ReviewCase

from leakmap.link.attribution import Attribution
from leakmap.link.overrides import OverrideAction, apply_review_decision
from leakmap.store import Case
from leakmap.store.reviews import (
    ReviewDecision,
    ensure_review_tables,
    load_attributions_to_review,
    load_audit_log,
    load_review_decisions,
    load_review_originals,
    load_sample_draws,
    mark_decisions_reported,
    record_sample_answer,
    record_sampling_round,
    save_review_decision,
    unreported_decision_count,
)
from leakmap.store.users import (
    AccountError,
    ReviewerRole,
    add_user,
    end_session,
    list_users,
    session_of,
    start_session,
    verify_user,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    opened = Case.open(tmp_path / "case")
    ensure_review_tables(opened)
    yield opened
    opened.close()


def test_review_store_accounts_verify_the_password_and_keep_the_role(case: Case) -> None:
    add_user(case, "alice", PASSWORD)
    add_user(case, "rita", PASSWORD, role=ReviewerRole.READ_ONLY)
    assert verify_user(case, "alice", PASSWORD).can_decide
    assert not verify_user(case, "rita", PASSWORD).can_decide
    assert verify_user(case, "alice", PASSWORD + "x") is None
    assert verify_user(case, "nobody", PASSWORD) is None
    assert [u.name for u in list_users(case)] == ["alice", "rita"]
    stored = case.connection.execute("SELECT password_hash FROM reviewers").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("alice", PASSWORD, "exists already"),
        ("bad name", PASSWORD, "account names"),
        ("../x", PASSWORD, "account names"),
        ("carol", "short", "shorter than"),
    ],
)
@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_review_store_refuses_bad_accounts(
    case: Case, name: str, password: str, problem: str
) -> None:
    add_user(case, "alice", PASSWORD)
    with pytest.raises(AccountError, match=problem):
        add_user(case, name, password)


def test_review_store_sessions_expire_without_requests(case: Case) -> None:
    alice = add_user(case, "alice", PASSWORD)
    start = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
    token, session = start_session(case, alice, minutes=30, now=start)
    assert session_of(case, token, minutes=30, now=start + timedelta(minutes=29)) is not None
    # each request pushes the expiry back
    assert session_of(case, token, minutes=30, now=start + timedelta(minutes=58)) is not None
    assert session_of(case, token, minutes=30, now=start + timedelta(minutes=89)) is None
    assert session_of(case, "forged", minutes=30, now=start) is None
    stored = case.connection.execute("SELECT token_hash FROM review_sessions").fetchall()
    assert all(token not in row[0] for row in stored)


def test_review_store_logout_ends_the_session(case: Case) -> None:
    token, _ = start_session(case, add_user(case, "alice", PASSWORD), minutes=30)
    end_session(case, token)
    assert session_of(case, token, minutes=30) is None


def test_review_store_audit_log_is_append_only(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir) as case:
        ensure_review_tables(case)
        attribution = load_attributions_to_review(case)[0]
        decision = ReviewDecision(
            attribution.mention.key, OverrideAction.CONFIRM,
            attribution.candidates[1].patient_id, "alice", "2024-06-01T09:00:00+00:00",
        )  # fmt: skip
        after = apply_review_decision(attribution, decision)
        save_review_decision(case, decision, original=attribution, before=attribution, after=after)
        [entry] = load_audit_log(case)
        assert (entry.reviewer, entry.action, entry.mention_key) == (
            "alice", "confirm", attribution.mention.key,
        )  # fmt: skip
        assert '"decision":"review"' in entry.before and '"decision":"notify"' in entry.after
        for statement in ("UPDATE audit_log SET reviewer = 'mallory'", "DELETE FROM audit_log"):
            with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
                case.connection.execute(statement)
        assert load_review_decisions(case)[attribution.mention.key] == decision
        assert load_review_originals(case)[attribution.mention.key] == attribution
        assert unreported_decision_count(case) == 1
        mark_decisions_reported(case)
        assert unreported_decision_count(case) == 0


def test_review_store_sampling_answers_are_final(case: Case) -> None:
    round_id = record_sampling_round(
        case, seed=7, population=5, draws=[("10000001", "k:0"), ("10000002", "k:1")],
        reviewer="alice",
    )  # fmt: skip
    assert record_sample_answer(case, round_id, 1, correct=True, reviewer="alice")
    assert not record_sample_answer(case, round_id, 1, correct=False, reviewer="bob")
    assert not record_sample_answer(case, round_id, 9, correct=False, reviewer="bob")
    with pytest.raises(sqlcipher3.IntegrityError, match="final"):
        case.connection.execute("UPDATE sampling SET answer = 'incorrect' WHERE position = 1")
    with pytest.raises(sqlcipher3.IntegrityError, match="kept"):
        case.connection.execute("DELETE FROM sampling")
    answers = [(d.position, d.answer, d.reviewer) for d in load_sample_draws(case, round_id)]
    assert answers == [(1, "correct", "alice"), (2, None, None)]


def test_review_store_tables_survive_reopening(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir) as case:
        ensure_review_tables(case)
        add_user(case, "alice2", PASSWORD)
    with Case.open(review_case.case_dir) as case:
        ensure_review_tables(case)
        assert verify_user(case, "alice2", PASSWORD) is not None
        assert isinstance(load_attributions_to_review(case)[0], Attribution)


def test_review_store_a_never_reviewed_case_has_no_decisions(tmp_path: Path) -> None:
    with Case.open(tmp_path / "fresh") as fresh:
        assert load_review_decisions(fresh) == {}
