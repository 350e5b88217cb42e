"""One small valid file per format, the seeds the fuzz tests mutate. All fictitious."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from email.message import EmailMessage

import docx
import openpyxl
from PIL import Image, ImageDraw

from leakmap.synth.render_formats import (
    dicom_header,
    hl7_adt,
    json_export,
    odt_letter,
    rtf_letter,
    seven_zip,
    tar_archive,
)
from leakmap.synth.render_legacy import outlook_message

PERSON = {"ipp": "99990001", "family": "TESTFUZZ", "given": "Fictif", "birth": "1970-01-01",
          "sex": "F"}  # fmt: skip
LETTER = "Compte rendu FICTIF\nPatiente : TESTFUZZ Fictif, née le 01/01/1970, IPP 99990001"


def pdf_seed() -> bytes:
    text = "Compte rendu FICTIF TESTFUZZ Fictif 01/01/1970"
    content = f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def zip_seed() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dossier/cr.txt", LETTER)
        archive.writestr("dossier/liste.csv", "NOM;PRENOM;IPP\nTESTFUZZ;Fictif;99990001\n")
    return buffer.getvalue()


def eml_seed() -> bytes:
    message = EmailMessage()
    message["From"] = "Dr Fictif <dr.fictif@example.org>"
    message["To"] = "secretariat@example.org"
    message["Subject"] = "CR FICTIF"
    message.set_content(LETTER)
    message.add_attachment(LETTER.encode(), maintype="text", subtype="plain", filename="cr.txt")
    return message.as_bytes()


def docx_seed() -> bytes:
    document = docx.Document()
    for line in LETTER.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_seed() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NOM", "PRENOM", "DDN", "IPP"])
    sheet.append(["TESTFUZZ", "Fictif", "01/01/1970", "99990001"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def png_seed() -> bytes:
    image = Image.new("L", (240, 60), 255)
    ImageDraw.Draw(image).text((8, 24), "TESTFUZZ Fictif", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def dicom_seed() -> bytes:
    return dicom_header(PERSON, study="Scanner FICTIF", instance_uid="1.2.3.4.5")


def hl7_seed() -> bytes:
    return hl7_adt(PERSON, result="12.5 g/dL")


def hprim_seed() -> bytes:
    records = ("H|~^\\&|R1.HPR|SIL^CHU|||ORU|||CHU||P|H2.2^C|20221118",
               "P|1|99990001|||TESTFUZZ^Fictif^^^M||19700101|M",
               "OBX|1|NM|HB^Hémoglobine^L||12.5|g/dL", "L|1|N")  # fmt: skip
    return "\r".join(records).encode("latin-1")


def ics_seed() -> bytes:
    lines = ("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20220512T083000",
             "SUMMARY:Consultation TESTFUZZ Fictif (01/01/1970)", "END:VEVENT", "END:VCALENDAR")  # fmt: skip
    return "\r\n".join(lines).encode()


def csv_seed() -> bytes:
    return "NOM;PRENOM;DDN;IPP\nTESTFUZZ;Fictif;01/01/1970;99990001\n".encode("cp1252")


def rtf_seed() -> bytes:
    return rtf_letter(LETTER)


def msg_seed() -> bytes:
    return outlook_message(
        sender="Dr Fictif", to="Secrétariat", subject="CR", body=LETTER,
        attachments={"cr.txt": LETTER.encode()},
    )  # fmt: skip


def seven_zip_seed() -> bytes:
    return seven_zip({"cr.txt": LETTER.encode(), "liste.csv": csv_seed()})


def tar_gz_seed() -> bytes:
    return tar_archive({"dossier/cr.txt": LETTER.encode(), "dossier/liste.csv": csv_seed()})


def odt_seed() -> bytes:
    return odt_letter(LETTER)


def json_seed() -> bytes:
    return json_export([PERSON])


def html_seed() -> bytes:
    return f"<html><body><h1>CR</h1><p>{LETTER}</p></body></html>".encode()


#: ``name → (file suffix, seed)``: one entry per parser entry point fuzzed.
SEEDS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pdf": (".pdf", pdf_seed),
    "zip": (".zip", zip_seed),
    "eml": (".eml", eml_seed),
    "docx": (".docx", docx_seed),
    "xlsx": (".xlsx", xlsx_seed),
    "png": (".png", png_seed),
    "dicom": (".dcm", dicom_seed),
    "hl7": (".hl7", hl7_seed),
    "hprim": (".hpr", hprim_seed),
    "ics": (".ics", ics_seed),
    "csv": (".csv", csv_seed),
    "rtf": (".rtf", rtf_seed),
    "msg": (".msg", msg_seed),
    "7z": (".7z", seven_zip_seed),
    "tar.gz": (".tar.gz", tar_gz_seed),
    "odt": (".odt", odt_seed),
    "json": (".json", json_seed),
    "html": (".html", html_seed),
}
