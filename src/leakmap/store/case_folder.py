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
from leakmap.i18n import _, adopt_case_language
from leakmap.store.case import DB_NAME


def existing_case(directory: Path) -> Path:
    """``directory`` when it holds a case; raises ``CaseError`` saying what to run first."""
    if not (directory / DB_NAME).is_file():
        raise CaseError(_not_a_case(directory))
    return directory


def _not_a_case(directory: Path) -> str:
    return _(
        "{directory}: not a leakmap case (no {db} there); give the folder a scan "
        "wrote, or run `leakmap scan DUMP --registry REGISTRY --out {directory}` first"
    ).format(directory=directory, db=DB_NAME)


class CaseFolder(click.ParamType):
    """The click type of a CASE argument: the folder must hold a case already."""

    name = "CASE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        directory = Path(value)
        if not (directory / DB_NAME).is_file():
            self.fail(_not_a_case(directory), param, ctx)
        if ctx is not None:  # the case's language for the command, unless the user chose one
            ctx.with_resource(adopt_case_language(directory))
        return directory


CASE_FOLDER = CaseFolder()
