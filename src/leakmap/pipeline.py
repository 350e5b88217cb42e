"""The per-file work a worker does: extract, detect, group. Pure: it returns, never writes.

The detection context (the registry's name automaton, settings) is set once in the parent
before workers fork, and read from here by every job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.findings import DocumentFindings
from leakmap.detect.name_parts import prepare_name_lexicon
from leakmap.detect.ner import prepare_ner
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.fingerprint import DocumentFingerprint, fingerprint_file
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.settings import ScanSettings
from leakmap.stage_clock import StageTime, reading_kind, stage, take_times
from leakmap.vocabulary import ReadStatus, Reason
from leakmap.walk.dump import expand_listed
from leakmap.walk.leaked_file import LeakedFile

_context: DetectionContext | None = None
#: Contents this process has read (or the case held when the workers forked): a member
#: met again in another archive is sent back as a duplicate, not read twice.
_seen: set[str] = set()


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one leaked file yields: its extraction, findings and person mentions."""

    document: ExtractedDocument
    findings: DocumentFindings
    mentions: tuple[PersonMention, ...]
    #: What ``leakmap match`` recognises the document by (hashes only, no text).
    fingerprint: DocumentFingerprint | None = None


@dataclass(frozen=True, slots=True)
class DiskJob:
    """One file on disk for a worker to walk and read, with what the case already has."""

    file: LeakedFile
    #: Paths under this file that a killed scan already recorded: not read again.
    done: frozenset[str] = frozenset()
    #: The file's content is read already (another path, an earlier wave): only its
    #: members, if it is a container, still need their rows.
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """What a worker sends back for one file of its walk; never the file's bytes.

    ``result`` is set when the worker read the file; ``None`` for a file with a
    ``problem``, a ``duplicate`` content, a file the worker is ``starting`` to read (so
    that a crash or a hang on it is charged to it, with its kind), or the ``last`` item
    that closes a job.
    """

    file: LeakedFile
    result: FileResult | None = None
    duplicate: bool = False
    starting: bool = False
    #: The job's walk is over: ``file`` is the disk file the job was about.
    last: bool = False
    #: The worker's stage times since its previous item (``stage_clock``), for the parent
    #: to add up: the walk to this file and, with a ``result``, its reading.
    times: tuple[StageTime, ...] = ()


def set_context(context: DetectionContext, known_contents: frozenset[str] = frozenset()) -> None:
    """Install the detection context for this process and the workers it forks."""
    global _context
    _context = context
    _seen.clear()
    _seen.update(known_contents)


def prepare_workers(settings: ScanSettings) -> None:
    """Build now, in the parent, what each worker would otherwise build on its first file.

    Why: workers fork from the parent, so what it holds before the fork is shared
    copy-on-write; what a worker builds after, every worker builds again. Measured per
    worker (``leakmap stages``, 300-file hospital): spaCy's French data and model 5 CPU s,
    the name lexicon 0.3 s, numpy's import 0.1 s.
    """
    import numpy  # noqa: F401 - imported lazily by the image and fingerprint paths

    if settings.use_ner:
        prepare_ner()
    prepare_name_lexicon()


def walk_disk_file(job: DiskJob) -> Iterator[WalkedFile]:
    """Sniff, open and read one file on disk and everything inside it, in this worker.

    This is where leaked bytes are parsed: archives, mails and every document format,
    never in the parent. Each file of the walk goes back as soon as it is read.
    """
    if _context is None:
        raise RuntimeError("walk_disk_file called before set_context")
    top = True
    files = expand_listed(job.file, _context.settings)
    while True:
        with stage("walk", kind=""):  # the kind is the worker's to find: not per kind
            file = next(files, None)
        if file is None:
            break
        path = str(file.path)
        meta = replace(file, content=None)
        if path in job.done:
            pass
        elif file.problem is not None:
            yield WalkedFile(meta, times=take_times())
        elif (top and job.duplicate) or file.sha256 in _seen:
            yield WalkedFile(meta, duplicate=True, times=take_times())
        else:
            _seen.add(file.sha256)
            yield WalkedFile(meta, starting=True)
            result = _read(file)
            yield WalkedFile(meta, result, times=take_times())
        top = False
    yield WalkedFile(job.file, last=True, times=take_times())


def _read(file: LeakedFile) -> FileResult:
    try:
        result = process_file(file)
        with reading_kind(file.kind.value), stage("fingerprint"):
            fingerprint = fingerprint_file(file, result.document)
        return replace(result, fingerprint=fingerprint)
    except MemoryError:
        document = ExtractedDocument(
            path=str(file.path), sha256=file.sha256, kind=file.kind,
            status=ReadStatus.UNREADABLE, reason=Reason.OUT_OF_MEMORY.value,
        )  # fmt: skip
        return FileResult(document, empty_findings(document), ())


def process_file(file: LeakedFile) -> FileResult:
    """Extract, detect and group one leaked file.

    This is the per-file error boundary: a failure in detection is recorded on the
    document (``partial``) instead of stopping the scan.
    """
    if _context is None:
        raise RuntimeError("process_file called before set_context")
    with reading_kind(file.kind.value):
        with stage("extract"):
            document = extract_file(file, _context.settings)
        try:
            with stage("detect"):
                findings = detect_document(document, _context)
            with stage("group"):
                mentions = group_mentions(findings, document)
        except Exception as error:  # noqa: BLE001 - per-file boundary, reason recorded
            document = _mark_partial(document, f"detection_failed: {type(error).__name__}")
            findings = empty_findings(document)
            mentions = ()
    return FileResult(document, findings, mentions)


def empty_findings(document: ExtractedDocument) -> DocumentFindings:
    """Findings of a document nothing could be detected in."""
    return DocumentFindings(document.path, document.sha256, (), (), (), frozenset())


def _mark_partial(document: ExtractedDocument, reason: str) -> ExtractedDocument:
    return replace(document, status=ReadStatus.PARTIAL, reason=reason, blocks=(), rows=())
