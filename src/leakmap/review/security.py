"""Who may see and change what: sessions, roles, CSRF, and the headers of every response.

Every page shows personal data of the case, so the rules are strict and few:

- No page without a live session (server-side, in the case; the cookie holds a random
  token only). Anonymous GETs are sent to the login page, anonymous POSTs get 401.
- Every POST must come from this app: its ``Origin`` (or, failing that, ``Referer``) must
  be the app's own origin, and its form must carry the session's CSRF token. The login
  form, before any session, uses a double-submit cookie instead.
- Only the ``reviewer`` role may decide or answer samples; ``read_only`` gets 403.
- Responses forbid framing, sniffing, caching and scripts from anywhere but the app.

Why ``Referrer-Policy: same-origin`` rather than ``no-referrer``: under ``no-referrer``
Chromium sends ``Origin: null`` with the app's own form posts, which would defeat the
Origin check; ``same-origin`` still sends nothing to any other site.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from leakmap.i18n import gettext
from leakmap.store import Case
from leakmap.store.users import ReviewSession, session_of

SESSION_COOKIE = "leakmap_session"
LOGIN_CSRF_COOKIE = "leakmap_login_csrf"
CSRF_FIELD = "csrf_token"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class LoginRequired(Exception):
    """Raised by ``current_session`` when the request carries no live session."""


async def add_security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: set the security headers on every response, errors included."""
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def login_required_response(request: Request, _: Exception) -> Response:
    """Exception handler for ``LoginRequired``: GETs go to login, anything else is 401."""
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
    return Response(gettext("login required"), status_code=401, media_type="text/plain")


def case_of(request: Request) -> Case:
    """The case the app serves (opened once, at startup)."""
    case: Case = request.app.state.case
    return case


async def current_session(request: Request) -> ReviewSession:
    """Dependency: the live session of the request, or ``LoginRequired``."""
    token = request.cookies.get(SESSION_COOKIE, "")
    session = (
        session_of(case_of(request), token, minutes=request.app.state.session_minutes)
        if token
        else None
    )
    if session is None:
        raise LoginRequired
    return session


async def deciding_session(
    session: ReviewSession = Depends(current_session),  # noqa: B008 - FastAPI dependency
) -> ReviewSession:
    """Dependency: a live session whose role may record decisions, else 403."""
    if not session.reviewer.can_decide:
        raise HTTPException(403, gettext("this account is read-only"))
    return session


async def checked_form(
    request: Request,
    session: ReviewSession = Depends(current_session),  # noqa: B008 - FastAPI dependency
) -> FormData:
    """Dependency: the POSTed form, once its origin and CSRF token are checked (else 403)."""
    form = await request.form()
    if not is_same_origin(request) or not tokens_match(form.get(CSRF_FIELD), session.csrf_token):
        raise HTTPException(403, gettext("cross-site request refused"))
    return form


def is_same_origin(request: Request) -> bool:
    """Whether the request says it comes from a page of this app (Origin, else Referer)."""
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer", "")
    return referer == own or referer.startswith(own + "/")


def tokens_match(given: object, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    return isinstance(given, str) and bool(expected) and hmac.compare_digest(given, expected)


def new_token() -> str:
    """A fresh random token (login CSRF)."""
    return secrets.token_urlsafe(32)


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    """Set a cookie scripts cannot read, never sent by another site's requests."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def safe_next(target: str | None) -> str:
    """Where to go after login: a path of this app only (never another host)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/queue"
