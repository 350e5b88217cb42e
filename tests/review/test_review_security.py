"""The workbench's access rules: no page without login, no cross-site post, roles, headers."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from review_client import BASE, PASSWORD, csrf_token

from leakmap.review.security import SECURITY_HEADERS, SESSION_COOKIE

#: Public: the login form, and the language switch the login page offers (a cookie only).
_PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/language/{language}")}


def _routes(client: TestClient, key: str) -> list[tuple[str, str]]:
    """(method, concrete path) of every route the app declares, public ones left out."""
    values = {"key": key, "round_id": "1", "position": "1", "language": "en", "mention_key": key}
    found = []
    for route in _api_routes(client.app.routes):  # type: ignore[attr-defined]
        path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], route.path)
        found += [(m, path) for m in sorted(route.methods) if (m, route.path) not in _PUBLIC]
    return found


def _api_routes(routes: list[object]) -> list[APIRoute]:
    """Every APIRoute, through included routers (wrapped by recent FastAPI versions)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _api_routes(route.original_router.routes)
    return found


def _a_key(client: TestClient, log_in_as: object) -> str:
    log_in_as("alice")  # type: ignore[operator]
    key = re.search(r'href="/items/([^"?]+)"', client.get("/queue").text).group(1)  # type: ignore[union-attr]
    client.cookies.clear()
    return key


def test_review_security_every_route_refuses_anonymous_requests(
    client: TestClient, logged_in: object
) -> None:
    routes = _routes(client, _a_key(client, logged_in))
    assert len(routes) >= 12, routes
    for method, path in routes:
        response = client.request(
            method, path, headers={"Origin": BASE}, data={"action": "confirm"}
        )
        if method == "GET":
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next="), (method, path)
        else:
            assert response.status_code == 401, (method, path)
        assert "PETITJEAN" not in response.text and "10000006" not in response.text


def test_review_security_forged_cookie_is_anonymous(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "forged-token")
    assert client.get("/queue").status_code == 303


def test_review_security_no_api_docs(client: TestClient, logged_in: object) -> None:
    logged_in("alice")  # type: ignore[operator]
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("headers", "token"),
    [
        ({"Origin": "http://evil.example"}, "valid"),
        ({"Origin": "null"}, "valid"),
        ({"Referer": "http://evil.example/page"}, "valid"),
        ({}, "valid"),
        ({"Origin": BASE}, "wrong"),
        ({"Origin": BASE}, ""),
    ],
    ids=["foreign-origin", "null-origin", "foreign-referer", "no-origin", "bad-token", "no-token"],
)
def test_review_security_cross_site_posts_are_refused(
    client: TestClient, logged_in: object, headers: dict[str, str], token: str
) -> None:
    valid = logged_in("alice")  # type: ignore[operator]
    key = re.search(r'href="/items/([^"?]+)"', client.get("/queue").text).group(1)  # type: ignore[union-attr]
    form = {"action": "unregistered", "csrf_token": valid if token == "valid" else token}
    response = client.post(f"/items/{key}/decide", data=form, headers=headers)
    assert response.status_code == 403
    assert "decided" not in client.get(f"/items/{key}").text


def test_review_security_same_origin_referer_is_accepted(
    client: TestClient, logged_in: object
) -> None:
    token = logged_in("alice")  # type: ignore[operator]
    response = client.post(
        "/sampling/rounds", data={"size": "1", "csrf_token": token}, headers={"Referer": BASE + "/"}
    )
    assert response.status_code == 303


def test_review_security_login_refuses_a_cross_site_form(client: TestClient) -> None:
    token = csrf_token(client.get("/login").text)
    form = {"name": "alice", "password": PASSWORD, "csrf_token": token}
    assert (
        client.post("/login", data=form, headers={"Origin": "http://evil.example"}).status_code
        == 403
    )
    client.cookies.clear()  # the attacker's page has no login cookie: double submit fails
    assert client.post("/login", data=form, headers={"Origin": BASE}).status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_review_security_wrong_password_is_refused_without_saying_why(client: TestClient) -> None:
    for name in ("alice", "nobody"):
        token = csrf_token(client.get("/login").text)
        response = client.post(
            "/login",
            data={"name": name, "password": "not the password", "csrf_token": token},
            headers={"Origin": BASE},
        )
        assert response.status_code == 401
        assert "Wrong name or password." in response.text
        assert SESSION_COOKIE not in client.cookies


def test_review_security_read_only_can_look_but_not_decide(
    client: TestClient, logged_in: object
) -> None:
    token = logged_in("rita")  # type: ignore[operator]
    queue = client.get("/queue")
    key = re.search(r'href="/items/([^"?]+)"', queue.text).group(1)  # type: ignore[union-attr]
    item = client.get(f"/items/{key}")
    assert item.status_code == 200 and "/decide" not in item.text
    posts = [
        (f"/items/{key}/decide", {"action": "unregistered"}),
        ("/sampling/rounds", {"size": "2"}),
        ("/sampling/rounds/1/1", {"answer": "correct"}),
    ]
    for path, form in posts:
        response = client.post(path, data={**form, "csrf_token": token}, headers={"Origin": BASE})
        assert response.status_code == 403, path
    assert "read-only" in client.get("/sampling").text


def test_review_security_headers_on_every_response(client: TestClient, logged_in: object) -> None:
    responses = [client.get("/login"), client.get("/queue")]
    logged_in("alice")  # type: ignore[operator]
    responses += [client.get("/queue"), client.get("/dashboard"), client.get("/items/0:0")]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_review_security_session_cookie_is_http_only_and_strict(client: TestClient) -> None:
    token = csrf_token(client.get("/login").text)
    response = client.post(
        "/login",
        data={"name": "alice", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": BASE},
    )
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie


def test_review_security_logout_ends_the_session(client: TestClient, logged_in: object) -> None:
    token = logged_in("alice")  # type: ignore[operator]
    stolen = client.cookies[SESSION_COOKIE]
    assert (
        client.post("/logout", data={"csrf_token": token}, headers={"Origin": BASE}).status_code
        == 303
    )
    client.cookies.set(SESSION_COOKIE, stolen)
    assert client.get("/queue").status_code == 303


def test_review_security_only_loopback_host_names(client: TestClient) -> None:
    response = client.get("/login", headers={"Host": "attacker.example:8765"})
    assert response.status_code == 400


def test_review_security_login_goes_back_to_a_local_page_only(client: TestClient) -> None:
    token = csrf_token(client.get("/login").text)
    form = {"name": "alice", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
    response = client.post("/login", data=form, headers={"Origin": BASE})
    assert response.headers["location"] == "/queue"
