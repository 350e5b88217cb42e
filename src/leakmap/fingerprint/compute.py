"""One document's fingerprint, computed in the worker that read it.

Cost (``benchmarks/bench_match.py`` prints it): the text part is one hash per word; each
page of a PDF is drawn by pdfium at ``RENDER_DPI`` (a 331 x 468 image for A4) and hashed
55 times, about 25 ms a page; an image's frames are hashed as they are. Pages past
``MAX_PAGES`` are not hashed (their text still is).
"""

from __future__ import annotations

import io
import itertools
import warnings
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image

from leakmap.extract.document import ExtractedDocument
from leakmap.fingerprint.page_hashes import page_hashes
from leakmap.fingerprint.records import DocumentFingerprint, PageFingerprint
from leakmap.fingerprint.text_shingles import text_fingerprint
from leakmap.vocabulary import FileKind, ReadStatus
from leakmap.walk.leaked_file import LeakedFile

#: Resolution text pages are drawn at for their hashes: the hashes look at 32 x 32
#: pixels of the inked area, so more would only cost time.
RENDER_DPI = 80
#: Pages of one document hashed at most (a 900-page export is recognised by its text).
MAX_PAGES = 30
#: Pixels an image frame may hold to be hashed (larger ones are decoded by OCR only).
MAX_FRAME_PIXELS = 80_000_000


def fingerprint_file(
    file: LeakedFile,
    document: ExtractedDocument,
    *,
    regions: bool = True,
    pages: bool = True,
    within_lines: bool = False,
) -> DocumentFingerprint:
    """Shingles of the document's text and hashes of its pages.

    ``regions`` is false for a queried file: its whole page is compared with the case's
    pages and their regions; ``within_lines`` takes a queried OCR text's shingles within
    its lines (a crop cuts them); ``pages`` false skips the page hashes (a queried text PDF is
    matched by its text). Never raises for a bad file: what cannot be drawn gets no
    page hashes.
    """
    shingles, count = text_fingerprint(texts_of(document), within_lines=within_lines)
    hashed: tuple[PageFingerprint, ...] = ()
    if pages and document.status is not ReadStatus.UNREADABLE and file.kind in _PAGED_KINDS:
        try:
            hashed = tuple(_page_fingerprints(file, document, regions=regions))
        except Exception:  # noqa: BLE001 - a page that will not draw has no hash, nothing else
            hashed = ()
    return DocumentFingerprint(file.sha256, shingles, count, hashed)


def texts_of(document: ExtractedDocument) -> Iterator[str]:
    """The document's running text, then its table rows' values, one string each."""
    for block in document.blocks:
        yield block.text
    for row in document.rows:
        yield " ".join(value for _, value in row.cells)


def page_images(file: LeakedFile) -> Iterator[tuple[int, Image.Image, bool]]:
    """(page, image, rendered) for the pages of a PDF or the frames of an image file."""
    data = file.read_bytes()
    if file.kind is FileKind.PDF:
        yield from _pdf_pages(data)
    else:
        yield from _frames(data)


def _page_fingerprints(
    file: LeakedFile, document: ExtractedDocument, *, regions: bool
) -> Iterator[PageFingerprint]:
    ocr_pages = {block.page for block in document.blocks if block.ocr}
    for page, image, rendered in page_images(file):
        hashes = page_hashes(image, regions=regions)
        if hashes:
            yield PageFingerprint(page, hashes, rendered=rendered and page not in ocr_pages)


def _pdf_pages(data: bytes) -> Iterator[tuple[int, Image.Image, bool]]:
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(pdf), MAX_PAGES)):
            page = pdf[index]
            width, height = page.get_size()
            if width * height * (RENDER_DPI / 72) ** 2 > MAX_FRAME_PIXELS:
                continue  # a page bomb: its text is all it gives
            yield index + 1, page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil(), True
    finally:
        pdf.close()


def _frames(data: bytes) -> Iterator[tuple[int, Image.Image, bool]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        for index in itertools.count():
            if index >= MAX_PAGES:
                return
            try:
                image.seek(index)
            except EOFError:
                return
            if image.width * image.height > MAX_FRAME_PIXELS:
                return
            image.draft("L", (image.width // 4, image.height // 4))  # JPEG: decode small
            yield index + 1, image.convert("L"), False


_PAGED_KINDS = frozenset({FileKind.PDF, FileKind.IMAGE})
