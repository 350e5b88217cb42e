"""The per-file work a worker does: extract, detect, group. Pure: it returns, never writes.

The detection context (the registry's name automaton, settings) is set once in the parent
before workers fork, and read from here by every job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.findings import DocumentFindings
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.vocabulary import ReadStatus
from leakmap.walk.leaked_file import LeakedFile

_context: DetectionContext | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one leaked file yields: its extraction, findings and person mentions."""

    document: ExtractedDocument
    findings: DocumentFindings
    mentions: tuple[PersonMention, ...]


def set_context(context: DetectionContext) -> None:
    """Install the detection context for this process and the workers it forks."""
    global _context
    _context = context


def process_file(file: LeakedFile) -> FileResult:
    """Extract, detect and group one leaked file.

    This is the per-file error boundary: a failure in detection is recorded on the
    document (``partial``) instead of stopping the scan.
    """
    if _context is None:
        raise RuntimeError("process_file called before set_context")
    document = extract_file(file, _context.settings)
    try:
        findings = detect_document(document, _context)
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
