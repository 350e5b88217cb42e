"""Plans to file bytes: the one place that knows which renderer writes which format."""

from __future__ import annotations

import random

from leakmap.synth.leaked import LeakedItem
from leakmap.synth.plan import Plan, Report, Sheet
from leakmap.synth.render_docx import render_docx
from leakmap.synth.render_pdf import render_pdf
from leakmap.synth.render_sheets import render_csv, render_list_text, render_xlsx
from leakmap.synth.render_text import render_text


def render_plan(plan: Plan, file_format: str, rng: random.Random) -> bytes:
    """The plan written as ``file_format`` (pdf, docx, txt for reports; xlsx, csv, txt for lists)."""  # fmt: skip
    if isinstance(plan, Report):
        writers = {"pdf": render_pdf, "docx": render_docx, "txt": render_text}
        return writers[file_format](plan, rng)
    sheet_writers = {"xlsx": render_xlsx, "csv": render_csv, "txt": render_list_text}
    return sheet_writers[file_format](plan, rng)


def leaked_document(plan: Plan, file_format: str, rng: random.Random, *, folder: str) -> LeakedItem:  # fmt: skip
    """A document file named after the plan's stem, in ``folder`` (may be empty)."""
    name = f"{plan.stem}.{file_format}"
    return LeakedItem(
        name=f"{folder}/{name}" if folder else name,
        kind=file_format,
        data=render_plan(plan, file_format, rng),
        exposures=plan.exposures,
    )


def is_list(plan: Plan) -> bool:
    """True for lists (sheets)."""
    return isinstance(plan, Sheet)
