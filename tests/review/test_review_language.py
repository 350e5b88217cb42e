"""The workbench speaks the reviewer's language: French by default, English on request.

The app runs over a real case (``create_app`` without a language, as ``leakmap review``
starts it); the switch link sets a cookie the next pages follow; a case whose
``case.toml`` says ``language = "en"`` starts in English; the no-account hint of
``leakmap review`` and of the login page is French by default.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE, log_in

from leakmap.review.app import create_app
from leakmap.review.commands import user
from leakmap.review.language import LANGUAGE_COOKIE


@pytest.fixture
def french_client(review_case: ReviewCase, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client of the app started as ``leakmap review`` starts it: no language given."""
    monkeypatch.delenv("LEAKMAP_LANGUAGE", raising=False)
    with TestClient(create_app(review_case.case_dir), base_url=BASE, follow_redirects=False) as c:
        yield c


def test_review_language_french_by_default_on_every_page(french_client: TestClient) -> None:
    login = french_client.get("/login")
    assert '<html lang="fr">' in login.text
    assert "<h1>Se connecter</h1>" in login.text and "Nom du compte" in login.text
    assert 'href="/language/en?next=/login"' in login.text  # the switch, back to this page
    log_in(french_client, "alice")
    queue = french_client.get("/queue").text
    assert "<h1>File de relecture</h1>" in queue and "Gravité" in queue
    assert "Review queue" not in queue and "Log out" not in queue  # no English left
    dashboard = french_client.get("/dashboard").text
    assert "Patients par catégorie" in dashboard and "éléments tranchés sur" in dashboard


def test_review_language_switch_link_sets_english_for_this_browser(
    french_client: TestClient,
) -> None:
    log_in(french_client, "alice")
    switched = french_client.get("/language/en", params={"next": "/dashboard"})
    assert switched.status_code == 303 and switched.headers["location"] == "/dashboard"
    cookie = switched.headers["set-cookie"]
    assert cookie.startswith(f"{LANGUAGE_COOKIE}=en;")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = french_client.get("/dashboard").text
    assert '<html lang="en">' in page and "<h1>Dashboard</h1>" in page
    assert 'href="/language/fr?next=/dashboard"' in page and ">Français<" in page
    back = french_client.get("/language/fr", params={"next": "/queue"})
    assert back.headers["location"] == "/queue"
    assert "<h1>File de relecture</h1>" in french_client.get("/queue").text


def test_review_language_switch_stays_on_this_site_and_knows_two_languages(
    french_client: TestClient,
) -> None:
    unknown = french_client.get("/language/de")
    assert unknown.status_code == 404 and "Cette langue n&#39;est pas disponible." in unknown.text
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = french_client.get("/language/en", params={"next": target})
        assert response.headers["location"] == "/queue", target
    french_client.cookies.clear()
    french_client.cookies.set(LANGUAGE_COOKIE, "<script>")  # a forged cookie is ignored
    page = french_client.get("/login").text
    assert '<html lang="fr">' in page and "<script>" not in page


def test_review_language_follows_the_case_setting(
    review_case: ReviewCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEAKMAP_LANGUAGE", raising=False)
    (review_case.case_dir / "case.toml").write_text('language = "en"\n', encoding="utf-8")
    with TestClient(create_app(review_case.case_dir), base_url=BASE) as client:
        assert "<h1>Log in</h1>" in client.get("/login").text
    monkeypatch.setenv("LEAKMAP_LANGUAGE", "fr")  # the user's own choice wins over the case's
    with TestClient(create_app(review_case.case_dir), base_url=BASE) as client:
        assert "<h1>Se connecter</h1>" in client.get("/login").text


def test_review_language_no_account_hint_in_french(
    review_case: ReviewCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEAKMAP_LANGUAGE", raising=False)
    case_dir = str(review_case.case_dir)
    for name in ("alice", "bob", "rita"):
        assert CliRunner().invoke(user, ["remove", case_dir, name]).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "leakmap", "review", case_dir, "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr == (
        f"leakmap: {case_dir} : aucun compte de relecteur ne peut se connecter ; créez-en un "
        f"avec `leakmap user add {case_dir} NOM`, puis relancez `leakmap review {case_dir}`\n"
    )
    english = subprocess.run(
        [sys.executable, "-m", "leakmap", "--language", "en", "review", case_dir, "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "no reviewer account can log in; add one with" in english.stderr
    with TestClient(create_app(review_case.case_dir), base_url=BASE) as client:
        login = client.get("/login").text
    assert "Aucun compte ne peut se connecter à ce dossier" in login
