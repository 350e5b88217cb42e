"""The registry: which kind goes where, and the per-file error boundary, through the real walk."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
from docx import Document
from reportlab.pdfgen import canvas

from leakmap.extract.document import ExtractedDocument
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.registry import BUILTIN_EXTRACTORS, Extractor, extract_file
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile, LeakPath

SETTINGS = ScanSettings(workers=1)


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(60, 800, text)
    page.save()
    return buffer.getvalue()


def write_dump(root: Path) -> None:
    """One file of each kind, and the broken ones."""
    root.mkdir()
    (root / "cr.pdf").write_bytes(pdf_bytes("DUPONT Marie"))
    document = Document()
    document.add_paragraph("LE GOFF Yann")
    document.save(root / "courrier.docx")
    book = openpyxl.Workbook()
    book.active.append(["NOM", "IPP"])
    book.active.append(["ZARKOVIC", "10000009"])
    book.save(root / "liste.xlsx")
    (root / "export.csv").write_bytes(b"NOM;PRENOM;IPP\nDURAND;Jeanne;10000003\n")
    (root / "note.txt").write_text("Patiente PETITJEAN", encoding="utf-8")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "a@h.example", "b@h.example", "CR"
    mail.set_content("Ci-joint.")
    mail.add_attachment(
        pdf_bytes("DUPONT Marie"), maintype="application", subtype="pdf", filename="cr.pdf"
    )
    (root / "mail.eml").write_bytes(mail.as_bytes())
    with zipfile.ZipFile(root / "archive.zip", "w") as archive:
        archive.writestr("dossier/note.txt", "Patiente PETITJEAN")
    (root / "vide.txt").write_bytes(b"")
    (root / "tronque.pdf").write_bytes(pdf_bytes("DUPONT Marie")[:300])
    (root / "ancien.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (root / "faux.xlsx").write_bytes(_broken_xlsx())


def _broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not closed")
    return buffer.getvalue()


def test_every_kind_through_walk_and_registry(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump")
    documents = {
        str(f.path): extract_file(f, SETTINGS) for f in walk_dump(tmp_path / "dump", SETTINGS)
    }
    summary = {path: (d.kind, d.status, d.reason) for path, d in documents.items()}
    # openpyxl's own exception class names the damage: only the prefix is ours
    assert summary["faux.xlsx"][2].startswith("corrupt: ")
    summary["faux.xlsx"] = (FileKind.XLSX, ReadStatus.UNREADABLE, "corrupt")
    read = ReadStatus.READ
    assert summary == {
        "ancien.doc": (FileKind.OLE, ReadStatus.UNREADABLE, "corrupt: ValueError"),
        "archive.zip": (FileKind.ZIP, read, ""),
        "archive.zip!/dossier/note.txt": (FileKind.TXT, read, ""),
        "courrier.docx": (FileKind.DOCX, read, ""),
        "cr.pdf": (FileKind.PDF, read, ""),
        "export.csv": (FileKind.CSV, read, ""),
        "faux.xlsx": (FileKind.XLSX, ReadStatus.UNREADABLE, "corrupt"),
        "liste.xlsx": (FileKind.XLSX, read, ""),
        "mail.eml": (FileKind.EML, read, ""),
        "mail.eml!/cr.pdf": (FileKind.PDF, read, ""),
        "note.txt": (FileKind.TXT, read, ""),
        "tronque.pdf": (FileKind.PDF, ReadStatus.UNREADABLE, "corrupt: not a valid PDF"),
        "vide.txt": (FileKind.EMPTY, ReadStatus.UNREADABLE, "empty"),
    }
    assert documents["archive.zip"].char_count == 0 and documents["archive.zip"].pages == 0
    assert documents["mail.eml!/cr.pdf"].blocks[0].text == "DUPONT Marie"
    assert documents["liste.xlsx"].rows[0].cells == (("NOM", "ZARKOVIC"), ("IPP", "10000009"))
    for path, document in documents.items():
        assert document.path == path and (document.sha256 or document.kind is FileKind.UNKNOWN)


def test_built_in_extractors_are_listed() -> None:
    containers = {FileKind.ZIP, FileKind.TAR, FileKind.SEVEN_ZIP, FileKind.RAR, FileKind.GZIP,
                  FileKind.BZIP2, FileKind.XZ}  # fmt: skip
    no_extractor = {FileKind.EMPTY, FileKind.UNKNOWN}
    assert set(BUILTIN_EXTRACTORS) == set(FileKind) - containers - no_extractor


def _file(kind: FileKind, content: bytes = b"data", **fields: object) -> LeakedFile:
    path = LeakPath(("a.zip", "dossier/x"))
    return LeakedFile(path, "ab" * 32, len(content), kind, content=content, **fields)  # type: ignore[arg-type]


def test_walk_problems_become_unreadable_reasons() -> None:
    file = _file(
        FileKind.UNKNOWN,
        problem=Reason.ARCHIVE_BOMB,
        problem_detail="compression ratio over the cap",
    )
    document = extract_file(file, SETTINGS)
    assert document.status is ReadStatus.UNREADABLE and document.path == "a.zip!/dossier/x"
    assert document.reason == "archive_bomb: compression ratio over the cap"


def test_a_crashing_extractor_is_corrupt_without_its_message() -> None:
    def crash(data: bytes, settings: ScanSettings) -> ExtractedParts:
        raise ValueError("DUPONT Marie 1 65 03 75 111 222 33")  # content in the message

    extractors: dict[FileKind, Extractor] = {**BUILTIN_EXTRACTORS, FileKind.TXT: crash}
    document = extract_file(_file(FileKind.TXT), SETTINGS, extractors=extractors)
    assert document == ExtractedDocument(
        "a.zip!/dossier/x", "ab" * 32, FileKind.TXT, ReadStatus.UNREADABLE, "corrupt: ValueError"
    )


def test_files_over_the_size_cap_are_not_read() -> None:
    document = extract_file(
        _file(FileKind.TXT, b"x" * 100), ScanSettings(workers=1, max_file_bytes=10)
    )
    assert document.reason == Reason.TOO_LARGE


def test_archives_are_not_loaded(tmp_path: Path) -> None:
    never_read = LeakedFile(
        LeakPath(("big.zip",)), "ab" * 32, 10**12, FileKind.ZIP, source=tmp_path / "gone.zip"
    )
    document = extract_file(never_read, SETTINGS)
    assert document.status is ReadStatus.READ and document.pages == 0


def test_images_are_handed_to_the_image_extractor() -> None:
    document = extract_file(_file(FileKind.IMAGE, b"\x89PNG\r\n\x1a\ntruncated"), SETTINGS)
    assert document.status is ReadStatus.UNREADABLE and document.kind is FileKind.IMAGE
    assert document.reason.split(":")[0] in {Reason.CORRUPT, Reason.NO_TEXT}


def test_a_word_file_whose_part_expands_like_a_bomb_is_refused_unopened() -> None:
    """A DOCX is a ZIP: one part of 8 MiB of blanks compresses a thousandfold; python-docx
    would read it whole. It is refused by the archive limits, as the walk refuses a zip."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (8 * 1024 * 1024))
    document = extract_file(_file(FileKind.DOCX, buffer.getvalue()), SETTINGS)
    assert document.status is ReadStatus.UNREADABLE
    assert document.reason == "archive_bomb: compression ratio over the cap"
