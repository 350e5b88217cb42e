"""Rendering pages: the templates, and what every page needs (who is in, the CSRF token).

Templates speak through Jinja2's i18n extension (``{{ _("Queue") }}``, ``{% trans %}``),
new-style: a translation is formatted with ``%(name)s`` and its variables escaped like any
other, so a translated string can never carry markup in. The callables follow the active
language of ``leakmap.i18n``, which ``review.language`` sets for every request.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from leakmap.i18n import active_language, gettext, ngettext, pgettext
from leakmap.review.words import label
from leakmap.store.users import ReviewSession

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=TEMPLATES)
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext, ngettext, newstyle=True, pgettext=pgettext
)


def _percent(value: float | None) -> str:
    """``42%`` in English, ``42 %`` in French (the reviewer's language)."""
    return "—" if value is None else format_percent(value, locale=active_language())


def _probability(value: float) -> str:
    """``0.498`` in English, ``0,498`` in French."""
    return format_decimal(value, format="0.000", locale=active_language())


def _per_request(word: Callable[[Any], str]) -> Callable[..., str]:
    """A filter Jinja2 must not evaluate once at compile time (its result follows the
    request's language): ``pass_context`` keeps ``{{ "pending"|label }}`` from being folded."""

    @pass_context
    def per_request(_context: Any, value: Any) -> str:
        return word(value)

    return per_request


templates.env.filters["percent"] = _per_request(_percent)
templates.env.filters["probability"] = _per_request(_probability)
templates.env.filters["label"] = _per_request(label)


def render(
    request: Request,
    name: str,
    session: ReviewSession | None,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A page, with the reviewer and the session's CSRF token available to its forms."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    page = {
        "language": active_language(),
        "here": here,
        "reviewer": session.reviewer if session else None,
        "csrf_token": session.csrf_token if session else "",
        **context,
    }
    return templates.TemplateResponse(request, name, page, status_code=status_code)
