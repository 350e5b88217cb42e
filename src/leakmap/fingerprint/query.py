"""What one queried file matches, worked out in a sealed worker.

A file handed to ``leakmap match`` may be as hostile as any leaked file (it may be one),
so it is walked and read here, in a worker, with the walk and extraction of a scan; what
goes back to the parent is hashes' verdicts and counts, never a byte or a word of it.

An image is first compared by its page hashes, which is fast; only when a page finds
no case page does the image go through OCR and its text through the text index: first a
quick reading, band by band, that stops at the first document it names
(``quick_reading``), then, when it names none, the scan's reading, which alone may
call the file new data or no match.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace

from PIL import Image

from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.extract.tesseract import tesseract_available
from leakmap.fingerprint.compute import fingerprint_file, page_images
from leakmap.fingerprint.index import FingerprintIndex, PageMatch, TextMatch, TextNovelty
from leakmap.fingerprint.page_hashes import page_hashes
from leakmap.fingerprint.quick_reading import quick_bands
from leakmap.fingerprint.text_shingles import text_fingerprint
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ARCHIVE_KINDS, FileKind, ReadStatus
from leakmap.walk.dump import expand_listed
from leakmap.walk.leaked_file import LeakedFile

_index: FingerprintIndex | None = None
_settings = ScanSettings()


@dataclass(frozen=True, slots=True)
class QueriedFile:
    """What one queried file (or member of one) matches; no content of it.

    ``exact`` is the case document with the same bytes; ``text`` the documents holding
    its text; ``pages`` the case page each of its page images shows (``None`` where none
    does); ``novelty`` how much of its text the case has never seen; ``read`` false when
    neither its text nor its pages could be read.
    """

    path: str
    sha256: str
    kind: FileKind
    exact: int | None
    text: tuple[TextMatch, ...]
    pages: tuple[PageMatch | None, ...]
    novelty: TextNovelty
    ocr: bool = False
    read: bool = True
    problem: str = ""


def install_index(index: FingerprintIndex, settings: ScanSettings) -> None:
    """Set the case's index for this process and the workers it forks."""
    global _index, _settings
    _index, _settings = index, settings


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One queried file on disk, with the number of the argument it came from."""

    query: int
    file: LeakedFile


def query_disk_file(job: QueryJob) -> Iterator[QueriedFile]:
    """Every file of a queried file's walk (itself, then its members), matched."""
    if _index is None:
        raise RuntimeError("query_disk_file called before install_index")
    for found in expand_listed(job.file, _settings):
        yield match_one(found, _index)


def match_one(file: LeakedFile, index: FingerprintIndex) -> QueriedFile:
    """One file of the walk against the index (per-file failures are data)."""
    exact = index.exact(file.sha256) if file.size > 0 else None  # every empty file is alike
    blank = QueriedFile(str(file.path), file.sha256, file.kind, exact, (), (), TextNovelty(0, 0))
    if file.problem is not None:
        return replace(blank, read=False, problem=file.problem.value)
    if file.kind in ARCHIVE_KINDS or exact is not None:
        return blank
    pages: tuple[PageMatch | None, ...] = ()
    if file.kind is FileKind.IMAGE:
        pages, unmatched = _image_pages(file, index)
        if pages and all(pages):
            return replace(blank, pages=pages)
        quick = _quick_text(file, unmatched, index)
        if quick is not None:
            text, novelty = quick
            return replace(blank, text=text, pages=pages, novelty=novelty, ocr=True)
    document = extract_file(file, _settings)
    scanned_pdf = file.kind is FileKind.PDF and document.ocr
    fingerprint = fingerprint_file(
        file, document, regions=False, pages=scanned_pdf, within_lines=document.ocr
    )
    if scanned_pdf:
        pages = tuple(_best(p.hashes[0], index) for p in fingerprint.pages)
    return replace(
        blank,
        text=index.match_text(fingerprint.shingles, ocr=document.ocr),
        pages=pages,
        novelty=index.novelty(fingerprint.shingles),
        ocr=document.ocr,
        read=_was_read(document),
    )


def _image_pages(
    file: LeakedFile, index: FingerprintIndex
) -> tuple[tuple[PageMatch | None, ...], list[tuple[int, Image.Image]]]:
    """The case page each inked frame shows (``None`` where none), and the inked frames
    that showed none (number from 1, image as decoded for its hashes)."""
    try:
        images = list(page_images(file))
    except Exception:  # noqa: BLE001 - an image that will not decode goes to extraction
        return (), []
    pages: list[PageMatch | None] = []
    unmatched: list[tuple[int, Image.Image]] = []
    for number, image, _ in images:
        hashes = page_hashes(image, regions=False)
        if hashes:
            pages.append(found := _best(hashes[0], index))
            if found is None:
                unmatched.append((number, image))
    return tuple(pages), unmatched


def _quick_text(
    file: LeakedFile, frames: list[tuple[int, Image.Image]], index: FingerprintIndex
) -> tuple[tuple[TextMatch, ...], TextNovelty] | None:
    """The documents a quick reading of the frames no case page matched names, read band
    by band (``quick_reading``) until they are one text, or to the end; ``None`` when it
    names none, or when what was read looks like new data: the scan's reading answers
    then, never this one.

    Not on the first documents named: the first bands of a crop may hold only a stock
    sentence that several case letters share (seen on the bench: four letters tied).
    """
    lines: list[str] = []
    text: tuple[TextMatch, ...] = ()
    shingles: tuple[int, ...] = ()
    try:
        for band in _frame_bands(file, frames):
            if not band:
                continue
            lines.extend(band)
            shingles, _ = text_fingerprint(["\n".join(lines)], within_lines=True)
            text = index.match_text(shingles, ocr=True)
            if text and index.one_text(text):
                break
    except Exception:  # noqa: BLE001 - whatever fails here, the scan's reading answers
        return None
    novelty = index.novelty(shingles)
    return (text, novelty) if text and not novelty.is_new_data else None


def _frame_bands(file: LeakedFile, frames: list[tuple[int, Image.Image]]) -> Iterator[list[str]]:
    """Each band's lines, frame after frame."""
    if not frames or not tesseract_available():
        return
    for image in _whole_frames(file, frames):
        yield from quick_bands(image)


def _whole_frames(file: LeakedFile, frames: list[tuple[int, Image.Image]]) -> list[Image.Image]:
    """The frames at their full size: one decoded small for its hashes (a JPEG's draft)
    is decoded again."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        source = Image.open(io.BytesIO(file.read_bytes()))
        whole = []
        for number, image in frames:
            source.seek(number - 1)
            whole.append(image if image.size == source.size else source.convert("L"))
        return whole


def _best(page_hash: int, index: FingerprintIndex) -> PageMatch | None:
    return index.match_page(page_hash)


def _was_read(document: ExtractedDocument) -> bool:
    return document.char_count > 0 or document.status is not ReadStatus.UNREADABLE
