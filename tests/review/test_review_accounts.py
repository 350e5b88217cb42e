"""Accounts over their life: the no-account hint, remove, passwd, disable and enable.

Each command runs through the real CLI (``CliRunner`` or a subprocess) on a real case;
the login is then tried through the app itself.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE, PASSWORD, csrf_token, log_in

from leakmap.review.commands import user
from leakmap.store import Case
from leakmap.store.reviews import load_attributions_to_review, load_audit_log
from leakmap.store.users import AccountError, AccountStatus, list_users

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

NEW_PASSWORD = "a different long passphrase"


def test_review_accounts_review_without_an_account_says_how_to_add_one(
    review_case: ReviewCase,
) -> None:
    case_dir = str(review_case.case_dir)
    for name in ("alice", "bob", "rita"):
        assert CliRunner().invoke(user, ["remove", case_dir, name]).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "leakmap", "review", case_dir, "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"leakmap user add {case_dir} NAME" in done.stderr


def test_review_accounts_login_page_says_how_to_add_one_when_none_can_log_in(
    review_case: ReviewCase, client: TestClient
) -> None:
    assert "leakmap user add" not in client.get("/login").text
    for name in ("alice", "bob"):
        CliRunner().invoke(user, ["remove", str(review_case.case_dir), name])
    CliRunner().invoke(user, ["disable", str(review_case.case_dir), "rita"])
    page = client.get("/login")
    assert page.status_code == 200 and "leakmap user add CASE NAME" in page.text


def test_review_accounts_remove_refuses_the_login_and_keeps_the_audit_trail(
    review_case: ReviewCase, client: TestClient
) -> None:
    _decide_one(client, "alice")
    result = CliRunner().invoke(user, ["remove", str(review_case.case_dir), "alice"])
    assert result.exit_code == 0, result.output
    assert _login_status(client, "alice", PASSWORD) == 401
    assert client.get("/queue", follow_redirects=False).status_code == 303  # session ended
    with Case.open(review_case.case_dir, writer=False) as case:
        assert [line.reviewer for line in load_audit_log(case)] == ["alice"]
        statuses = {u.name: u.status for u in list_users(case)}
    assert statuses["alice"] is AccountStatus.REMOVED
    again = CliRunner().invoke(
        user, ["add", str(review_case.case_dir), "alice", "--password-stdin"], input=PASSWORD
    )
    assert isinstance(again.exception, AccountError) and "was removed" in str(again.exception)


def test_review_accounts_passwd_replaces_the_password(
    review_case: ReviewCase, client: TestClient
) -> None:
    argv = ["passwd", str(review_case.case_dir), "bob", "--password-stdin"]
    short = CliRunner().invoke(user, argv, input="short\n")
    assert isinstance(short.exception, AccountError)
    result = CliRunner().invoke(user, argv, input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert _login_status(client, "bob", PASSWORD) == 401
    assert _login_status(client, "bob", NEW_PASSWORD) == 303
    missing = CliRunner().invoke(user, ["passwd", str(review_case.case_dir), "zoe"], input="")
    assert isinstance(missing.exception, AccountError)


def test_review_accounts_disable_refuses_the_login_until_enabled(
    review_case: ReviewCase, client: TestClient
) -> None:
    log_in(client, "alice")
    case_dir = str(review_case.case_dir)
    assert CliRunner().invoke(user, ["disable", case_dir, "alice"]).exit_code == 0
    assert client.get("/queue", follow_redirects=False).status_code == 303  # session ended
    client.cookies.clear()
    page = client.get("/login")
    refused = client.post(
        "/login",
        data={"name": "alice", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
        headers={"Origin": BASE},
    )
    assert refused.status_code == 403 and "disabled" in refused.text
    listed = CliRunner().invoke(user, ["list", case_dir])
    assert "alice\treviewer" in listed.output and "\tdisabled" in listed.output
    assert CliRunner().invoke(user, ["enable", case_dir, "alice"]).exit_code == 0
    assert _login_status(client, "alice", PASSWORD) == 303


def _login_status(client: TestClient, name: str, password: str) -> int:
    client.cookies.clear()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_token(page.text)},
        headers={"Origin": BASE},
    )
    return response.status_code


def _decide_one(client: TestClient, name: str) -> None:
    token = log_in(client, name)
    with Case.open(client.app.state.case.directory, writer=False) as case:  # type: ignore[attr-defined]
        key = load_attributions_to_review(case)[0].mention.key
    decided = client.post(
        f"/items/{key}/decide",
        data={"action": "unregistered", "csrf_token": token},
        headers={"Origin": BASE},
    )
    assert decided.status_code == 303
