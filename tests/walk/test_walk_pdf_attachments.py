"""Files embedded in PDFs: members with their own path, read under the walk's budget.

Every PDF is written by the test with PDFium (pypdfium2): an attachment in the document's
``EmbeddedFiles`` name tree, and one on a ``FileAttachment`` annotation. All content is
fictitious.
"""

from __future__ import annotations

import csv
import ctypes
import io
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file
from leakmap.walk.pdf_attachments import open_pdf

SHEET = "IPP;Nom;Né le\n40512377;LEFICTIF;02/03/1951\n".encode()
NOTE = b"Patient LEFICTIF Gaston, bilan hepatique."


def pdf_bytes(attached: dict[str, bytes], clipped: dict[str, bytes] | None = None) -> bytes:
    """A one-page PDF: ``attached`` in the name tree, ``clipped`` on page annotations."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(200, 200)
    for name, data in attached.items():
        document.new_attachment(name).set_data(data)
    for name, data in (clipped or {}).items():
        annot = pdfium_c.FPDFPage_CreateAnnot(page, pdfium_c.FPDF_ANNOT_FILEATTACHMENT)
        wide = ctypes.create_string_buffer(f"{name}\x00".encode("utf-16-le"))
        handle = pdfium_c.FPDFAnnot_AddFileAttachment(
            annot, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING)
        )
        assert pdfium_c.FPDFAttachment_SetFile(handle, document, data, len(data))
        pdfium_c.FPDFPage_CloseAnnot(annot)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_with_compressed_catalog(name: bytes, data: bytes) -> bytes:
    """A PDF 1.5 whose catalog, name tree and file specification sit in a compressed
    object stream (as most writers save today): no attachment word shows in its bytes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [("
        + name + b") 3 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Filespec /F (" + name + b") /UF (" + name + b") /EF << /F 5 0 R >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]  # fmt: skip
    index, body = b"", b""
    for number, obj in enumerate(objects, start=1):
        index += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    packed = zlib.compress(index + body)
    out = bytearray(b"%PDF-1.7\n")
    offsets = [len(out)]
    out += b"5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(data), data)
    offsets.append(len(out))
    out += b"6 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(index), len(packed))  # fmt: skip
    out += b"stream\n%s\nendstream\nendobj\n" % packed
    offsets.append(len(out))
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, 6, i) for i in range(4)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    xref = zlib.compress(b"".join(rows))
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
    out += b" /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(xref), xref)
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[-1]
    return bytes(out)


def opened(data: bytes, **limits: int) -> tuple[LeakedFile, list[LeakedFile]]:
    container = member_file(LeakPath(("report.pdf",)), data)
    assert container.kind is FileKind.PDF
    pdf, members = open_pdf(container, ExpansionBudget(ScanSettings(workers=1, **limits)))
    return pdf, list(members)


def test_pdf_attachments_are_members_with_their_paths() -> None:
    pdf, members = opened(pdf_bytes({"attached.csv": SHEET}, {"clip.txt": NOTE}))
    assert pdf.problem is None and pdf.content is not None
    assert [str(m.path) for m in members] == ["report.pdf!/attached.csv", "report.pdf!/clip.txt"]
    sheet, note = members
    assert sheet.content == SHEET and sheet.problem is None and sheet.sha256
    assert note.content == NOTE and note.kind is FileKind.TXT


def test_attachment_listed_in_a_compressed_object_stream_is_found() -> None:
    data = pdf_with_compressed_catalog(b"cache.csv", SHEET)
    assert b"EmbeddedFiles" not in data and b"FileAttachment" not in data
    _, members = opened(data)
    assert [str(m.path) for m in members] == ["report.pdf!/cache.csv"]
    assert members[0].content == SHEET


def test_pdf_without_attachments_has_no_members() -> None:
    pdf, members = opened(pdf_bytes({}))
    assert pdf.problem is None and members == []


def test_broken_pdf_stays_a_document_for_its_extractor() -> None:
    data = pdf_bytes({"attached.csv": SHEET})
    pdf, members = opened(data[: len(data) // 3])
    assert pdf.problem is None and members == []


def test_pdf_attachment_names_are_made_safe_and_unique() -> None:
    pdf, members = opened(pdf_bytes({"../a.txt": NOTE, "a.txt": SHEET}))
    assert [str(m.path) for m in members] == ["report.pdf!/a.txt", "report.pdf!/a (2).txt"]
    assert members[0].problem_detail == Reason.UNSAFE_NAME


def test_pdf_attachments_respect_the_budget() -> None:
    _, capped = opened(pdf_bytes({"a.txt": NOTE, "b.txt": NOTE}), max_archive_members=1)
    assert [m.problem for m in capped] == [None, Reason.ARCHIVE_BOMB]
    _, big = opened(pdf_bytes({"big.txt": NOTE * 100}), max_file_bytes=len(NOTE))
    assert big[0].problem is Reason.TOO_LARGE and big[0].content is None
    _, deep = opened(pdf_bytes({"a.txt": NOTE}), max_archive_depth=0)
    assert deep[0].problem is Reason.TOO_DEEP


def test_pdf_attached_to_a_pdf_is_itself_a_pdf_member() -> None:
    inner = pdf_bytes({"c.csv": SHEET})
    _, members = opened(pdf_bytes({"b.pdf": inner}))
    assert members[0].kind is FileKind.PDF
    _, nested = open_pdf(members[0], ExpansionBudget(ScanSettings(workers=1)))
    assert [str(m.path) for m in nested] == ["report.pdf!/b.pdf!/c.csv"]


def test_a_scan_gives_a_pdfs_attachment_its_row_and_reads_it(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    sheet = "Nom;Prénom;Né le;Examen\nLEROY;Anne;15/06/1975;IRM\n".encode()
    (dump / "courrier.pdf").write_bytes(pdf_bytes({"liste.csv": sheet}))
    settings = ScanSettings(workers=1)
    scan(dump, registry=registry_csv, case_dir=tmp_path / "case", settings=settings)
    with (tmp_path / "case" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["path"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"courrier.pdf", "courrier.pdf!/liste.csv"}
    assert rows["courrier.pdf!/liste.csv"]["status"] == "read"
    with (tmp_path / "case" / "affected.csv").open(encoding="utf-8") as handle:
        assert "10000008,notify" in handle.read()
