"""``leakmap match``: is this file from our leak, which documents, whose are they?

The story: open the case, index its fingerprints, walk and read each queried file in a
sealed worker (it may be hostile, like any leaked file), and lay what it matches over
the case's attributions: the documents and pages it comes from, the patients they
expose, and whether it holds text the case has never seen (then it may be new data, to
scan as a new wave). Writes ``matches.csv`` in the case, and nothing else anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from leakmap.executors import JobFailure, LocalPoolExecutor, WorkerLimits
from leakmap.fingerprint.index import FingerprintIndex, TextNovelty
from leakmap.fingerprint.query import QueriedFile, QueryJob, install_index, query_disk_file
from leakmap.link.attribution import Attribution
from leakmap.report.output_files import write_output_csv
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.fingerprints import load_fingerprints
from leakmap.vocabulary import ARCHIVE_KINDS
from leakmap.walk.dump import listed_files
from leakmap.walk.leaked_file import LeakedFile

MATCHES_FILE = "matches.csv"
MATCHES_COLUMNS = (
    "query", "queried_path", "queried_sha256", "verdict", "method", "score",
    "document", "document_sha256", "pages", "patients", "new_text_share",
)  # fmt: skip


class Verdict:
    """What a queried file is, in ``matches.csv``'s ``verdict`` column."""

    FROM_CASE = "from_case"  # every part of it is in case documents
    NEW_DATA = "new_data"  # it holds text no case document holds (maybe with matches)
    NO_MATCH = "no_match"  # nothing of it is in the case, and no text was read
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A case document a queried file comes from, with the pages and patients."""

    path: str
    sha256: str
    method: str  # sha256, text or page
    score: float
    pages: tuple[int, ...]
    patients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FileMatch:
    """One queried file (or a member of one): its verdict and the documents it matches."""

    query: int
    path: str
    sha256: str
    verdict: str
    hits: tuple[DocumentHit, ...]
    new_text_share: float

    @property
    def patients(self) -> tuple[str, ...]:
        """Every patient the matched pages expose, sorted."""
        return tuple(sorted({p for hit in self.hits for p in hit.patients}))


@dataclass(frozen=True, slots=True)
class MatchReport:
    """What ``leakmap match`` found, and where it wrote it."""

    files: tuple[FileMatch, ...]
    written: Path
    case_documents: int
    fingerprinted: int


def match_files(
    case_dir: Path, queried: Sequence[Path], *, settings: ScanSettings | None = None
) -> MatchReport:
    """Match every queried file (folders and archives walked) against the case."""
    settings = settings or ScanSettings()
    with Case.open(case_dir, writer=False) as case:
        fingerprints = load_fingerprints(case)
        index = FingerprintIndex(fingerprints)
        places = _CasePlaces.load(case, index)
        install_index(index, settings)
        files = tuple(_matched(places, index, _results(queried, settings, case_dir)))
        with case.writing():
            written = write_output_csv(
                case_dir, case_dir / MATCHES_FILE, MATCHES_COLUMNS, _csv_rows(files)
            )
        documents = len({d.sha256 for d in case.documents()})
    return MatchReport(files, written, documents, len(fingerprints))


def _results(
    queried: Sequence[Path], settings: ScanSettings, case_dir: Path
) -> Iterator[tuple[int, QueriedFile]]:
    """(query number, result) for every file of every queried path, read in workers."""
    jobs = (QueryJob(number, file) for number, path in enumerate(queried, 1)
            for file in listed_files(path))  # fmt: skip
    limits = WorkerLimits(settings.worker_memory_bytes, private_paths=(case_dir.absolute(),))
    executor = LocalPoolExecutor(max(1, settings.workers), limits)
    for job, outcome in executor.stream(
        query_disk_file, jobs, timeout_s=settings.per_file_timeout_s
    ):
        if isinstance(outcome, JobFailure):
            outcome = _failed(job.file, outcome.reason)
        yield job.query, outcome


def _failed(file: LeakedFile, reason: str) -> QueriedFile:
    return QueriedFile(str(file.path), file.sha256, file.kind, None, (), (),
                       TextNovelty(0, 0), read=False, problem=reason)  # fmt: skip


class _CasePlaces:
    """Where the case's contents sit (their paths) and whom their pages expose."""

    def __init__(self, paths: dict[str, str], patients: dict[tuple[str, int], set[str]]) -> None:
        self.paths = paths
        self.patients = patients

    @classmethod
    def load(cls, case: Case, index: FingerprintIndex) -> _CasePlaces:
        paths: dict[str, str] = {}
        for row in case.documents():
            paths.setdefault(row.sha256, row.path)
        patients: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
        for attribution in case.load_records("attributions", Attribution):
            if attribution.patient_id is None:
                continue
            mention = attribution.mention
            patients[(mention.sha256, mention.location.page)].add(attribution.patient_id)
            patients[(mention.sha256, 0)].add(attribution.patient_id)  # the whole document
        return cls(paths, dict(patients))

    def hit(self, sha256: str, method: str, score: float, pages: tuple[int, ...]) -> DocumentHit:
        found: set[str] = set()
        for page in pages or (0,):
            found |= self.patients.get((sha256, page), set())
        if pages and not found:  # a page nobody was found on: the document's people
            found = self.patients.get((sha256, 0), set())
        path = self.paths.get(sha256, "")
        return DocumentHit(path, sha256, method, round(score, 3), pages, tuple(sorted(found)))


def _matched(
    places: _CasePlaces, index: FingerprintIndex, results: Iterator[tuple[int, QueriedFile]]
) -> Iterator[FileMatch]:
    for number, result in results:
        if result.kind in ARCHIVE_KINDS and result.exact is None and result.read:
            continue  # its members answer for it
        yield _file_match(number, result, places, index)


def _file_match(
    number: int, result: QueriedFile, places: _CasePlaces, index: FingerprintIndex
) -> FileMatch:
    hits: list[DocumentHit] = []
    if result.exact is not None:
        hits.append(places.hit(index.sha256[result.exact], "sha256", 1.0, ()))
    for match in result.text:
        hits.append(places.hit(index.sha256[match.document], "text", match.score, ()))
    by_document: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
    for page in result.pages:
        if page is not None:
            by_document[page.document].append((page.page, page.score))
    for document, pages in by_document.items():
        score = min(s for _, s in pages)
        hits.append(places.hit(index.sha256[document], "page", score, tuple(p for p, _ in pages)))
    hits = _one_hit_per_document(hits)
    share = result.novelty.unseen / result.novelty.shingles if result.novelty.shingles else 0.0
    return FileMatch(number, result.path, result.sha256, _verdict(result, hits), tuple(hits),
                     round(share, 3))  # fmt: skip


def _one_hit_per_document(hits: list[DocumentHit]) -> list[DocumentHit]:
    best: dict[str, DocumentHit] = {}
    for hit in hits:
        if hit.sha256 not in best or hit.score > best[hit.sha256].score:
            best[hit.sha256] = hit
    return sorted(best.values(), key=lambda h: -h.score)


def _verdict(result: QueriedFile, hits: list[DocumentHit]) -> str:
    """New data first: a file holding case pages and unseen text may be the next wave."""
    if result.novelty.is_new_data:
        return Verdict.NEW_DATA
    if hits:
        return Verdict.FROM_CASE
    return Verdict.NO_MATCH if result.read else Verdict.UNREADABLE


def _csv_rows(files: Sequence[FileMatch]) -> Iterator[tuple[object, ...]]:
    for file in files:
        for hit in file.hits or (None,):
            yield (
                file.query, file.path, file.sha256, file.verdict,
                hit.method if hit else "", hit.score if hit else "",
                hit.path if hit else "", hit.sha256 if hit else "",
                ";".join(map(str, hit.pages)) if hit else "",
                ";".join(hit.patients) if hit else "", file.new_text_share,
            )  # fmt: skip
