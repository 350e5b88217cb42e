"""The story of a scan: walk → extract → detect → group → link → assess → report.

This is the only module that knows the order of the stages, and (with ``store``) the only
one that writes. Per-file work runs in the executor; the parent commits each file's
results as they arrive, so a killed scan resumes where it stopped.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from leakmap.assess.assessment import assess_exposures, assess_unregistered
from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.assess.waves import WaveCounts
from leakmap.detect.document import DetectionContext
from leakmap.detect.findings import DocumentFindings
from leakmap.detect.names import NameIndex
from leakmap.engines import check_engines
from leakmap.errors import DUMP_NOT_FOUND, DumpNotFound
from leakmap.executors import (
    Executor,
    JobFailure,
    LocalPoolExecutor,
    RayExecutor,
    SerialExecutor,
    WorkerLimits,
)
from leakmap.extract.document import ExtractedDocument
from leakmap.group.mention import PersonMention
from leakmap.group.shared_contacts import (
    find_shared_contacts,
    resident_keys,
    without_shared_contacts,
)
from leakmap.group.staff_roles import FrequencyRule, StaffMember, apply_role_calls, call_roles
from leakmap.i18n import _, ngettext
from leakmap.link.attribution import Attribution
from leakmap.link.linker import clinician_names_of, link_mentions, link_mentions_with_splink
from leakmap.link.overrides import apply_review_decisions
from leakmap.link.own_contacts import restore_own_contacts
from leakmap.link.registry import Patient
from leakmap.link.registry_duplicates import find_duplicate_records, merge_duplicate_records
from leakmap.link.registry_formats import load_registry_any
from leakmap.link.registry_index import RegistryIndex
from leakmap.link.registry_test_records import (
    SeenTestRecord,
    compile_test_patterns,
    find_test_records,
    set_apart_test_records,
)
from leakmap.link.staff_directory import load_staff_directory, staff_of_record, staff_record
from leakmap.link.unregistered import unregistered_clusters
from leakmap.pipeline import (
    DiskJob,
    FileResult,
    WalkedFile,
    empty_findings,
    prepare_workers,
    set_context,
    walk_disk_file,
)
from leakmap.progress_display import ScanProgress, ScanStage
from leakmap.report.case_outputs import write_case_outputs
from leakmap.settings import ScanSettings
from leakmap.stage_clock import StageTime, process_tree_cpu, stage
from leakmap.store import Case, DocumentPath
from leakmap.store.fingerprints import record_fingerprint
from leakmap.store.output_keys import seal_outputs
from leakmap.store.reviews import load_review_decisions
from leakmap.store.stage_times import StageBook
from leakmap.store.waves import begin_wave, record_wave_changes
from leakmap.vocabulary import Decision, FileKind, ReadStatus, Reason
from leakmap.walk.dump import listed_files
from leakmap.walk.leaked_file import SEPARATOR, LeakedFile

#: Where the scan says where it stands (``progress_display.ProgressDisplay.scan_event``).
Progress = Callable[[ScanProgress], None]


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
    #: Where this run's CPU and wall time went, by stage and file kind (``stage_clock``).
    stages: tuple[StageTime, ...] = ()
    #: The wave's name (``--wave``, else its number) and whom it newly exposes or worsens.
    wave_name: str = ""
    wave_counts: WaveCounts | None = None


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
    wave_name: str | None = None,
) -> ScanSummary:
    """Scan DUMP into CASE, adding to what the case already holds.

    REGISTRY is the contract's CSV, a CSV in another layout with ``registry_map`` (TOML),
    FHIR R4 Patient resources (Bundle JSON or NDJSON) or HL7 v2 ADT messages. ``staff``
    is the hospital's staff directory (CSV): kept in the case, it marks staff for this
    wave and every later one until another is given. ``wave_name`` names this wave
    (``store.waves``): what it changes per person goes to ``waves/<name>/changes.csv``.
    """
    started, cpu_at_start = time.monotonic(), process_tree_cpu()
    if not dump.exists():
        raise DumpNotFound(_(DUMP_NOT_FOUND).format(path=dump))
    compile_test_patterns((settings or ScanSettings()).test_patterns)  # a bad one stops us here
    check_engines(settings or ScanSettings())
    with stage("registry"):
        patients = None if registry is None else load_registry_any(registry, mapping=registry_map)
    members = load_staff_directory(staff) if staff is not None else None
    today = today or date.today()
    with Case.open(case_dir) as case:
        if settings is not None and settings.encrypt_outputs:
            seal_outputs(case)  # from now on every output of the case is written sealed
        settings = _with_staff(case, settings or ScanSettings(), members, staff)
        settings = _settings_for(case, settings)
        with stage("registry"):
            if patients is not None:
                case.replace_patients(patients)
            registered = list(case.load_patients(Patient).values())
        wave, wave_name = begin_wave(case, str(dump.resolve()), name=wave_name)
        book = StageBook(case, wave, cpu_at_start=cpu_at_start)
        patient_count = len(registered)
        detail = ngettext("{count} patient", "{count} patients", patient_count).format(
            count=patient_count
        )
        progress(ScanProgress(ScanStage.REGISTRY, detail=detail))
        with stage("registry"):
            context = DetectionContext(NameIndex.build(registered), settings, today)
        known = frozenset(case.known_contents())
        set_context(context, known)
        if not settings.ray_address:  # Ray's actors build their own
            with stage("prepare"):
                prepare_workers(settings)  # once, before the workers fork: they share it
        runner = executor or _default_executor(settings, context, case_dir, known)
        with _frozen_heap():
            seen, new = _extract_dump(
                case, dump.absolute(), settings, runner, _Run(wave, known, book), progress
            )
        detail = ngettext("{count} file read", "{count} files read", seen).format(count=seen)
        progress(ScanProgress(ScanStage.LINKING, listed=seen, detail=detail))
        counts = relink_case(case, registered, settings, today=today, progress=progress)
        wave_counts = record_wave_changes(case, wave)
        case.finish_wave(wave)
        stages = book.finish()
    return ScanSummary(
        case_dir, wave, seen, new, *counts[:5], seconds=time.monotonic() - started,
        test_records=counts[5], stages=stages, wave_name=wave_name, wave_counts=wave_counts,
    )  # fmt: skip


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep what the parent built (registry, name index, spaCy) out of the cyclic garbage
    collector while workers fork from it.

    Why: a collection walks every tracked object and writes to it, so in a forked worker
    it copies every page the parent shared (copy-on-write): the spaCy model and the
    registry, once per worker, charged as system time. Frozen objects are never walked.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass(frozen=True, slots=True)
class _Run:
    """What ``_extract_dump`` needs of the scan besides the dump: its wave, the contents
    the case already holds, and where the stage times go."""

    wave: int
    known: frozenset[str]
    book: StageBook


def relink_case(
    case: Case,
    patients: list[Patient],
    settings: ScanSettings,
    *,
    today: date,
    progress: Progress = lambda _: None,
) -> tuple[int, int, int, int, int, int]:
    """Link every stored mention, assess, and rewrite the outputs (every wave together).

    Returns unreadable, partial, notify, review, unregistered and test-record counts.
    """
    with stage("group"):
        mentions = case.load_mentions(PersonMention)
        mentions = _mentions_to_link(case, mentions, settings, patients)
    with stage("link"):
        attributions = _link(case, mentions, patients, settings, today=today)
    with stage("assess"):
        attributions, exposures, unregistered, test_records = _assess(
            attributions, patients, settings, today
        )
    with stage("outputs"):
        case.replace_results(
            attributions=attributions, exposures=exposures, unregistered=unregistered
        )
        exposed = len(exposures)
        detail = ngettext("{count} patient exposed", "{count} patients exposed", exposed).format(
            count=exposed
        )
        progress(ScanProgress(ScanStage.OUTPUTS, detail=detail))
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


def _link(
    case: Case,
    mentions: list[PersonMention],
    patients: list[Patient],
    settings: ScanSettings,
    *,
    today: date,
) -> list[Attribution]:
    """Every mention's attribution, the reviewers' decisions applied."""
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
    return apply_review_decisions(attributions, load_review_decisions(case))


def _assess(
    attributions: list[Attribution], patients: list[Patient], settings: ScanSettings, today: date
) -> tuple[list[Attribution], list[Exposure], list[UnregisteredPerson], list[SeenTestRecord]]:
    """Duplicates merged and test records set apart, then each person's exposure.

    The attributions it returns are the ones stored and written: ``documents.csv`` must
    count a file's patients without its test records and with a duplicate's survivor.
    """
    by_id = {p.patient_id: p for p in patients}
    # Before the merge: a withheld contact is compared with the record it was linked to.
    attributions = restore_own_contacts(attributions, by_id)
    attributions = merge_duplicate_records(
        attributions, find_duplicate_records(patients), notify_threshold=settings.notify_threshold
    )  # a duplicate record's mentions are its survivor's: one person, one letter
    attributions, test_records = set_apart_test_records(
        attributions, find_test_records(patients, test_patterns=settings.test_patterns)
    )
    exposures = assess_exposures(attributions, by_id, today=today)
    unregistered = assess_unregistered(unregistered_clusters(attributions))
    return attributions, exposures, unregistered, test_records


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


def _default_executor(
    settings: ScanSettings, context: DetectionContext, case_dir: Path, known: frozenset[str]
) -> Executor:
    """Ray when asked for (each actor installs the context), else forked local workers,
    sealed: memory-capped, dying with the scan, without the case's descriptors."""
    if settings.ray_address:
        address = None if settings.ray_address == "local" else settings.ray_address
        setup = partial(set_context, context, known)
        return RayExecutor(settings.workers, address=address, setup=setup)
    if settings.workers <= 1:
        return SerialExecutor()
    limits = WorkerLimits(
        memory_bytes=settings.worker_memory_bytes, private_paths=(case_dir.absolute(),)
    )
    return LocalPoolExecutor(settings.workers, limits)


def _extract_dump(
    case: Case,
    dump: Path,
    settings: ScanSettings,
    executor: Executor,
    run: _Run,
    progress: Progress,
) -> tuple[int, int]:
    """List the dump here; walk and read each new file on disk in a worker; commit each
    file of the walk as it comes back.

    The parent only lists, hashes, schedules and writes: every archive, mail and document
    is opened in a sandboxed worker (``pipeline.walk_disk_file``), so nothing a leaked
    file does can stop the scan. A file on disk is committed last, once its whole walk
    is back, so a scan killed inside an archive walks that archive again on resume,
    skipping the members it had already committed. Each item brings the worker's stage
    times with it; they go to ``run.book``.
    """
    writer = _WalkWriter(case, run.wave, run.known)
    done_under = _paths_under(writer.known_paths)
    counter = {"listed": 0, "done": 0, "listing_done": 0, "pages": 0, "ocr_pages": 0}

    def jobs() -> Iterator[DiskJob]:
        listing = listed_files(dump)
        while True:
            with stage("list"):
                file = next(listing, None)
            if file is None:
                break
            counter["listed"] += 1
            path = str(file.path)
            if path in writer.known_paths:
                counter["done"] += 1
                continue
            if file.problem is not None:
                writer.record(file, None)
                counter["done"] += 1
                continue
            duplicate = file.sha256 in writer.known_contents or writer.in_flight[file.sha256] > 0
            writer.in_flight[file.sha256] += 1
            yield DiskJob(file, frozenset(done_under.get(path, ())), duplicate=duplicate)
        counter["listing_done"] = 1

    stream = executor.stream(walk_disk_file, jobs(), timeout_s=settings.per_file_timeout_s)
    for job, outcome in stream:
        with stage("commit"):
            _commit(writer, job, outcome, counter)
        if not isinstance(outcome, JobFailure):
            run.book.add(outcome.times)
        if not isinstance(outcome, JobFailure) and outcome.result is not None:
            counter["pages"] += outcome.result.document.pages
            counter["ocr_pages"] += outcome.result.document.pages * outcome.result.document.ocr
        progress(_reading(counter, writer))
    counter["listing_done"] = 1
    progress(_reading(counter, writer))
    return writer.seen, writer.new


def _commit(
    writer: _WalkWriter,
    job: DiskJob,
    outcome: WalkedFile | JobFailure[DiskJob],
    counter: dict[str, int],
) -> None:
    """Hand one item of a job's walk to the writer."""
    if isinstance(outcome, JobFailure):
        writer.fail(job.file, outcome)
        counter["done"] += 1
    elif outcome.last:
        writer.close(job.file)
        counter["done"] += 1
    elif outcome.starting:
        writer.start(job.file, outcome.file)
    elif str(outcome.file.path) == str(job.file.path):
        writer.hold(outcome)  # the disk file itself: committed when its walk ends
    else:
        writer.record(outcome.file, outcome.result)


def _reading(counter: dict[str, int], writer: _WalkWriter) -> ScanProgress:
    return ScanProgress(
        ScanStage.READING, listed=counter["listed"], listing_done=bool(counter["listing_done"]),
        done=counter["done"], entries=writer.seen, new=writer.new, pages=counter["pages"],
        ocr_pages=counter["ocr_pages"],
    )  # fmt: skip


def _paths_under(paths: set[str]) -> dict[str, set[str]]:
    """Recorded member paths by the disk file they are under."""
    under: dict[str, set[str]] = {}
    for path in paths:
        top, separator, _ = path.partition(SEPARATOR)
        if separator:
            under.setdefault(top, set()).add(path)
    return under


class _WalkWriter:
    """The parent's side of the walk: one ``documents.csv`` row per file, each content
    stored once, the rows of a content still being read elsewhere held until it is."""

    def __init__(self, case: Case, wave: int, known_contents: frozenset[str]) -> None:
        self.case, self.wave = case, wave
        self.known_paths = case.known_paths()
        self.known_contents = set(known_contents)
        #: Contents of disk files sent to a worker and not yet committed, with how many.
        self.in_flight: Counter[str] = Counter()
        self._waiting: dict[str, list[LeakedFile]] = {}
        self._held: dict[str, WalkedFile] = {}
        #: The file each job's worker is reading now, by the job's disk path.
        self._reading: dict[str, LeakedFile] = {}
        self.seen = 0
        self.new = 0

    def start(self, listed: LeakedFile, file: LeakedFile) -> None:
        """The worker began reading ``file``: a crash or a hang from now on is its own."""
        self._reading[str(listed.path)] = file

    def hold(self, item: WalkedFile) -> None:
        """Keep the disk file's own item until its members are all committed."""
        self._held[str(item.file.path)] = item

    def close(self, listed: LeakedFile) -> None:
        """The disk file's walk is over: commit the disk file itself."""
        self._reading.pop(str(listed.path), None)
        item = self._held.pop(str(listed.path), None)
        if item is not None:  # else a killed scan had committed every file of the walk
            self.record(item.file, item.result)
        self._landed(listed.sha256)

    def fail(self, listed: LeakedFile, failure: JobFailure[DiskJob]) -> None:
        """A worker crashed or overran: the file (or the member it was on) gets the
        failure as its reason; what the walk had sent before is kept."""
        reading = self._reading.pop(str(listed.path), None)
        if reading is not None and reading.path != listed.path:
            self.record(reading, _failed(reading, failure))  # the member it died on
        elif reading is not None:
            listed = reading  # the disk file itself, with the kind the worker found
        item = self._held.pop(str(listed.path), None)
        if item is not None and item.result is not None:
            note = f"{failure.reason}: the rest of its members were not read"
            document = replace(item.result.document, status=ReadStatus.PARTIAL, reason=note)
            self.record(item.file, replace(item.result, document=document))
        elif item is not None:
            self.record(item.file, None)
        else:
            self.record(listed, _failed(listed, failure))
        self._landed(listed.sha256)

    def record(self, file: LeakedFile, result: FileResult | None) -> None:
        """Commit one file of the walk: its content with its row, or its row alone."""
        self.seen += 1
        path = str(file.path)
        if path in self.known_paths:
            return
        self.known_paths.add(path)
        self.new += 1
        if file.problem is not None:
            self.case.record_paths([_problem_row(file, self.wave)])
        elif result is not None and file.sha256 not in self.known_contents:
            waiting = self._waiting.pop(file.sha256, [])
            self.case.record_content(
                document=result.document,
                findings=result.findings,
                mentions=result.mentions,
                paths=[_row(f, result.document, self.wave) for f in (file, *waiting)],
            )
            if result.fingerprint is not None:
                record_fingerprint(self.case, result.fingerprint)
            self.known_contents.add(file.sha256)
        elif file.sha256 in self.known_contents:
            self.case.record_paths([_duplicate_row(self.case, file, self.wave)])
        elif self.in_flight[file.sha256] > 0:
            self._waiting.setdefault(file.sha256, []).append(file)
        else:
            self.case.record_paths([_duplicate_row(self.case, file, self.wave)])

    def _landed(self, sha256: str) -> None:
        """One job of this content is over; once none is left, rows still waiting for it
        (nobody will commit it now) get what the case says of it."""
        self.in_flight[sha256] -= 1
        if self.in_flight[sha256] > 0:
            return
        del self.in_flight[sha256]
        for file in self._waiting.pop(sha256, []):
            self.case.record_paths([_duplicate_row(self.case, file, self.wave)])


_FAILURE_REASONS = {"timeout": Reason.TIMEOUT, "out_of_memory": Reason.OUT_OF_MEMORY}


def _failed(file: LeakedFile, failure: JobFailure[DiskJob]) -> FileResult:
    reason = _FAILURE_REASONS.get(failure.reason, Reason.CRASHED)
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
