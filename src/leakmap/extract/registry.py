"""LeakedFile → ExtractedDocument: which extractor reads which kind, and the error boundary.

Built-ins are listed here explicitly (no registration by import side effect); a caller
may pass its own mapping, which is how tests inject an extractor that crashes. This is
the one place where any exception is caught: whatever an extractor raises on a hostile
or broken file becomes an ``unreadable`` document, ``corrupt`` plus the exception's class
name (never its message, which may quote content), and the scan goes on.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType

from leakmap.extract.calendar_cards import extract_calendar_or_cards
from leakmap.extract.dicom import extract_dicom
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.hl7 import extract_hl7
from leakmap.extract.hprim import extract_hprim
from leakmap.extract.json_records import extract_json
from leakmap.extract.mail import extract_mail
from leakmap.extract.markup import extract_html, extract_xml
from leakmap.extract.msg import extract_msg
from leakmap.extract.ocr_hook import extract_image_document
from leakmap.extract.odf import extract_ods, extract_odt
from leakmap.extract.office import extract_docx
from leakmap.extract.ole_files import extract_doc, extract_ole
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.pdf import extract_pdf
from leakmap.extract.rtf import extract_rtf
from leakmap.extract.slides import extract_pptx
from leakmap.extract.spreadsheet import extract_csv, extract_xlsx
from leakmap.extract.sql_dump import extract_sql
from leakmap.extract.text import extract_text
from leakmap.extract.xls import extract_xls
from leakmap.extract.xlsb import extract_xlsb
from leakmap.settings import ScanSettings
from leakmap.stage_clock import stage
from leakmap.vocabulary import ARCHIVE_KINDS, FileKind, ReadStatus, Reason
from leakmap.walk.leaked_file import LeakedFile
from leakmap.walk.limits import ExpansionBudget

#: An extractor reads one file's bytes; it may raise ``Unreadable`` with a reason.
Extractor = Callable[[bytes, ScanSettings], ExtractedParts]

#: Archives the walk opened: read as such, without loading them (a dump may be one 50 GB
#: zip); their members are documents of their own.
CONTAINER_KINDS = ARCHIVE_KINDS


def extract_image(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """A scan or photo: OCR'd by ``extract/image.py`` when present, else no text to read."""
    with stage("ocr"):
        document = extract_image_document(data)
    if document is None:
        raise Unreadable(Reason.NO_TEXT, "image without OCR")
    return ExtractedParts.of_document(document)


BUILTIN_EXTRACTORS: Mapping[FileKind, Extractor] = MappingProxyType(
    {
        FileKind.PDF: extract_pdf,
        FileKind.DOCX: extract_docx,
        FileKind.PPTX: extract_pptx,
        FileKind.XLSX: extract_xlsx,
        FileKind.CSV: extract_csv,
        FileKind.TXT: extract_text,
        FileKind.EML: extract_mail,
        FileKind.IMAGE: extract_image,
        FileKind.DOC: extract_doc,
        FileKind.XLS: extract_xls,
        FileKind.XLSB: extract_xlsb,
        FileKind.MSG: extract_msg,
        FileKind.OLE: extract_ole,
        FileKind.ODT: extract_odt,
        FileKind.ODS: extract_ods,
        FileKind.RTF: extract_rtf,
        FileKind.HTML: extract_html,
        FileKind.XML: extract_xml,
        FileKind.JSON: extract_json,
        FileKind.HL7: extract_hl7,
        FileKind.HPRIM: extract_hprim,
        FileKind.ICS: extract_calendar_or_cards,
        FileKind.VCF: extract_calendar_or_cards,
        FileKind.SQL: extract_sql,
        FileKind.DICOM: extract_dicom,
    }
)


_installed: Mapping[FileKind, Extractor] = BUILTIN_EXTRACTORS


@contextmanager
def installed_extractors(extractors: Mapping[FileKind, Extractor]) -> Iterator[None]:
    """Use ``extractors`` wherever ``extract_file`` is not given any, for the duration.

    Workers are forked inside a scan, so a whole scan run in this block reads with them:
    this is how a test makes one file hang its parser or crash its process.
    """
    global _installed
    previous, _installed = _installed, extractors
    try:
        yield
    finally:
        _installed = previous


def extract_file(
    file: LeakedFile,
    settings: ScanSettings,
    *,
    extractors: Mapping[FileKind, Extractor] | None = None,
) -> ExtractedDocument:
    """Everything readable in one leaked file; never raises for a bad file."""
    extractors = _installed if extractors is None else extractors
    refusal = _refusal(file, settings, extractors)
    if refusal is not None:
        return _unreadable(file, *refusal)
    if file.kind in CONTAINER_KINDS:
        return _document(file, ExtractedParts(pages=0))
    try:
        parts = extractors[file.kind](file.read_bytes(), settings)
    except Unreadable as unreadable:
        return _unreadable(file, unreadable.reason, unreadable.detail, pages=unreadable.pages)
    except Exception as error:  # noqa: BLE001 - the per-file boundary; the reason is recorded
        return _unreadable(file, Reason.CORRUPT, type(error).__name__)
    return _document(file, parts)


def _document(file: LeakedFile, parts: ExtractedParts) -> ExtractedDocument:
    return ExtractedDocument(
        path=str(file.path),
        sha256=file.sha256,
        kind=file.kind,
        status=parts.status,
        reason=parts.reason,
        pages=parts.pages,
        ocr=parts.ocr,
        blocks=parts.blocks,
        rows=parts.rows,
        barcodes=parts.barcodes,
    )


def _refusal(
    file: LeakedFile, settings: ScanSettings, extractors: Mapping[FileKind, Extractor]
) -> tuple[Reason, str] | None:
    """Why a file is not even handed to an extractor, if it is not."""
    if file.problem is not None:
        return file.problem, file.problem_detail
    if file.kind is FileKind.EMPTY or file.size == 0:
        return Reason.EMPTY, ""
    if file.size > settings.max_file_bytes and file.kind not in CONTAINER_KINDS:
        return Reason.TOO_LARGE, ""
    if file.kind not in extractors and file.kind not in CONTAINER_KINDS:
        return Reason.UNSUPPORTED, ""
    if file.kind in ZIPPED_DOCUMENT_KINDS:
        return _zipped_document_refusal(file, settings)
    return None


#: Documents that are ZIPs inside: their libraries read each part whole, so a part that
#: expands to gigabytes (a bomb shaped as a Word file) is refused before it is opened.
ZIPPED_DOCUMENT_KINDS = frozenset(
    {FileKind.DOCX, FileKind.XLSX, FileKind.XLSB, FileKind.PPTX, FileKind.ODT, FileKind.ODS}
)


def _zipped_document_refusal(file: LeakedFile, settings: ScanSettings) -> tuple[Reason, str] | None:
    """Why a zipped document's parts must not be expanded, by the archive limits (declared
    sizes: a part that lies about its size is read only that far by ``zipfile``)."""
    source = file.source if file.source is not None else io.BytesIO(file.content or b"")
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            budget = ExpansionBudget(settings)
            if not budget.can_hold(len(infos)):
                return Reason.ARCHIVE_BOMB, "too many parts"
            for info in infos:
                refused = budget.refuse(info.file_size, info.compress_size)
                if refused is not None:
                    return refused
                budget.spend(info.file_size)
            if any(_declares_entities(archive, info) for info in infos):
                return Reason.XML_ENTITIES, "entity declarations in a part"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        return None  # the extractor says what is wrong with it
    except RuntimeError:  # zipfile's word for a part encrypted with a password
        return None
    return None


#: Bytes of a part's head searched for a document type declaration.
_PROLOG_BYTES = 64 * 1024


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares entities: OOXML forbids a DTD and ODF uses none, so
    one is a billion-laughs bomb (lxml then refuses it as a syntax error, and openpyxl
    as "invalid XML": the row would say ``corrupt`` instead of what it is)."""
    if not info.filename.endswith((".xml", ".rels")):
        return False
    with archive.open(info) as part:
        head = part.read(_PROLOG_BYTES)
    return b"<!DOCTYPE" in head and b"<!ENTITY" in head


def _unreadable(
    file: LeakedFile, reason: Reason, detail: str, *, pages: int = 0
) -> ExtractedDocument:
    return ExtractedDocument(
        path=str(file.path),
        sha256=file.sha256,
        kind=file.kind,
        status=ReadStatus.UNREADABLE,
        reason=f"{reason.value}: {detail}" if detail else reason.value,
        pages=pages,
    )
