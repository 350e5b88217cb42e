"""A mention's evidence and page image, read from the case (and the dump, for images)."""

from __future__ import annotations

from leakmap.extract.document import ExtractedDocument
from leakmap.group.mention import PersonMention
from leakmap.review.evidence import Evidence, mention_evidence
from leakmap.review.page_image import crop_region, leaked_bytes
from leakmap.store import Case
from leakmap.store.reviews import document_sources, load_document_findings
from leakmap.vocabulary import FileKind

_IMAGE_KINDS = (FileKind.PDF.value, FileKind.IMAGE.value)


def evidence_of(case: Case, mention: PersonMention) -> Evidence:
    """The masked text around ``mention``, from the stored document and findings."""
    document = case.load_contents(ExtractedDocument, mention.sha256)
    return mention_evidence(document, load_document_findings(case, mention.sha256), mention)


def has_page_image(case: Case, mention: PersonMention, evidence: Evidence) -> bool:
    """Whether a cropped page image can be drawn for this evidence."""
    return evidence.region is not None and _source(case, mention.sha256) is not None


def page_image(case: Case, mention: PersonMention) -> bytes | None:
    """The PNG of the mention's page region, other people's words blacked out, or ``None``."""
    evidence = evidence_of(case, mention)
    source = _source(case, mention.sha256)
    if evidence.region is None or source is None:
        return None
    return crop_region(source[0], source[1], evidence.region)


def _source(case: Case, sha256: str) -> tuple[bytes, FileKind] | None:
    """The leaked file's bytes and kind, when it can still be read where it was found."""
    row = case.content_row(sha256)
    if row is None or row[0] not in _IMAGE_KINDS:
        return None
    data = leaked_bytes(document_sources(case, sha256), sha256)
    return (data, FileKind(row[0])) if data is not None else None
