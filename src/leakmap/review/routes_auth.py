"""Logging in and out.

The login form is protected like every other form: its POST must come from the app's own
origin and carry a token that matches a cookie set with the form (double submit), so
another site cannot log a reviewer's browser into an account of its choosing. A new
session token is issued at every login (no session fixation). Attempts are throttled
per account name and per client address, and the Argon2 check runs in a worker thread
(``review.login_throttle``); only the database reads and writes stay on the event loop,
whose thread owns the SQLCipher connection.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from leakmap.i18n import N_, gettext
from leakmap.review.login_throttle import LoginRefusal, LoginThrottle, PasswordChecks
from leakmap.review.pages import render
from leakmap.review.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    case_of,
    checked_form,
    is_same_origin,
    new_token,
    safe_next,
    set_cookie,
    tokens_match,
)
from leakmap.store.users import (
    end_session,
    has_active_accounts,
    save_rehashed_password,
    session_of,
    start_session,
    stored_password_hash,
)

#: What the login page says (English msgids, said in the reviewer's language at each request).
_BUSY = N_("The server is busy checking other logins; try again in a few seconds.")

#: Said when every account was removed or disabled while the workbench runs.
_NO_ACCOUNT = N_(
    "No account can log in to this case: on the machine that holds it, run "
    "`leakmap user add CASE NAME` (or `leakmap user enable CASE NAME`), then log in."
)
#: Said only after the right password, so it tells a guesser nothing about names.
_DISABLED = N_("This account is disabled; ask whoever runs the case to run `leakmap user enable`.")

router = APIRouter()


@router.get("/login", name="login_page")
async def login_page(
    request: Request, next_page: Annotated[str, Query(alias="next", max_length=2048)] = "/queue"
) -> Response:
    """The login form (or straight on, when already logged in)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    minutes = request.app.state.session_minutes
    if token and session_of(case_of(request), token, minutes=minutes) is not None:
        return RedirectResponse(safe_next(next_page), status_code=303)
    if not has_active_accounts(case_of(request)):
        return _login_form(
            request, next_page=safe_next(next_page), error=gettext(_NO_ACCOUNT), status_code=200
        )
    return _login_form(request, next_page=safe_next(next_page), error="")


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=2048)] = "/queue",
) -> Response:
    """Check the password; on success open a session and go on to ``next``."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not is_same_origin(request) or not tokens_match(csrf_token, expected):
        raise HTTPException(403, gettext("cross-site request refused"))
    throttle: LoginThrottle = request.app.state.login_throttle
    checks: PasswordChecks = request.app.state.password_checks
    address = request.client.host if request.client else "unknown"
    if checks.is_full:
        busy = gettext(_BUSY)
        return _login_form(request, next_page=safe_next(next_page), error=busy, status_code=503)
    refusal = throttle.admit(name, address)
    if refusal is not None:
        return _refused(request, refusal, next_page=safe_next(next_page))
    stored, reviewer = stored_password_hash(case_of(request), name)
    check = await checks.check(stored, password)
    if reviewer is None or not check.matches:
        wrong = gettext("Wrong name or password.")
        return _login_form(request, next_page=safe_next(next_page), error=wrong)
    if not reviewer.is_active:
        return _login_form(
            request, next_page=safe_next(next_page), error=gettext(_DISABLED), status_code=403
        )
    throttle.succeeded(name, address)
    save_rehashed_password(case_of(request), name, check)
    token, _ = start_session(case_of(request), reviewer, minutes=request.app.state.session_minutes)
    response = RedirectResponse(safe_next(next_page), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(
    request: Request,
    _: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """End the session."""
    end_session(case_of(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _refused(request: Request, refusal: LoginRefusal, *, next_page: str) -> Response:
    """429 with Retry-After: the wait or the lockout, said alike for any account name."""
    response = _login_form(request, next_page=next_page, error=refusal.message, status_code=429)
    response.headers["Retry-After"] = str(refusal.retry_after_s)
    return response


def _login_form(
    request: Request, *, next_page: str, error: str, status_code: int | None = None
) -> Response:
    token = new_token()
    response = render(
        request,
        "login.html",
        None,
        {"login_token": token, "next": next_page, "error": error},
        status_code=status_code or (401 if error else 200),
    )
    set_cookie(response, request, LOGIN_CSRF_COOKIE, token)
    return response
