"""The story of a scan: walk → extract → detect → group → link → assess → report.

This is the only module that knows the order of the stages, and (with ``store``) the only
one that writes. Per-file work runs in the executor; the parent commits each file's
results as they arrive, so a killed scan resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from leakmap.assess.assessment import assess_exposures, assess_unregistered
from leakmap.detect.document import DetectionContext
from leakmap.detect.findings import DocumentFindings
from leakmap.detect.names import NameIndex
from leakmap.errors import DumpNotFound
from leakmap.executors import (
    Executor,
    JobFailure,
    LocalPoolExecutor,
    RayExecutor,
    SerialExecutor,
)
from leakmap.extract.document import ExtractedDocument
from leakmap.group.mention import PersonMention
from leakmap.group.shared_contacts import (
    find_shared_contacts,
    resident_keys,
    without_shared_contacts,
)
from leakmap.group.staff_roles import FrequencyRule, StaffMember, apply_role_calls, call_roles
from leakmap.link.linker import clinician_names_of, link_mentions, link_mentions_with_splink
from leakmap.link.overrides import apply_review_decisions
from leakmap.link.registry import Patient
from leakmap.link.registry_formats import load_registry_any
from leakmap.link.registry_index import RegistryIndex
from leakmap.link.registry_test_records import (
    compile_test_patterns,
    find_test_records,
    set_apart_test_records,
)
from leakmap.link.staff_directory import load_staff_directory, staff_of_record, staff_record
from leakmap.link.unregistered import unregistered_clusters
from leakmap.pipeline import FileResult, empty_findings, process_file, set_context
from leakmap.report.case_outputs import write_case_outputs
from leakmap.settings import ScanSettings
from leakmap.store import Case, DocumentPath
from leakmap.store.reviews import load_review_decisions
from leakmap.vocabulary import Decision, FileKind, ReadStatus, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """The figures of one scan, for the screen summary."""

    case_dir: Path
    wave: int
    files_seen: int
    files_new: int
    unreadable: int
    partial: int
    notify: int
    review: int
    unregistered: int
    seconds: float
    #: Registry test records the leak names (``test_records.csv``), never notified.
    test_records: int = 0


def scan(
    dump: Path,
    *,
    registry: Path | None,
    case_dir: Path,
    registry_map: Path | None = None,
    staff: Path | None = None,
    settings: ScanSettings | None = None,
    executor: Executor | None = None,
    progress: Progress = lambda _: None,
    today: date | None = None,
) -> ScanSummary:
    """Scan DUMP into CASE, adding to what the case already holds.

    REGISTRY is the contract's CSV, a CSV in another layout with ``registry_map`` (TOML),
    FHIR R4 Patient resources (Bundle JSON or NDJSON) or HL7 v2 ADT messages. ``staff``
    is the hospital's staff directory (CSV): kept in the case, it marks staff for this
    wave and every later one until another is given.
    """
    started = time.monotonic()
    if not dump.exists():
        raise DumpNotFound(f"{dump}: no such file or directory; give the leaked dump's path")
    compile_test_patterns((settings or ScanSettings()).test_patterns)  # a bad one stops us here
    patients = load_registry_any(registry, mapping=registry_map) if registry is not None else None
    members = load_staff_directory(staff) if staff is not None else None
    today = today or date.today()
    with Case.open(case_dir) as case:
        settings = _with_staff(case, settings or ScanSettings(), members, staff)
        settings = _settings_for(case, settings)
        if patients is not None:
            case.replace_patients(patients)
        registered = list(case.load_patients(Patient).values())
        wave = case.start_wave(str(dump.resolve()))
        progress(f"registry: {len(registered)} patients")
        context = DetectionContext(NameIndex.build(registered), settings, today)
        set_context(context)
        runner = executor or _default_executor(settings, context)
        seen, new = _extract_dump(case, dump.absolute(), settings, runner, wave, progress)
        counts = relink_case(case, registered, settings, today=today)
        case.finish_wave(wave)
    return ScanSummary(
        case_dir, wave, seen, new, *counts[:5], seconds=time.monotonic() - started,
        test_records=counts[5],
    )  # fmt: skip


def relink_case(
    case: Case, patients: list[Patient], settings: ScanSettings, *, today: date
) -> tuple[int, int, int, int, int, int]:
    """Link every stored mention, assess, and rewrite the outputs (every wave together).

    Returns unreadable, partial, notify, review, unregistered and test-record counts.
    """
    mentions = _mentions_to_link(case, case.load_mentions(PersonMention), settings, patients)
    findings = list(case.load_findings(DocumentFindings))
    clinicians = clinician_names_of(
        (n.family_name, n.given_names, n.role) for f in findings for n in f.names
    )
    linker = _linker_for(settings, len(patients), len(mentions))
    case.set_meta("linker", linker)  # what "auto" chose, for the reviewer and the report
    if linker == "splink":
        attributions = link_mentions_with_splink(
            mentions, patients, settings, today=today, clinician_names=clinicians
        )
    else:
        attributions = link_mentions(
            mentions,
            RegistryIndex.build(patients),
            settings,
            today=today,
            clinician_names=clinicians,
        )
    attributions = apply_review_decisions(attributions, load_review_decisions(case))
    attributions, test_records = set_apart_test_records(
        attributions, find_test_records(patients, test_patterns=settings.test_patterns)
    )
    exposures = assess_exposures(attributions, {p.patient_id: p for p in patients}, today=today)
    unregistered = assess_unregistered(unregistered_clusters(attributions))
    case.replace_results(attributions=attributions, exposures=exposures, unregistered=unregistered)
    documents = write_case_outputs(
        case.directory, list(case.documents()), attributions, exposures, unregistered,
        test_records,
    )  # fmt: skip
    statuses = [d.status for d in documents]
    return (
        statuses.count(ReadStatus.UNREADABLE),
        statuses.count(ReadStatus.PARTIAL),
        sum(e.decision is Decision.NOTIFY for e in exposures),
        sum(e.decision is Decision.REVIEW for e in exposures),
        len(unregistered),
        len(test_records),
    )


#: Above these sizes ``linker="auto"`` links with Splink on DuckDB: the Python linker
#: compares more (swapped names, addresses, estimates from the leak) but its cost grows
#: with registry x mentions (100,000 mentions x 1,000,000 patients: about 8 minutes and
#: 3.5 GB, against 17 s and 2.2 GB for Splink; ``benchmarks/bench_linkage.py``).
AUTO_SPLINK_PATIENTS = 500_000
AUTO_SPLINK_MENTIONS = 50_000


def _linker_for(settings: ScanSettings, patients: int, mentions: int) -> str:
    """The linker a scan uses: the one asked for, or by size for ``auto``."""
    if settings.linker != "auto":
        return settings.linker
    large = patients >= AUTO_SPLINK_PATIENTS or mentions >= AUTO_SPLINK_MENTIONS
    return "splink" if large else "python"


_STAFF_META = "staff_directory"


def _with_staff(
    case: Case, settings: ScanSettings, members: tuple[StaffMember, ...] | None, path: Path | None
) -> ScanSettings:
    """Store a newly given staff directory; name the directory in force in the settings."""
    if members is not None and path is not None:
        case.set_meta(_STAFF_META, staff_record(members, source=path.name))
    stored = case.get_meta(_STAFF_META)
    return replace(settings, staff_directory=stored["source"] if stored else "")


def _mentions_to_link(
    case: Case, mentions: list[PersonMention], settings: ScanSettings, patients: list[Patient]
) -> list[PersonMention]:
    """Mentions to link once the whole dump has said who is staff: the directory's and
    the frequent bare names' mentions without patient evidence left out, HR records of
    staff members marked staff (``group/staff_roles.py``); and what is the institution's:
    its address, phone or e-mail printed beside many people taken off them
    (``group/shared_contacts.py``)."""
    rule = FrequencyRule(
        min_documents=settings.staff_min_documents,
        document_share=settings.staff_document_share,
        min_other_people=settings.staff_min_other_people,
    )
    calls = call_roles(mentions, staff=staff_of_record(case.get_meta(_STAFF_META)), rule=rule)
    mentions = apply_role_calls(mentions, calls)
    residents = resident_keys(
        (family, p.given_names, p.address)
        for p in patients
        for family in {p.family_name, p.birth_name} - {""}
    )
    return without_shared_contacts(mentions, find_shared_contacts(mentions, residents=residents))


def _settings_for(case: Case, settings: ScanSettings) -> ScanSettings:
    """Record the settings this scan runs with: ``leakmap report`` re-links with them, and a
    reviewer sees which thresholds made each decision."""
    case.set_meta("settings", settings.as_record())
    return settings


def _default_executor(settings: ScanSettings, context: DetectionContext) -> Executor:
    """Ray when asked for (each actor installs the context), else forked local workers."""
    if settings.ray_address:
        address = None if settings.ray_address == "local" else settings.ray_address
        return RayExecutor(settings.workers, address=address, setup=partial(set_context, context))
    return SerialExecutor() if settings.workers <= 1 else LocalPoolExecutor(settings.workers)


def _extract_dump(
    case: Case,
    dump: Path,
    settings: ScanSettings,
    executor: Executor,
    wave: int,
    progress: Progress,
) -> tuple[int, int]:
    """Walk the dump; extract and detect each new content once; commit file by file."""
    known_paths = case.known_paths()
    known_contents = case.known_contents()
    waiting: dict[str, list[LeakedFile]] = {}
    counter = {"seen": 0, "new": 0}

    def jobs() -> Iterator[LeakedFile]:
        for file in walk_dump(dump, settings):
            counter["seen"] += 1
            path = str(file.path)
            if path in known_paths:
                continue
            known_paths.add(path)
            counter["new"] += 1
            if file.problem is not None:
                case.record_paths([_problem_row(file, wave)])
            elif file.sha256 in known_contents:
                case.record_paths([_duplicate_row(case, file, wave)])
            elif file.sha256 in waiting:
                waiting[file.sha256].append(file)
            else:
                waiting[file.sha256] = [file]
                yield file

    done = 0
    for file, outcome in executor.run(process_file, jobs(), timeout_s=settings.per_file_timeout_s):
        result = outcome if isinstance(outcome, FileResult) else _failed(file, outcome)
        paths = [_row(f, result.document, wave) for f in waiting.pop(file.sha256, [file])]
        case.record_content(
            document=result.document,
            findings=result.findings,
            mentions=result.mentions,
            paths=paths,
        )
        known_contents.add(file.sha256)
        done += 1
        if done % 50 == 0:
            progress(f"read {done} files ({counter['seen']} seen)")
    progress(f"read {done} new files ({counter['seen']} seen in the dump)")
    return counter["seen"], counter["new"]


def _failed(file: LeakedFile, failure: JobFailure[LeakedFile]) -> FileResult:
    reason = Reason.TIMEOUT if failure.reason == "timeout" else Reason.CRASHED
    document = ExtractedDocument(
        path=str(file.path), sha256=file.sha256, kind=file.kind, status=ReadStatus.UNREADABLE,
        reason=reason.value,
    )  # fmt: skip
    return FileResult(document, empty_findings(document), ())


def _row(file: LeakedFile, document: ExtractedDocument, wave: int) -> DocumentPath:
    return DocumentPath(
        path=str(file.path), sha256=file.sha256, size=file.size, kind=document.kind.value,
        pages=document.pages, ocr=document.ocr, status=document.status.value,
        reason=document.reason, wave=wave,
    )  # fmt: skip


def _problem_row(file: LeakedFile, wave: int) -> DocumentPath:
    reason = file.problem.value if file.problem else ""
    if file.problem_detail:
        reason = f"{reason}: {file.problem_detail}"
    return DocumentPath(
        path=str(file.path), sha256=file.sha256, size=file.size, kind=file.kind.value, pages=0,
        ocr=False, status=ReadStatus.UNREADABLE.value, reason=reason, wave=wave,
    )  # fmt: skip


def _duplicate_row(case: Case, file: LeakedFile, wave: int) -> DocumentPath:
    kind, pages, ocr, status, reason = case.content_row(file.sha256) or (
        FileKind.UNKNOWN.value, 0, 0, ReadStatus.UNREADABLE.value, Reason.CORRUPT.value,
    )  # fmt: skip
    return DocumentPath(
        path=str(file.path), sha256=file.sha256, size=file.size, kind=kind, pages=pages,
        ocr=bool(ocr), status=status, reason=reason, wave=wave,
    )  # fmt: skip
