"""Driving the review app in tests: the base URL, the accounts' password, logging in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from leakmap.store.users import ReviewerRole

BASE = "http://127.0.0.1"
PASSWORD = "correct horse battery"
ACCOUNTS = {
    "alice": ReviewerRole.REVIEWER,
    "bob": ReviewerRole.REVIEWER,
    "rita": ReviewerRole.READ_ONLY,
}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in as ``name`` (anyone logged in before is forgotten); the CSRF token."""
    client.cookies.clear()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_token(page.text)},
        headers={"Origin": BASE},
    )
    assert response.status_code == 303, response.text
    return csrf_token(client.get("/queue").text)
