"""A mention's evidence and page image, read from the case (and the dump, for images).

The page image means opening the leaked file again (a PDF, an image, the archives around
it): hostile bytes, parsed like the scan's, in a sealed worker with a memory cap and a
time limit, never in the review server itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leakmap.executors import LocalPoolExecutor, WorkerLimits
from leakmap.extract.document import ExtractedDocument
from leakmap.group.mention import PersonMention
from leakmap.review.evidence import Evidence, ScanRegion, mention_evidence
from leakmap.review.page_image import crop_region, leaked_bytes
from leakmap.store import Case
from leakmap.store.reviews import document_sources, load_document_findings
from leakmap.vocabulary import FileKind

_IMAGE_KINDS = (FileKind.PDF.value, FileKind.IMAGE.value)


def evidence_of(case: Case, mention: PersonMention) -> Evidence:
    """The masked text around ``mention``, from the stored document and findings."""
    document = case.load_contents(ExtractedDocument, mention.sha256)
    return mention_evidence(document, load_document_findings(case, mention.sha256), mention)


#: Time and memory the worker drawing one page image may take.
IMAGE_TIMEOUT_S = 30.0
IMAGE_MEMORY_BYTES = 768 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _ImageRequest:
    """What the drawing worker needs: where the leaked file was, and what to draw."""

    sources: tuple[tuple[str, str], ...]
    sha256: str
    kind: FileKind
    region: ScanRegion


def has_page_image(case: Case, mention: PersonMention, evidence: Evidence) -> bool:
    """Whether a cropped page image can be drawn for this evidence."""
    return evidence.region is not None and _request(case, mention.sha256, evidence) is not None


def page_image(case: Case, mention: PersonMention) -> bytes | None:
    """The PNG of the mention's page region, other people's words blacked out, or ``None``
    (also when the leaked file is gone, changed, or too much for the drawing worker)."""
    request = _request(case, mention.sha256, evidence_of(case, mention))
    if request is None:
        return None
    limits = WorkerLimits(memory_bytes=IMAGE_MEMORY_BYTES, private_paths=(case.directory,))
    pool = LocalPoolExecutor(1, limits)
    [(_, image)] = list(pool.run(_draw, [request], timeout_s=IMAGE_TIMEOUT_S))
    return image if isinstance(image, bytes) else None


def _request(case: Case, sha256: str, evidence: Evidence) -> _ImageRequest | None:
    row = case.content_row(sha256)
    if evidence.region is None or row is None or row[0] not in _IMAGE_KINDS:
        return None
    sources = tuple(document_sources(case, sha256))
    if not any(Path(dump).exists() for _, dump in sources):
        return None
    return _ImageRequest(sources, sha256, FileKind(row[0]), evidence.region)


def _draw(request: _ImageRequest) -> bytes | None:
    """In the worker: read the leaked file where it was found, check it, draw the crop."""
    data = leaked_bytes(list(request.sources), request.sha256)
    return None if data is None else crop_region(data, request.kind, request.region)
