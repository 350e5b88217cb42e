"""The review workbench: a web app where people settle what the linker could not.

``create_app`` (``leakmap.review.app``) builds the app over one case; ``commands`` holds
the CLI commands (``review``, ``user``, ``report``) that ``cli.py`` registers. The app
is imported on first use only, so the CLI does not load the web stack for every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leakmap.review.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from leakmap.review.app import create_app

        return create_app
    raise AttributeError(name)
