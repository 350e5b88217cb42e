"""Build small fictitious leaked dumps with real files (PDF, DOCX, XLSX, CSV, EML, ZIP).

Imported by tests through ``conftest.py`` fixtures. Every person is fictitious and in the
test registry of ``conftest.PATIENTS`` unless said otherwise.
"""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page text PDF with these lines."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        page.drawString(60, y, line)
        y -= 16
    page.showPage()
    page.save()
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive of these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def encrypted_zip_bytes(name: str, data: bytes) -> bytes:
    """A zip whose member is marked encrypted (general-purpose flag bit 0), as a
    password-protected archive is: its bytes cannot be read without the password."""
    raw = bytearray(zip_bytes({name: data}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = raw.find(signature)
        raw[position + offset] |= 0x01
    return bytes(raw)


def build_small_dump(root: Path) -> dict[str, set[str]]:
    """Write a dump with one file of each kind; return the patient ids each path exposes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Anapath").mkdir()
    (root / "Anapath" / "CR_biopsie.pdf").write_bytes(
        pdf_bytes([
            "COMPTE RENDU D'ANATOMOPATHOLOGIE",
            "DUPONT Marie Claire",
            "Née le 12/03/1965    IPP : 10000001",
            "Biopsie mammaire gauche : carcinome canalaire infiltrant.",
            "Dr Anne LEROY, pathologiste - le 04/05/2022",
        ])
    )  # fmt: skip
    document = Document()
    document.add_paragraph("Service de Psychiatrie - Compte rendu de consultation")
    document.add_paragraph("Patient : M. LE GOFF Yann, né le 3 mars 1971")
    document.add_paragraph("Épisode dépressif, suivi au CMP.")
    buffer = io.BytesIO()
    document.save(buffer)
    (root / "courrier_psy.docx").write_bytes(buffer.getvalue())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Worklist"
    sheet.append(["NOM", "PRENOM", "DDN", "IPP", "Examen"])
    sheet.append(["ZARKOVIC", "Milan", "10/10/1990", "10000009", "Sérologie VIH"])
    sheet.append(["MOREAU-VASSEUR", "Jean-Pierre", "30/01/1959", "10000005", "Glycémie"])
    buffer = io.BytesIO()
    book.save(buffer)
    (root / "labo_worklist.xlsx").write_bytes(buffer.getvalue())
    staff = openpyxl.Workbook()
    staff.active.append(["Matricule", "NOM", "Prénom", "Date de naissance", "Fonction"])
    staff.active.append(["M000123", "KERGUELEN", "Tanguy", "02/02/1988", "Infirmier"])
    buffer = io.BytesIO()
    staff.save(buffer)
    (root / "rh_personnel.xlsx").write_bytes(buffer.getvalue())
    (root / "export.csv").write_bytes(
        "NOM;PRENOM;DATE DE NAISSANCE;SERVICE\nDURAND;Jeanne;05/11/1948;Maternité\n".encode(
            "cp1252"
        )
    )
    mail = EmailMessage()
    mail["From"] = "secretariat@hopital.example"
    mail["To"] = "chirurgie@hopital.example"
    mail["Subject"] = "CR coloscopie"
    mail.set_content("Ci-joint le compte rendu de coloscopie.")
    mail.add_attachment(
        pdf_bytes(["Compte rendu de coloscopie", "DUPONT Marie, née le 04/07/1971", "Polype sessile."]),
        maintype="application", subtype="pdf", filename="coloscopie.pdf",
    )  # fmt: skip
    (root / "mail.eml").write_bytes(mail.as_bytes())
    inner = zip_bytes(
        {
            "note.txt": "Patiente PETITJEAN Hélène née le 29/02/1980, échographie obstétricale.".encode()
        }
    )
    (root / "archive.zip").write_bytes(zip_bytes({"dossiers/inner.zip": inner}))
    (root / "empty.txt").write_bytes(b"")
    (root / "truncated.pdf").write_bytes(pdf_bytes(["DUPONT Marie Claire"])[:300])
    (root / "locked.zip").write_bytes(encrypted_zip_bytes("secret.pdf", pdf_bytes(["secret"])))
    return {
        "Anapath/CR_biopsie.pdf": {"10000001"},
        "courrier_psy.docx": {"10000004"},
        "labo_worklist.xlsx": {"10000009", "10000005"},
        "export.csv": {"10000003"},
        "mail.eml!/coloscopie.pdf": {"10000002"},
        "archive.zip!/dossiers/inner.zip!/note.txt": {"10000006", "10000007"},
    }
