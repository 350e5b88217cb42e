"""The waves of a leak on the command line: the scan summary's wave lines, ``leakmap waves``.

Counts, wave names and numbers only: never a person's name or identifier, never a
document path (``store.waves`` keeps the per-person rows in the case, and
``waves/<name>/changes.csv`` lists them by patient_id).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol

import click

from leakmap.assess.waves import WaveCounts
from leakmap.i18n import _
from leakmap.report.wave_changes import WaveSummary, changes_path
from leakmap.store.case_folder import CASE_FOLDER
from leakmap.vocabulary import format_categories


class _ScannedWave(Protocol):
    """What the scan summary (``scan.ScanSummary``) says of its wave."""

    case_dir: Path
    wave: int
    wave_name: str
    wave_counts: WaveCounts | None


def format_wave_lines(summary: _ScannedWave) -> list[str]:
    """The scan summary's lines on what this wave changed for people (counts only)."""
    case_dir, wave, name, counts = (
        summary.case_dir, summary.wave, summary.wave_name, summary.wave_counts,
    )  # fmt: skip
    if counts is None:
        return []
    label = _("wave {wave}") if name == str(wave) else _("wave {wave} '{name}'")
    lines = [
        "  "
        + (label + ": " + _("{new} people newly exposed, {worse} worsened (new categories or higher "
                            "severity), {same} unchanged")).format(
            wave=wave, name=name, new=counts.newly_exposed, worse=counts.worsened,
            same=counts.unchanged,
        ),
        "    " + _("per patient_id in {path}").format(path=changes_path(case_dir, name)),
    ]  # fmt: skip
    if wave > 1 and (counts.newly_exposed or counts.worsened):
        command = f"leakmap notify {case_dir} --since-wave {name}"
        lines.append("    " + _("complementary letters: {command}").format(command=command))
    return lines


def format_wave_table(summaries: tuple[WaveSummary, ...]) -> list[str]:
    """One line per wave: dates, documents, people newly exposed and worsened."""
    if not summaries:
        return [_("no wave recorded (scanned by an older leakmap)")]
    words = (_("wave"), _("name"), _("scanned"), _("documents (new/republished)"), _("new"))
    lines = ["{:<5} {:<20} {:<11} {:<28} {:<4} {}".format(*words, _("worse"))]
    for s in summaries:
        documents = f"{s.documents_added} ({s.new_contents}/{s.republished})"
        lines.append(
            f"{s.number:<5} {s.name[:20]:<20} {s.started.isoformat()}  {documents:<28} "
            f"{s.counts.newly_exposed:<4} {s.counts.worsened}"
        )
        if s.counts.new_categories:
            categories = format_categories(s.counts.new_categories)
            lines.append(
                "      " + _("newly exposed categories: {categories}").format(categories=categories)
            )
        if s.published is not None:
            lines.append("      " + _("published on {day}").format(day=s.published.isoformat()))
        if s.number > 1 and s.counts.first_categories:
            first = format_categories(s.counts.first_categories)
            lines.append(
                "      "
                + _("of which published for the first time: {categories}").format(categories=first)
            )
    return lines


@click.command()
@click.argument("case_dir", metavar="CASE", type=CASE_FOLDER)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Record when --wave's files were published (YYYY-MM-DD): the complementary "
    "notification gives it as the date of the wave.",
)
@click.option("--wave", "wave", default=None, metavar="WAVE", help="The wave (number or name).")
def waves(case_dir: Path, published: datetime | None, wave: str | None) -> None:
    """List the waves scanned into CASE and what each changed (counts only)."""
    from leakmap.store import Case
    from leakmap.store.waves import resolve_wave, set_published, wave_summaries

    if (published is None) != (wave is None):
        raise click.UsageError(_("--published and --wave go together"))
    with Case.open(case_dir, writer=published is not None) as case:
        if published is not None and wave is not None:
            set_published(case, resolve_wave(case, wave), published.date())
        summaries = wave_summaries(case, since=1)
    for line in format_wave_table(summaries):
        click.echo(line)
