"""Fixtures of the review tests: a built case with accounts, and logged-in clients.

The case (and its Argon2-hashed accounts) is built once per session and copied for each
test, so every test gets a fresh case without paying for hashing again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_case import ReviewCase, build_review_case
from review_client import ACCOUNTS, BASE, PASSWORD, log_in

from leakmap.review.app import create_app
from leakmap.store import Case
from leakmap.store.users import add_user


@pytest.fixture(scope="session")
def review_case_template(tmp_path_factory: pytest.TempPathFactory) -> ReviewCase:
    """The fictitious review case with three accounts, built once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "LEAKMAP_KEY", "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
        )
        built = build_review_case(tmp_path_factory.mktemp("review-template"))
        with Case.open(built.case_dir) as case:
            for name, role in ACCOUNTS.items():
                add_user(case, name, PASSWORD, role=role)
    return built


@pytest.fixture
def review_case(review_case_template: ReviewCase, tmp_path: Path) -> ReviewCase:
    """A fresh copy of the review case for one test; the dump (read only) is shared."""
    case_dir = tmp_path / "case"
    shutil.copytree(review_case_template.case_dir, case_dir)
    return replace(review_case_template, case_dir=case_dir)


@pytest.fixture
def client(review_case: ReviewCase) -> Iterator[TestClient]:
    """An anonymous client of the app over the review case (the app holds the case).

    In English, as the tests' assertions are; tests/review/test_review_language.py checks
    the French the workbench speaks by default.
    """
    app = create_app(review_case.case_dir, language="en")
    with TestClient(app, base_url=BASE, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def logged_in(client: TestClient) -> Callable[[str], str]:
    """Log the client in as the named account; returns the CSRF token."""
    return lambda name: log_in(client, name)
