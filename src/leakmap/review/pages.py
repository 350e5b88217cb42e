"""Rendering pages: the templates, and what every page needs (who is in, the CSRF token)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from leakmap.store.users import ReviewSession

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=TEMPLATES)
templates.env.filters["percent"] = lambda value: "—" if value is None else f"{value:.0%}"
templates.env.filters["probability"] = lambda value: f"{value:.3f}"
templates.env.filters["label"] = lambda value: str(value).replace("_", " ")


def render(
    request: Request,
    name: str,
    session: ReviewSession | None,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A page, with the reviewer and the session's CSRF token available to its forms."""
    page = {
        "reviewer": session.reviewer if session else None,
        "csrf_token": session.csrf_token if session else "",
        **context,
    }
    return templates.TemplateResponse(request, name, page, status_code=status_code)
