"""After the scan, in one call: letters, complaint kits and the regulator report of a case.

The scan (or ``leakmap demo``) calls ``write_notification_outputs`` once the case's
exposures are known. It reads ``CASE/case.toml`` (writing the template on first use) and
writes everything inside the case: nothing is sent anywhere. Each person's letter, kit
and e-mail draft (which attaches both) are written together, then ``letters/not_sent.csv``:
whom none of them reaches, then the regulator report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.i18n import _, ngettext
from leakmap.link.registry import Patient
from leakmap.report.case_info import load_case_info
from leakmap.report.letters import LettersSummary, file_stem, write_letters_and_kits
from leakmap.report.not_sent import NotSent, people_not_reached, write_not_sent
from leakmap.report.output_files import KITS_DIR, LETTERS_DIR, SEALED_SUFFIX, sealed_name
from leakmap.report.regulator import write_regulator_report
from leakmap.report.regulator_content import NotificationKind
from leakmap.report.rows import DocumentRow
from leakmap.report.wave_changes import WaveNews
from leakmap.vocabulary import Decision


@dataclass(frozen=True, slots=True)
class NotificationOutputs:
    """What was written: the letters' summary, kits, drafts, the report's PDF, who is not reached.

    ``people_to_notify``: registry patients whose decision is ``notify``; the letters
    differ from it (parents, heirs, staff, held letters), ``not_sent`` says who is missed.
    """

    letters: LettersSummary
    kits: int
    regulator_report: Path
    drafts: int = 0
    people_to_notify: int = 0
    not_sent: tuple[NotSent, ...] = ()
    not_sent_file: Path | None = None


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
    progress: Callable[[str], None] = lambda step: None,
    news: WaveNews | None = None,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> NotificationOutputs:
    """Write letters, kits and the regulator report into the case.

    ``progress`` is told each step as it starts (``notify`` shows it on stderr);
    ``counted(done, total)`` after each batch of letters (each with its kit and draft),
    written in one pass in the worker pool (``letters.write_letters_and_kits``).
    ``news`` (``notify --since-wave``): letters, kits and drafts only for the people the
    later waves newly expose or worsen, earlier letters of the others kept; the regulator
    report still counts everyone and lists the waves.
    """
    info = load_case_info(case_dir, today=today)
    if news is not None:  # the letters of people written to before say what is new
        info = replace(info, news_by_person=news.news_by_person)
    told, told_staff = _told(news, exposures, staff)
    people = {"deceased": deceased, "staff": told_staff}
    found = len(told) + len(told_staff)
    progress(
        ngettext(
            "writing letters ({count} person found)",
            "writing letters ({count} people found)",
            found,
        ).format(count=found)
    )
    letters = write_letters_and_kits(
        case_dir, told, patients, info, language=language, counted=counted, **people
    )
    kits = letters.written
    drafts = [f"{file_stem(key)}.eml" for key in letters.emailed]
    if news is None:
        _remove_stale_letters(case_dir, letters, drafts)
    not_sent = people_not_reached(told, unregistered if news is None else (), letters)
    progress(_("writing the regulator report"))
    report = write_regulator_report(
        case_dir, exposures=exposures, unregistered=unregistered, documents=documents,
        patients=patients, info=info, kind=kind, today=today, deceased=deceased, staff=staff,
        news=news,
    )  # fmt: skip
    return NotificationOutputs(
        letters=letters,
        kits=kits,
        regulator_report=report,
        drafts=len(drafts),
        people_to_notify=sum(e.decision is Decision.NOTIFY for e in told),
        not_sent=not_sent,
        not_sent_file=write_not_sent(case_dir, not_sent),
    )


def _told(
    news: WaveNews | None, exposures: Sequence[Exposure], staff: Sequence[UnregisteredPerson]
) -> tuple[Sequence[Exposure], Sequence[UnregisteredPerson]]:
    """Whom this run writes to: everyone, or only the people later waves newly expose or
    worsen (``notify --since-wave``; staff are not followed from wave to wave)."""
    if news is None:
        return exposures, staff
    return [e for e in exposures if e.patient_id in news.people], ()


#: What a person's letter leaves in each folder, by suffix (sealed names end in ``.age``).
_PERSON_FILES = {LETTERS_DIR: (".pdf", ".eml"), KITS_DIR: (".pdf", ".txt")}


def _remove_stale_letters(case_dir: Path, letters: LettersSummary, drafts: Sequence[str]) -> None:
    """Remove the letters, drafts and kits of an earlier run that this run did not rewrite.

    A person a reviewer ruled out, or who lost their e-mail address, keeps no letter
    written before: an old letter would list what the case no longer says.
    """
    kept = set(drafts) | {sealed_name(Path(name)).name for name in drafts}
    for addressee in letters.addressees:
        stem = file_stem(addressee.key)
        kept |= {f"{stem}.pdf", f"{stem}.txt", sealed_name(Path(f"{stem}.pdf")).name}
        kept |= {sealed_name(Path(f"{stem}.txt")).name}
    for folder, suffixes in _PERSON_FILES.items():
        directory = case_dir / folder
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            plain = path.name.removesuffix(SEALED_SUFFIX)
            if Path(plain).suffix in suffixes and path.name not in kept and path.is_file():
                path.unlink()
