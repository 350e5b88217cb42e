"""Plans to file bytes: the one place that knows which renderer writes which format."""

from __future__ import annotations

import random

from leakmap.synth.leaked import LeakedItem
from leakmap.synth.plan import Plan, Report, Sheet
from leakmap.synth.render_docx import render_docx
from leakmap.synth.render_formats import ods_sheet, odt_letter, rtf_letter, xls_sheet
from leakmap.synth.render_legacy import word97_document
from leakmap.synth.render_pdf import render_pdf
from leakmap.synth.render_sheets import render_csv, render_list_text, render_xlsx, sheet_cells
from leakmap.synth.render_text import render_text, report_lines

#: Formats of older or other office software, used when a dump asks for the new formats.
LEGACY_REPORT_FORMATS = ("rtf", "odt", "doc")
LEGACY_LIST_FORMATS = ("ods", "xls")


def render_plan(plan: Plan, file_format: str, rng: random.Random) -> bytes:
    """The plan written as ``file_format``: pdf, docx, txt, rtf, odt, doc for reports;
    xlsx, csv, txt, ods, xls for lists."""
    if isinstance(plan, Report):
        if file_format in LEGACY_REPORT_FORMATS:
            return _legacy_report(plan, file_format)
        writers = {"pdf": render_pdf, "docx": render_docx, "txt": render_text}
        return writers[file_format](plan, rng)
    if file_format in LEGACY_LIST_FORMATS:
        writer = ods_sheet if file_format == "ods" else xls_sheet
        return writer(plan.header, sheet_cells(plan, rng))
    sheet_writers = {"xlsx": render_xlsx, "csv": render_csv, "txt": render_list_text}
    return sheet_writers[file_format](plan, rng)


def _legacy_report(report: Report, file_format: str) -> bytes:
    text = "\n".join(report_lines(report))
    writers = {"rtf": rtf_letter, "odt": odt_letter, "doc": word97_document}
    return writers[file_format](text)


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
