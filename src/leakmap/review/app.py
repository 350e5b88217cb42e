"""The review workbench: a small server-rendered web app over one case.

One process, one case, opened once as a reader: the workbench holds no writer lock while
it waits, so ``leakmap report`` and ``leakmap notify`` run while it is open (the README's
order: review, then report, with the workbench still open). A decision, a sampling
round or answer takes the case's writer lock for the instant of its write
(``Case.writing``); if another writer holds it past a short wait, the reviewer gets a 503
page naming that process, and nothing was saved. Login sessions are the workbench's own
bookkeeping, not case results: they are written under SQLite's own write lock (its busy
timeout), without the case lock, so pages keep working while a report is written.
Every route is ``async`` and runs on the event loop's thread: the SQLCipher
connection belongs to the thread that opened it, and a review team's load is a few
requests a minute, so nothing is gained by a thread pool and a connection per thread.
The one exception is the login's Argon2 check, which touches no database and runs in a
worker thread (``login_throttle``), so guessing clients cannot stall the reviewers' pages.
No API docs are served: every URL needs a session, and none is meant for scripts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from leakmap.errors import CaseLocked
from leakmap.i18n import DEFAULT_LANGUAGE, case_language, chosen_language, gettext
from leakmap.review import language as review_language
from leakmap.review import routes_auth, routes_dashboard, routes_queue, routes_sampling
from leakmap.review.login_throttle import LoginThrottle, PasswordChecks
from leakmap.review.pages import STATIC, render
from leakmap.review.routes_match import router as match_router  # issue 14
from leakmap.review.security import LoginRequired, add_security_headers, login_required_response
from leakmap.store import Case
from leakmap.store.reviews import ensure_review_tables
from leakmap.store.users import ensure_user_tables

#: Host names the app answers to by default: loopback only (DNS rebinding is refused).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
DEFAULT_SESSION_MINUTES = 30


def create_app(
    case_dir: Path,
    *,
    session_minutes: int = DEFAULT_SESSION_MINUTES,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    login_throttle: LoginThrottle | None = None,
    language: str | None = None,
) -> FastAPI:
    """The app serving the case in ``case_dir``; the case opens when the app starts.

    ``login_throttle``: the login attempt counters (default: a fresh ``LoginThrottle``).
    ``language``: what a reviewer who has not chosen one reads (default: the user's
    choice on this run, else the case's ``language``, else French).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with Case.open(case_dir, writer=True) as setup:
            ensure_user_tables(setup)
            ensure_review_tables(setup)
        case = Case.open(case_dir, writer=False)
        try:
            app.state.case = case
            app.state.password_checks = PasswordChecks()
            yield
        finally:
            case.close()

    app = FastAPI(
        title="leakmap review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.session_minutes = session_minutes
    app.state.login_throttle = login_throttle or LoginThrottle()
    app.state.language = (
        language or chosen_language() or case_language(case_dir) or DEFAULT_LANGUAGE
    )
    app.middleware("http")(review_language.speak_request_language)
    app.middleware("http")(add_security_headers)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_exception_handler(LoginRequired, login_required_response)
    app.add_exception_handler(HTTPException, _error_page)  # type: ignore[arg-type]
    app.add_exception_handler(CaseLocked, _case_busy_page)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (routes_auth, routes_queue, routes_sampling, routes_dashboard, review_language):
        app.include_router(module.router)
    app.include_router(match_router)
    return app


async def _error_page(request: Request, error: HTTPException) -> Response:
    """Errors as a plain page that names the problem, never the data."""
    context = {"status": error.status_code, "detail": error.detail}
    return render(request, "error.html", None, context, status_code=error.status_code)


async def _case_busy_page(request: Request, error: CaseLocked) -> Response:
    """503 when another leakmap process is writing the case: who, and that nothing was saved."""
    detail = gettext("Nothing was saved: {error}. Then send the form again.").format(error=error)
    context = {"status": 503, "detail": detail}
    return render(request, "error.html", None, context, status_code=503)
