"""Kinds are read from content: a table of real file bytes and near misses."""

from __future__ import annotations

import io
import random
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from PIL import Image
from reportlab.pdfgen import canvas

from leakmap.vocabulary import FileKind
from leakmap.walk.sniff import guess_delimiter, looks_like_mail, sniff_content, sniff_path


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(60, 800, "Compte rendu")
    page.save()
    return buffer.getvalue()


def _image(format_: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buffer, format=format_)
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Courrier")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["NOM", "IPP"])
    book.save(buffer)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-ooxml/>")  # no [Content_Types].xml
    return buffer.getvalue()


def _eml() -> bytes:
    mail = EmailMessage()
    mail["From"] = "secretariat@hopital.example"
    mail["To"] = "chirurgie@hopital.example"
    mail["Subject"] = "CR"
    mail.set_content("Ci-joint.")
    return mail.as_bytes()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_pdf(), FileKind.PDF),
        (b"\r\n%PDF-1.4 junk before the header is tolerated", FileKind.PDF),
        (_image("PNG"), FileKind.IMAGE),
        (_image("JPEG"), FileKind.IMAGE),
        (_image("TIFF"), FileKind.IMAGE),
        (b"MM\x00*" + bytes(20), FileKind.IMAGE),
        (_docx(), FileKind.DOCX),
        (_xlsx(), FileKind.XLSX),
        (_zip(), FileKind.ZIP),
        (b"PK\x03\x04 a zip whose directory is gone", FileKind.ZIP),
        (_eml(), FileKind.EML),
        (
            b"From MAILER-DAEMON Thu Jan  1 00:00:00 2024\nFrom: a@b.example\nDate: x\n\nhi",
            FileKind.EML,
        ),
        (b"NOM;PRENOM;DDN\nDURAND;Jeanne;05/11/1948\n", FileKind.CSV),
        ("NOM;PRÉNOM\nDURAND;Hélène\nMARTIN;Léa\n".encode("cp1252"), FileKind.CSV),
        (b"NOM\tIPP\tSERVICE\nDURAND\t123\tORL\n", FileKind.CSV),
        (b'NOM,COMMENTAIRE,IPP\nDURAND,"vu, revu",123\n', FileKind.CSV),
        ("\ufeffNOM|IPP|X\nA|1|2\n".encode("utf-16"), FileKind.CSV),
        (b"Bonjour, voici le compte rendu.\nCordialement, le service.\n", FileKind.TXT),
        (b"Subject: only one mail header\n\nthen text", FileKind.TXT),
        (b"Patiente vue ce jour.\n", FileKind.TXT),
        (b"", FileKind.EMPTY),
        (b"\x00\x01\x02\x03binary", FileKind.UNKNOWN),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), FileKind.OLE),  # broken OLE
        (random.Random(7).randbytes(4096), FileKind.UNKNOWN),
    ],
)
def test_sniff_kind_from_content(data: bytes, kind: FileKind) -> None:
    assert sniff_content(data) is kind


def test_sniff_ignores_the_extension(tmp_path: Path) -> None:
    misnamed = {"scan.txt": _pdf(), "courrier.zip": _docx(), "export.pdf": b"A;B;C\n1;2;3\n"}
    for name, data in misnamed.items():
        (tmp_path / name).write_bytes(data)
    kinds = {name: sniff_path(tmp_path / name, len(data)) for name, data in misnamed.items()}
    assert kinds == {
        "scan.txt": FileKind.PDF,
        "courrier.zip": FileKind.DOCX,
        "export.pdf": FileKind.CSV,
    }


def test_sniff_a_csv_under_a_title_line() -> None:
    data = "Laboratoire - liste de travail du 20/6/2019\nipp;Nom;Prénom;Date\n".encode()
    data += b"44037353;FONTAINE;Marine;13.06.2002\n" * 6
    assert sniff_content(data) is FileKind.CSV


def test_sniff_a_long_csv_whose_head_cuts_a_line() -> None:
    data = b"NOM;PRENOM;IPP\n" + b"DURAND;Jeanne;12345678\n" * 10_000
    assert sniff_content(data) is FileKind.CSV


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["a;b;c", "1;2;3"], ";"),
        (["a,b;c", "1,2;3", "4,5;6"], ","),  # a tie: the first delimiter listed wins
        (["a|b|c|d", "1|2|3|4"], "|"),
        (["a;b", "1;2", "3;4"], ";"),
        (["a;b", "1;2"], None),  # two fields on two lines: too little to call a table
        (["a;b;c", "1;2"], None),
        (["only one line;with;fields"], None),
        (["plain prose here", "and there"], None),
        # A title above the header, as worklists are exported: still a table...
        (["Liste de travail du 20/6/2019", "ipp;Nom;Prénom", "1;A;B", "2;C;D", "3;E;F"], ";"),
        (
            ["Laboratoire", "", "Extrait le 2/1/24", "ipp;Nom;Prénom", "1;A;B", "2;C;D", "3;E;F"],
            ";",
        ),
        # ... but not a narrow one under it, nor one too short to tell from prose.
        (["Titre", "a;b", "1;2", "3;4", "5;6"], None),
        (["Titre", "ipp;Nom;Prénom", "1;A;B"], None),
    ],
)
def test_guess_delimiter(lines: list[str], delimiter: str | None) -> None:
    assert guess_delimiter(lines) == delimiter


@pytest.mark.parametrize(
    ("text", "is_mail"),
    [
        ("From: a@b.example\nTo: c@d.example\nSubject: x\n\nbody", True),
        ("Received: from x\n\tby y\nFrom: a@b.example\nMessage-ID: <1@b>\n\nbody", True),
        ("Note: hello\nAuthor: me\n\nbody", False),
        ("From: a@b.example\nTo do: call back\n", False),
        ("Dear colleague,\nFrom: me", False),
    ],
)
def test_looks_like_mail(text: str, is_mail: bool) -> None:
    assert looks_like_mail(text) is is_mail
