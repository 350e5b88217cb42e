"""What an extractor returns: the content of one file, before the registry names it.

Extractors see bytes only; the registry adds the file's path, hash and kind to make the
``ExtractedDocument``, so an extractor cannot get those wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.extract.document import Barcode, ExtractedDocument, TableRow, TextBlock
from leakmap.vocabulary import ReadStatus, Reason


@dataclass(frozen=True, slots=True)
class ExtractedParts:
    """Text blocks, table rows and barcodes of one file, and how well they were read."""

    blocks: tuple[TextBlock, ...] = ()
    rows: tuple[TableRow, ...] = ()
    barcodes: tuple[Barcode, ...] = ()
    pages: int = 1
    ocr: bool = False
    status: ReadStatus = ReadStatus.READ
    reason: str = ""

    @classmethod
    def of_document(cls, document: ExtractedDocument) -> ExtractedParts:
        """The parts of a document an extractor built whole (the image extractor does)."""
        return cls(
            blocks=document.blocks,
            rows=document.rows,
            barcodes=document.barcodes,
            pages=document.pages,
            ocr=document.ocr,
            status=document.status,
            reason=document.reason,
        )


class Unreadable(Exception):
    """Raised by an extractor that knows why a file cannot be read (encrypted, no text).

    The registry turns it into an ``unreadable`` document with this reason (and the page
    count, when known); any other exception becomes ``corrupt``.
    """

    def __init__(self, reason: Reason, detail: str = "", *, pages: int = 0) -> None:
        super().__init__(reason.value if not detail else f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.pages = pages
