"""The workbench's language, per reviewer: a cookie the switch link sets, else the case's.

Why a cookie and not an account setting: the login page must already speak the reviewer's
language, before any account is known, and the choice belongs to the browser a reviewer
uses. The cookie holds ``fr`` or ``en`` only (anything else is ignored); without it the
workbench speaks the language ``leakmap review`` was started with (``--language``,
``$LEAKMAP_LANGUAGE``, the case's ``language``, French). Every request is answered inside
``speaking(language)``, so templates and route modules' ``_()`` agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from leakmap.i18n import LANGUAGES, _, speaking
from leakmap.review.security import safe_next, set_cookie

LANGUAGE_COOKIE = "leakmap_language"

router = APIRouter()


def request_language(request: Request) -> str:
    """The language to answer ``request`` in: the reviewer's cookie, else the app's."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    default: str = request.app.state.language
    return default


async def speak_request_language(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: answer the request in its reviewer's language."""
    with speaking(request_language(request)):
        return await call_next(request)


@router.get("/language/{language}", name="switch_language")
async def switch_language(
    request: Request,
    language: str,
    next_page: Annotated[str, Query(alias="next", max_length=2048)] = "/queue",
) -> Response:
    """Remember the reviewer's language in this browser, then go back to the page."""
    if language not in LANGUAGES:
        raise HTTPException(404, _("This language is not available."))
    response = RedirectResponse(safe_next(next_page), status_code=303)
    set_cookie(response, request, LANGUAGE_COOKIE, language)
    return response
