"""E-mails: the mail is a file, and so is every attachment, at any depth."""

from __future__ import annotations

import hashlib
import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile

PDF = b"%PDF-1.4\n% a stand-in: the walk only sniffs it\n"


def mail(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "secretariat@hopital.example"
    message["To"] = "chirurgie@hopital.example"
    message["Subject"] = subject
    message.set_content("Ci-joint le compte rendu.")
    return message


def walk(tmp_path: Path, name: str, data: bytes, **limits: int) -> dict[str, LeakedFile]:
    root = tmp_path / "dump"
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    return {str(f.path): f for f in walk_dump(root, ScanSettings(workers=1, **limits))}


def test_attachments_at_any_depth(tmp_path: Path) -> None:
    forwarded = mail("CR anapath")
    forwarded.add_attachment(PDF, maintype="application", subtype="pdf", filename="anapath.pdf")
    message = mail("Dossiers")
    message.add_alternative("<p>Ci-joint <b>le compte rendu</b>.</p>", subtype="html")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="scan.pdf")
    message.add_attachment(PDF + b"2", maintype="application", subtype="pdf", filename="scan.pdf")
    message.add_attachment(
        b"NOM;DDN;IPP\nDURAND;05/11/1948;1\n", maintype="text", subtype="csv", filename="liste.csv"
    )
    message.add_attachment(b"\x89PNG\r\n\x1a\n...", maintype="image", subtype="png")
    message.add_attachment(forwarded)
    files = walk(tmp_path, "mail.eml", message.as_bytes())
    assert list(files) == [
        "mail.eml",
        "mail.eml!/scan.pdf",
        "mail.eml!/scan (2).pdf",
        "mail.eml!/liste.csv",
        "mail.eml!/attachment-4.png",
        "mail.eml!/attachment-5.eml",
        "mail.eml!/attachment-5.eml!/anapath.pdf",
    ]
    assert files["mail.eml"].kind is FileKind.EML and files["mail.eml"].source is not None
    assert files["mail.eml!/scan.pdf"].content == PDF
    assert files["mail.eml!/scan.pdf"].sha256 == hashlib.sha256(PDF).hexdigest()
    assert files["mail.eml!/liste.csv"].kind is FileKind.CSV
    assert files["mail.eml!/attachment-4.png"].kind is FileKind.IMAGE
    assert files["mail.eml!/attachment-5.eml"].kind is FileKind.EML
    assert files["mail.eml!/attachment-5.eml!/anapath.pdf"].content == PDF


def test_mail_without_attachments_is_one_file(tmp_path: Path) -> None:
    files = walk(tmp_path, "note.eml", mail("Rappel").as_bytes())
    assert list(files) == ["note.eml"]


def test_attachment_names_are_made_safe(tmp_path: Path) -> None:
    message = mail("x")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="../../cr.pdf")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="Résultats été.pdf")
    files = walk(tmp_path, "m.eml", message.as_bytes())
    assert list(files)[1:] == ["m.eml!/cr.pdf", "m.eml!/Résultats été.pdf"]


def test_mail_in_an_archive_and_its_attachments(tmp_path: Path) -> None:
    message = mail("x")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="cr.pdf")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("boite/m.eml", message.as_bytes())
    files = walk(tmp_path, "export.zip", buffer.getvalue())
    assert files["export.zip!/boite/m.eml!/cr.pdf"].content == PDF
    deep = walk(tmp_path / "deep", "export.zip", buffer.getvalue(), max_archive_depth=1)
    assert deep["export.zip!/boite/m.eml!/cr.pdf"].problem is Reason.TOO_DEEP


def test_mail_over_the_size_cap_is_not_opened(tmp_path: Path) -> None:
    message = mail("x")
    message.add_attachment(
        bytes(3000), maintype="application", subtype="octet-stream", filename="big.bin"
    )
    files = walk(tmp_path, "m.eml", message.as_bytes(), max_file_bytes=2000)
    assert list(files) == ["m.eml"] and files["m.eml"].problem is Reason.TOO_LARGE
