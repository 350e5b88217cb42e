"""The evidence a reviewer sees: the text around a mention, other people masked.

A reviewer must judge whether the person in the leak is the registry patient, and needs
the words around the mention for that. The same page usually names other people (a
relative, a clinician, the next patient of a worklist): their names and identifiers are
replaced by a label before the text leaves the server, so the review itself exposes no
one beyond the person under review. Masking covers what detection found; text the
detectors missed is shown as it is, and the page says so.

For a scanned page (text from OCR, with word boxes) the evidence also names the page
region to crop, and the boxes of the masked words to black out on the image.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from leakmap.detect.findings import DocumentFindings, IdentifierKind, Location
from leakmap.detect.rows import row_text
from leakmap.extract.document import Box, ExtractedDocument, TextBlock
from leakmap.group.mention import PersonMention
from leakmap.i18n import gettext

#: Characters shown before and after the mention's name in running text.
CHARS_BEFORE = 160
CHARS_AFTER = 360
_WORD_SNAP = 30  # how far a window edge may move to avoid cutting a word

_MASK_LABELS = {
    IdentifierKind.BIRTH_DATE: "birth date",
    IdentifierKind.IPP: "hospital id",
    IdentifierKind.NDA: "stay number",
    IdentifierKind.NIR: "social security number",
    IdentifierKind.PHONE: "phone",
    IdentifierKind.EMAIL: "e-mail",
    IdentifierKind.IBAN: "bank account",
    IdentifierKind.CARD: "card number",
    IdentifierKind.ADDRESS: "address",
    IdentifierKind.POSTCODE: "postcode",
}


class SegmentKind(StrEnum):
    """How a piece of evidence text is shown."""

    TEXT = "text"
    OWN = "own"  # the mention's own name or identifier, highlighted
    MASKED = "masked"  # another person's: only its label is sent


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of evidence text; for a masked run, ``text`` is the label, never the value."""

    text: str
    kind: SegmentKind


@dataclass(frozen=True, slots=True)
class ScanRegion:
    """The part of a scanned page to crop, in OCR pixels, and the boxes to black out."""

    page: int
    box: Box
    masks: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the reviewer reads for one mention."""

    document: str
    where: str
    segments: tuple[Segment, ...]
    headers: tuple[str, ...] = ()
    is_scan: bool = False
    region: ScanRegion | None = None
    cut_before: bool = False
    cut_after: bool = False


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: SegmentKind
    label: str


def mention_evidence(
    document: ExtractedDocument | None,
    findings: DocumentFindings | None,
    mention: PersonMention,
) -> Evidence:
    """The masked text around ``mention`` (and its scan region when OCR'd)."""
    place = _place_text(document, mention.location)
    if document is None or place is None:
        return Evidence(mention.document, "the stored text of this document is missing", ())
    text, where, headers, block = place
    spans = _spans(findings, mention) if findings is not None else []
    low, high = _window(text, mention.location, spans, whole=block is None)
    segments = _segments(text, low, high, spans)
    region = _scan_region(block, low, high, spans) if block else None
    return Evidence(
        document=mention.document,
        where=where,
        segments=segments,
        headers=headers,
        is_scan=bool(block and block.ocr),
        region=region,
        cut_before=low > 0,
        cut_after=high < len(text),
    )


def _place_text(
    document: ExtractedDocument | None, location: Location
) -> tuple[str, str, tuple[str, ...], TextBlock | None] | None:
    """The text a location points into, where it is, row headers, and its block."""
    if document is None:
        return None
    if 0 <= location.row < len(document.rows):
        row = document.rows[location.row]
        where = (
            gettext("table {sheet}, row {row}").format(sheet=repr(row.sheet), row=row.index)
            if row.sheet
            else gettext("row {row}").format(row=row.index)
        )
        return row_text(row), where, tuple(h for h, _ in row.cells), None
    if 0 <= location.block < len(document.blocks):
        block = document.blocks[location.block]
        return block.text, gettext("page {page}").format(page=block.page), (), block
    return None


def _spans(findings: DocumentFindings, mention: PersonMention) -> list[_Span]:
    """Names and identifiers in the mention's block or row: its own, and others' masked."""
    place = (mention.location.block, mention.location.row)
    own_values = _own_values(mention)
    spans = []
    for hit in findings.names:
        if (hit.location.block, hit.location.row) != place:
            continue
        own = (hit.location.start, hit.location.end) == (
            mention.location.start,
            mention.location.end,
        )
        kind = SegmentKind.OWN if own else SegmentKind.MASKED
        spans.append(_Span(hit.location.start, hit.location.end, kind, "name"))
    for identifier in findings.identifiers:
        label = _MASK_LABELS.get(identifier.kind)
        if label is None or (identifier.location.block, identifier.location.row) != place:
            continue
        kind = SegmentKind.OWN if identifier.value in own_values else SegmentKind.MASKED
        spans.append(_Span(identifier.location.start, identifier.location.end, kind, label))
    return _merge(spans)


def _own_values(mention: PersonMention) -> frozenset[str]:
    values = {mention.ipp, mention.nda, mention.nir, mention.phone, mention.email}
    values |= {mention.postcode, mention.birth_date.isoformat() if mention.birth_date else ""}
    return frozenset(v for v in values if v)


def _merge(spans: list[_Span]) -> list[_Span]:
    """Overlapping spans become one; masked wins, so an overlap never reveals a value."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            masked = SegmentKind.MASKED in (last.kind, span.kind)
            merged[-1] = _Span(
                last.start,
                max(last.end, span.end),
                SegmentKind.MASKED if masked else last.kind,
                last.label if last.kind is SegmentKind.MASKED or not masked else span.label,
            )
        else:
            merged.append(span)
    return merged


def _window(text: str, location: Location, spans: list[_Span], *, whole: bool) -> tuple[int, int]:
    """Bounds of the shown text: around the name, at word edges, never cutting a span."""
    if whole:
        return 0, len(text)
    low = max(0, location.start - CHARS_BEFORE)
    high = min(len(text), location.end + CHARS_AFTER)
    low = _snap_back(text, low)
    high = _snap_forward(text, high)
    for span in spans:
        if span.start < low < span.end:
            low = span.start
        if span.start < high < span.end:
            high = span.end
    return low, high


def _snap_back(text: str, index: int) -> int:
    floor = max(0, index - _WORD_SNAP)
    while index > floor and not text[index - 1].isspace():
        index -= 1
    return index


def _snap_forward(text: str, index: int) -> int:
    ceiling = min(len(text), index + _WORD_SNAP)
    while index < ceiling and not text[index].isspace():
        index += 1
    return index


def _segments(text: str, low: int, high: int, spans: list[_Span]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    cursor = low
    for span in spans:
        if span.end <= low or span.start >= high:
            continue
        if span.start > cursor:
            segments.append(Segment(text[cursor : span.start], SegmentKind.TEXT))
        shown = f"[{span.label} hidden]" if span.kind is SegmentKind.MASKED else None
        segments.append(Segment(shown or text[span.start : span.end], span.kind))
        cursor = span.end
    if cursor < high:
        segments.append(Segment(text[cursor:high], SegmentKind.TEXT))
    return tuple(segments)


def _scan_region(block: TextBlock, low: int, high: int, spans: list[_Span]) -> ScanRegion | None:
    """The boxes of the words shown, united; the words of masked spans, to black out."""
    if not block.ocr or not block.words:
        return None
    shown = [box for start, end, box in block.words if start < high and end > low]
    if not shown:
        return None
    masked = [s for s in spans if s.kind is SegmentKind.MASKED]
    masks = tuple(
        box
        for start, end, box in block.words
        if any(start < s.end and end > s.start for s in masked)
    )
    return ScanRegion(block.page, _union(shown), masks)


def _union(boxes: list[Box]) -> Box:
    left = min(b.left for b in boxes)
    top = min(b.top for b in boxes)
    right = max(b.left + b.width for b in boxes)
    bottom = max(b.top + b.height for b in boxes)
    return Box(left, top, right - left, bottom - top)
