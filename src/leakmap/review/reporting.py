"""``leakmap report``: rewrite the case's outputs with every review decision laid over.

The lead's ``scan.relink_case`` re-links the stored mentions, applies the saved review
decisions (``link.overrides``), re-assesses and rewrites ``affected.csv``,
``unregistered.csv`` and ``documents.csv``; this module opens the case as its writer,
finds the settings and registry the scan recorded, and runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from leakmap.i18n import gettext
from leakmap.link.registry import Patient
from leakmap.progress_display import ScanProgress
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.reviews import (
    ensure_review_tables,
    load_review_decisions,
    mark_decisions_reported,
)


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """The figures of a rewritten report."""

    decisions: int
    notify: int
    review: int
    unregistered: int
    #: Letters rewritten (the last ``notify``'s way); ``None`` when none were ever written.
    letters: int | None = None


def report_case(
    case_dir: Path,
    *,
    today: date | None = None,
    progress: Callable[[ScanProgress | str], None] = lambda _: None,
) -> ReportSummary:
    """Re-link, apply review decisions, re-assess and rewrite the outputs of a case.

    Letters already written are rewritten too, so none keeps what a decision ruled out.
    ``progress`` hears the stages (linking, outputs, letters) as they start.
    """
    from leakmap.notify import rewrite_notifications
    from leakmap.scan import relink_case

    day = today or date.today()
    with Case.open(case_dir, writer=True) as case:
        ensure_review_tables(case)
        patients = list(case.load_patients(Patient).values())
        counts = relink_case(case, patients, recorded_settings(case), today=day, progress=progress)
        mark_decisions_reported(case)
        decisions = len(load_review_decisions(case))
    progress(gettext("rewriting the letters the decisions change (if notify ran)"))
    rewritten = rewrite_notifications(case_dir, today=day)
    letters = rewritten.letters.written if rewritten else None
    return ReportSummary(
        decisions, notify=counts[2], review=counts[3], unregistered=counts[4], letters=letters
    )


def recorded_settings(case: Case) -> ScanSettings:
    """The settings the case's first scan recorded (defaults for what it did not record)."""
    record = case.get_meta("settings") or {}
    known = {f.name for f in fields(ScanSettings)}
    values = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in record.items()
        if name in known
    }
    return ScanSettings(**values)
