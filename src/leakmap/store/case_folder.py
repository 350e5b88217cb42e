"""A command's CASE argument: a folder that already holds a case, or a refusal.

Why: every command but ``scan`` used to open its folder as a writer and so create an empty
case in a mistyped path; ``lookup`` on it then told every caller "not found" — a hotline
saying "you are not affected" to everyone. Only ``scan`` creates a case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from leakmap.errors import CaseError
from leakmap.i18n import adopt_case_language
from leakmap.store.case import DB_NAME


def existing_case(directory: Path) -> Path:
    """``directory`` when it holds a case; raises ``CaseError`` saying what to run first."""
    if not (directory / DB_NAME).is_file():
        raise CaseError(_not_a_case(directory))
    return directory


def _not_a_case(directory: Path) -> str:
    return (
        f"{directory}: not a leakmap case (no {DB_NAME} there); give the folder a scan "
        f"wrote, or run `leakmap scan DUMP --registry REGISTRY --out {directory}` first"
    )


class CaseFolder(click.ParamType):
    """The click type of a CASE argument: the folder must hold a case already."""

    name = "CASE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        directory = Path(value)
        if not (directory / DB_NAME).is_file():
            self.fail(_not_a_case(directory), param, ctx)
        adopt_case_language(directory)  # the case's language, unless the user chose one
        return directory


CASE_FOLDER = CaseFolder()
