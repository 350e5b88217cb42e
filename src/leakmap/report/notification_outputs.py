"""After the scan, in one call: letters, complaint kits and the regulator report of a case.

The scan (or ``leakmap demo``) calls ``write_notification_outputs`` once the case's
exposures are known. It reads ``CASE/case.toml`` (writing the template on first use) and
writes everything inside the case: nothing is sent anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.case_info import load_case_info
from leakmap.report.kit import write_complaint_kits
from leakmap.report.letters import LettersSummary, write_letters
from leakmap.report.regulator import write_regulator_report
from leakmap.report.regulator_content import NotificationKind
from leakmap.report.rows import DocumentRow


@dataclass(frozen=True, slots=True)
class NotificationOutputs:
    """What was written: the letters' summary, the number of kits, the report's PDF."""

    letters: LettersSummary
    kits: int
    regulator_report: Path


def write_notification_outputs(
    case_dir: Path,
    *,
    exposures: Sequence[Exposure],
    unregistered: Sequence[UnregisteredPerson],
    documents: Sequence[DocumentRow],
    patients: Mapping[str, Patient],
    today: date,
    kind: NotificationKind | str = NotificationKind.INITIAL,
    language: str = "fr",
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> NotificationOutputs:
    """Write letters, kits and the regulator report into the case."""
    info = load_case_info(case_dir, today=today)
    people = {"deceased": deceased, "staff": staff}
    letters = write_letters(case_dir, exposures, patients, info, language=language, **people)
    kits = write_complaint_kits(case_dir, exposures, patients, info, language=language, **people)
    report = write_regulator_report(
        case_dir, exposures=exposures, unregistered=unregistered, documents=documents,
        patients=patients, info=info, kind=kind, today=today, **people,
    )  # fmt: skip
    return NotificationOutputs(letters=letters, kits=kits, regulator_report=report)
