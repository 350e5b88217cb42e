"""Files embedded in a PDF, each yielded as its own leaked file: ``report.pdf!/attached.xlsx``.

A PDF can carry whole files: the document's ``EmbeddedFiles`` name tree (what a viewer
lists as attachments) and ``FileAttachment`` annotations (the paper clip on a page). A
spreadsheet of patients attached to a harmless cover letter is as exposed as the letter,
so each becomes a member, read like an archive's under the walk's budget.

The PDF itself stays a document: it is returned unmarked whatever happens here (even when
PDFium cannot open it), so that the PDF extractor reads its pages and gives its own
reason (``encrypted``, ``corrupt``). Most PDFs carry nothing, and PDFium is only asked
when the bytes could hold an attachment: the words ``EmbeddedFiles`` (the name tree) or
``FileAttachment`` (the annotation) in a plain dictionary, or an object stream (``ObjStm``,
where dictionaries sit compressed and cannot be seen). PDF encryption leaves dictionaries
clear, so it hides nothing from this test. Annotations are looked for on at most
``MAX_ANNOTATED_PAGES`` pages (loading a page parses its objects).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from leakmap.log_names import file_ref
from leakmap.vocabulary import Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name

log = logging.getLogger(__name__)

#: Bytes one of which a PDF that embeds a file must hold: the name tree's key, the
#: annotation's subtype, or an object stream that could hide either.
EMBEDDED_MARK = b"EmbeddedFiles"
ANNOTATION_MARK = b"FileAttachment"
OBJECT_STREAM_MARK = b"ObjStm"
#: Pages searched for attachment annotations, at most: a page is parsed to list them.
MAX_ANNOTATED_PAGES = 5000
#: Longest attachment name read, in UTF-16 code units.
_MAX_NAME_UNITS = 4096


def open_pdf(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The PDF itself (never marked: its pages are the extractor's) and its embedded files."""
    try:
        data = container.read_bytes()
    except (OSError, ValueError):
        return container, iter(())
    hidden = OBJECT_STREAM_MARK in data
    annotated = hidden or ANNOTATION_MARK in data
    if not (annotated or EMBEDDED_MARK in data):
        return container, iter(())
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return container, iter(())
    return container, _members(document, container, budget, annotated=annotated)


def _members(
    document: pdfium.PdfDocument, container: LeakedFile, budget: ExpansionBudget, *, annotated: bool
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(container.path)
    try:
        for number, attachment in enumerate(_attachments(document, annotated=annotated), start=1):
            name, unsafe = safe_member_name(_name(attachment) or f"attachment-{number}.bin")
            path = container.path.child(names.claim(name))
            if not budget.take_member():
                yield placeholder(path, 0, Reason.ARCHIVE_BOMB, "member cap reached")
                return
            if too_deep:
                yield placeholder(path, 0, Reason.TOO_DEEP)
                continue
            if unsafe:
                ref = file_ref(container.sha256 or str(container.path))  # never the name
                log.warning("pdf %s: attachment name leaves the PDF", ref)
            yield _member(attachment, path, budget, container_size=container.size, unsafe=unsafe)
    finally:
        document.close()


def _attachments(document: pdfium.PdfDocument, *, annotated: bool) -> Iterator[ctypes.c_void_p]:
    """The name tree's attachments, then the annotations' (those not already listed)."""
    seen: set[int] = set()
    for index in range(max(0, pdfium_c.FPDFDoc_GetAttachmentCount(document))):
        handle = pdfium_c.FPDFDoc_GetAttachment(document, index)
        if handle:
            seen.add(_address(handle))
            yield handle
    if annotated:
        yield from _annotation_attachments(document, seen)


def _annotation_attachments(
    document: pdfium.PdfDocument, seen: set[int]
) -> Iterator[ctypes.c_void_p]:
    """Attachments of ``FileAttachment`` annotations, page by page, each page closed after."""
    for index in range(min(len(document), MAX_ANNOTATED_PAGES)):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            continue
        try:
            for annot_index in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
                annot = pdfium_c.FPDFPage_GetAnnot(page, annot_index)
                if not annot:
                    continue
                try:
                    if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_FILEATTACHMENT:
                        continue
                    handle = pdfium_c.FPDFAnnot_GetFileAttachment(annot)
                finally:
                    pdfium_c.FPDFPage_CloseAnnot(annot)
                if handle and _address(handle) not in seen:
                    seen.add(_address(handle))
                    yield handle
        finally:
            page.close()


def _member(
    attachment: ctypes.c_void_p,
    path: LeakPath,
    budget: ExpansionBudget,
    *,
    container_size: int,
    unsafe: bool,
) -> LeakedFile:
    """One embedded file's decoded bytes, or a placeholder saying why not.

    PDFium first tells the decoded size, so that a file over the caps is refused before
    any buffer is made for it; a PDF's streams are compressed within the PDF itself, so
    the ratio cap compares the size with the whole PDF's.
    """
    size = ctypes.c_ulong(0)
    if not pdfium_c.FPDFAttachment_GetFile(attachment, None, 0, ctypes.byref(size)):
        return placeholder(path, 0, Reason.CORRUPT, "embedded file stream unreadable")
    refusal = budget.refuse(size.value, container_size)
    if refusal is not None:
        return placeholder(path, size.value, *refusal)
    buffer = (ctypes.c_char * max(size.value, 1))()
    written = ctypes.c_ulong(0)
    if not pdfium_c.FPDFAttachment_GetFile(attachment, buffer, size.value, ctypes.byref(written)):
        return placeholder(path, size.value, Reason.CORRUPT, "embedded file stream unreadable")
    data = bytes(buffer)[: min(written.value, size.value)]
    budget.spend(len(data))
    return member_file(path, data, unsafe=unsafe)


def _name(attachment: ctypes.c_void_p) -> str:
    """The attachment's file name (UTF-16LE in PDFium), or ``""`` when it has none."""
    length = pdfium_c.FPDFAttachment_GetName(attachment, None, 0)
    if length <= 2:
        return ""
    units = min(length // 2, _MAX_NAME_UNITS + 1)
    buffer = (pdfium_c.FPDF_WCHAR * units)()
    pdfium_c.FPDFAttachment_GetName(attachment, buffer, 2 * units)
    return bytes(buffer)[: 2 * (units - 1)].decode("utf-16-le", errors="replace").strip()


def _address(handle: ctypes.c_void_p) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0
