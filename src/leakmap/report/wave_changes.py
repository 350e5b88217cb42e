"""A wave's consequences on disk and in the regulator report: ``waves/<wave>/changes.csv``.

One row per person the case lists as exposed after the wave, by patient_id, with what
the wave changed (``assess.waves``). Written through ``output_files`` like every output:
0600, sealed with age when the case seals its outputs. Ids, words and counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leakmap.assess.waves import PersonChange, WaveCounts
from leakmap.report.output_files import WAVES_DIR, write_output_csv
from leakmap.vocabulary import Category, format_categories

CHANGES_FILE = "changes.csv"
CHANGES_COLUMNS = (
    "patient_id", "change", "decision", "severity", "severity_before", "new_categories",
    "categories", "documents", "documents_before",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class WaveSummary:
    """One wave as the complementary notification reports it (no path, no name of a person).

    ``documents_added``: leak paths the wave brought (archive members included);
    ``republished``: those whose bytes an earlier wave had already brought (duplicates,
    no new exposure); ``new_contents``: distinct contents first seen in this wave.
    """

    number: int
    name: str
    started: date
    finished: date | None
    documents_added: int
    new_contents: int
    republished: int
    counts: WaveCounts
    #: When its files were published, where the DPO recorded it (``leakmap waves --published``).
    published: date | None = None


def changes_path(case_dir: Path, wave_name: str) -> Path:
    """Where a wave's ``changes.csv`` goes (before any ``.age``)."""
    return case_dir / WAVES_DIR / wave_name / CHANGES_FILE


def write_changes(case_dir: Path, wave_name: str, changes: Sequence[PersonChange]) -> Path:
    """Write ``waves/<wave_name>/changes.csv``; return the path really written."""
    return write_output_csv(
        case_dir, changes_path(case_dir, wave_name), CHANGES_COLUMNS, map(_row, changes)
    )


def _row(change: PersonChange) -> list[object]:
    before, after = change.before, change.after
    return [
        change.patient_id, change.change.value, after.decision.value, after.severity.value,
        before.severity.value if before else "", format_categories(change.new_categories),
        format_categories(after.categories), after.documents, before.documents if before else 0,
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class WaveNews:
    """What ``notify --since-wave W`` tells: the people W and later waves newly expose or
    worsen (their changes), and each of those waves, for the complementary notification."""

    since: int
    since_name: str
    changes: tuple[PersonChange, ...]
    waves: tuple[WaveSummary, ...]

    @property
    def people(self) -> frozenset[str]:
        """The patient_ids to write to."""
        return frozenset(c.patient_id for c in self.changes)

    @property
    def news_by_person(self) -> tuple[tuple[str, frozenset[Category]], ...]:
        """The categories newly exposed of each person written to before (not of the newly
        exposed: theirs is a first letter), by patient_id, sorted."""
        worse = (c for c in self.changes if c.before is not None)
        return tuple(sorted((c.patient_id, c.new_categories) for c in worse))
