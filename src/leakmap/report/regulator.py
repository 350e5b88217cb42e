"""The regulator report: notification content (HTML, PDF, charts) and the breach-register entry.

``write_regulator_report`` writes into ``CASE/regulator/``: ``report.html`` and
``report.pdf`` (the same sections, see ``regulator_content``), the four chart PNGs, and
``breach_register.json``, the entry GDPR Art. 33(5) asks every controller to keep (facts,
effects, remedial action), and ``severity.csv``, each patient's ENISA inputs and score
with the reasons (by patient_id). Counts and ids only: no name, no document path, no
clinical text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.case_info import CaseInfo
from leakmap.report.charts import draw_charts
from leakmap.report.output_files import (
    REGULATOR_DIR,
    write_output,
    write_output_csv,
    write_output_text,
)
from leakmap.report.plain_words import long_date
from leakmap.report.recipients import route_letters
from leakmap.report.regulator_content import (
    Letters,
    NotificationKind,
    Section,
    build_sections,
    report_title,
)
from leakmap.report.regulator_facts import RegulatorFacts, count_facts
from leakmap.report.regulator_pdf import render_regulator_pdf
from leakmap.report.rows import DocumentRow
from leakmap.report.templating import template_environment
from leakmap.report.wave_changes import WaveNews, WaveSummary
from leakmap.settings import RULE_VERSIONS

SEVERITY_FILE = "severity.csv"
SEVERITY_HEADER = ["patient_id", "decision", "dpc", "ei", "cb", "score", "severity", "reasons"]


def write_regulator_report(
    case_dir: Path,
    *,
    exposures: Sequence[Exposure],
    unregistered: Sequence[UnregisteredPerson],
    documents: Sequence[DocumentRow],
    patients: Mapping[str, Patient],
    info: CaseInfo,
    kind: NotificationKind | str = NotificationKind.INITIAL,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
    today: date | None = None,
    news: WaveNews | None = None,
) -> Path:
    """Write the notification (HTML, PDF, charts) and the register entry; return the PDF.

    ``news``: the later waves a complementary notification reports (``notify --since-wave``).
    """
    kind = NotificationKind(kind)
    today = today or date.today()
    directory = case_dir / REGULATOR_DIR
    facts = count_facts(
        exposures=exposures, unregistered=unregistered, documents=documents,
        patients=patients, on=info.letter_date, deceased=deceased, staff=staff,
    )  # fmt: skip
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    letters = Letters(written=len(routing.addressees), held=len(routing.held))
    charts = draw_charts(directory, facts)
    for chart in charts:
        write_output(case_dir, chart.path, chart.png)
    sections = build_sections(
        facts, info, kind=kind, charts=charts, letters=letters, today=today, news=news
    )
    title = report_title(kind)
    subtitle = f"{info.hospital_name} — référence {info.case_reference} — {long_date(today, 'fr')}"
    html = (
        template_environment(case_dir)
        .get_template("regulator.fr.html")
        .render(
            title=title, subtitle=subtitle, sections=sections, info=info, is_example=info.is_example
        )
    )
    write_output_text(case_dir, directory / "report.html", html)
    pdf_bytes, _ = render_regulator_pdf(
        title=title, subtitle=subtitle, sections=sections, info=info
    )
    pdf = write_output(case_dir, directory / "report.pdf", pdf_bytes)
    register = breach_register_entry(facts, info, kind=kind, sections=sections, today=today)
    if news is not None:
        register["waves"] = [_register_wave(summary) for summary in news.waves]
    write_output_text(
        case_dir,
        directory / "breach_register.json",
        json.dumps(register, ensure_ascii=False, indent=2) + "\n",
    )
    write_severity_details(case_dir, directory / SEVERITY_FILE, exposures)
    return pdf


def write_severity_details(case_dir: Path, path: Path, exposures: Sequence[Exposure]) -> Path:
    """One row per patient: the ENISA inputs (DPC, EI, CB), score, level and every reason."""
    ordered = sorted(exposures, key=lambda e: e.patient_id)
    return write_output_csv(case_dir, path, SEVERITY_HEADER, map(_severity_row, ordered))


def _severity_row(exposure: Exposure) -> list[str]:
    graded = exposure.severity
    return [
        exposure.patient_id, exposure.decision.value, f"{graded.dpc:g}",
        f"{graded.ei:g}", f"{graded.cb:g}", f"{graded.score:g}",
        graded.severity.value, " | ".join(graded.reasons),
    ]  # fmt: skip


def breach_register_entry(
    facts: RegulatorFacts,
    info: CaseInfo,
    *,
    kind: NotificationKind,
    sections: tuple[Section, ...],
    today: date,
) -> dict[str, object]:
    """The internal breach-register entry (Art. 33(5)): facts, effects, remedial action."""
    consequences = next(s.bullets for s in sections if s.title.startswith("6."))
    return {
        "reference": info.case_reference,
        "recorded_on": today.isoformat(),
        "notification": kind.value,
        "initial_notified_on": _iso(info.initial_notified_on),
        "notification_reference": info.notification_reference,
        "started_on": _iso(info.started_on),
        "started_at": _iso_moment(info.started_on, info.started_time),
        "discovered_on": info.discovered_on.isoformat(),
        "discovered_at": _iso_moment(info.discovered_on, info.discovered_time),
        "ended_at": _iso_moment(info.ended_on, info.ended_time),
        "ongoing": info.is_ongoing,
        "how_discovered": info.how_discovered,
        "people_informed_on": info.letter_date.isoformat(),
        "published_on": _iso(info.published_on),
        "cross_border": {
            "people_in_other_states": info.cross_border,
            "people": info.cross_border_people,
            "states": list(info.cross_border_countries),
            "authorities_notified": list(info.other_eu_authorities),
        },
        "other_authorities": list(info.other_authorities),
        "nature": {
            "circumstances": asdict(info.circumstances),
            "description": info.text("fr").what_happened,
        },
        "people": {
            "notify": facts.people_notify,
            "review": facts.people_review,
            "unregistered": facts.people_unregistered,
            "staff": facts.staff,
            "minors": facts.minors,
            "deceased": facts.deceased,
            "with_health_data": facts.health_people,
        },
        "categories": {c.value: n for c, n in facts.by_category},
        "severity": {s.value: n for s, n in facts.by_severity},
        "records": {
            "documents": facts.documents_total,
            "documents_with_personal_data": facts.documents_with_people,
            "pages": facts.pages_total,
            "person_documents": facts.person_documents,
        },
        "consequences": list(consequences),
        "measures": list(info.text("fr").measures),
        "severity_method": RULE_VERSIONS["severity"],
    }


def _register_wave(summary: WaveSummary) -> dict[str, object]:
    """A later wave in the breach register: counts and categories, no path, no person."""
    counts = summary.counts
    return {
        "wave": summary.number,
        "name": summary.name,
        "published_on": _iso(summary.published),
        "scanned_on": summary.started.isoformat(),
        "documents_added": summary.documents_added,
        "new_contents": summary.new_contents,
        "republished": summary.republished,
        "people_newly_exposed": counts.newly_exposed,
        "people_worsened": counts.worsened,
        "categories_newly_exposed": sorted(c.value for c in counts.new_categories),
        "categories_first_exposed": sorted(c.value for c in counts.first_categories),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _iso_moment(day: date | None, moment: time | None) -> str | None:
    """``2025-01-02T03:40:00``, or the date alone when no time is known."""
    if day is None:
        return None
    return datetime.combine(day, moment).isoformat() if moment else day.isoformat()
