"""Hostile documents other than PDFs and archives: DICOM, mail, MSG, images, XML entity
bombs inside office files, deep nesting in RTF and JSON, broken HL7."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import numpy as np
import openpyxl
from PIL import Image, ImageDraw

from leakmap.synth.render_formats import dicom_header, odt_letter
from leakmap.synth.render_legacy import outlook_message

#: A fictitious patient; the corpus names no real person.
PERSON = {"ipp": "99990001", "family": "TESTCORPUS", "given": "Fictif", "birth": "1970-01-01",
          "sex": "F"}  # fmt: skip
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


def dicom_truncated() -> bytes:
    data = dicom_header(PERSON, study="Scanner FICTIF", instance_uid="1.2.3.4")
    return data[: len(data) - 20]


def dicom_tiff_preamble() -> bytes:
    """A valid DICOM file whose 128-byte preamble is a TIFF header (dual-personality)."""
    data = dicom_header(PERSON, study="Scanner FICTIF", instance_uid="1.2.3.5")
    return b"II*\x00" + data[4:]


def eml_odd_encodings() -> bytes:
    return (
        b"From: =?x-unknown?B?AAAA?= <a@example.org>\r\n"
        b"To: =?utf-8?Q?Secr=E9tariat?= <b@example.org>\r\n"
        b"Subject: =?utf-7?B?+AOk-?= =?utf-8?B?not base64!!?=\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="x-mac-klingon"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"Q29tcHRlIHJlbmR1IEZJQ1RJRg=\r\n!!!not base64@@@\r\n"
    )


def eml_nested(depth: int = 30) -> bytes:
    """A mail forwarding a mail forwarding a mail... ``depth`` times."""
    message = b"Subject: fond\r\n\r\nCompte rendu FICTIF\r\n"
    for level in range(depth):
        message = (
            f"Subject: niveau {level}\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n'
            f"--b{level}\r\nContent-Type: message/rfc822\r\n\r\n".encode()
            + message
            + f"\r\n--b{level}--\r\n".encode()
        )
    return message


def eml_bad_boundaries() -> bytes:
    return (
        b"Subject: limites\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="declared"\r\n\r\n'
        b"--other\r\nContent-Type: text/plain\r\n\r\nCompte rendu FICTIF\r\n"
        b"--declared\r\nContent-Type: application/pdf; name=x.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
        b"--declared\r\nContent-Type: multipart/alternative\r\n\r\nno inner boundary\r\n"
    )


def msg_truncated() -> bytes:
    data = outlook_message(
        sender="Dr Fictif", to="Secrétariat", subject="CR", body="Compte rendu FICTIF",
        attachments={"cr.txt": b"Compte rendu FICTIF"},
    )  # fmt: skip
    return data[: len(data) // 2]


def _image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _page_image(mode: str = "L") -> Image.Image:
    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((20, 90), "Compte rendu FICTIF", fill=0)
    return image.convert(mode)


def tiff_truncated() -> bytes:
    data = _image_bytes(_page_image(), "TIFF")
    return data[: len(data) // 2]


def png_truncated() -> bytes:
    data = _image_bytes(_page_image(), "PNG")
    return data[: len(data) // 2]


def jpeg_cmyk() -> bytes:
    return _image_bytes(_page_image("CMYK"), "JPEG")


def png_16bit() -> bytes:
    pixels = (np.asarray(_page_image(), dtype=np.uint16) * 257).astype(np.uint16)
    return _image_bytes(Image.fromarray(pixels), "PNG")


def png_bomb(side: int = 100_000) -> bytes:
    """A PNG declaring ``side`` x ``side`` grey pixels (10 gigapixels), a few bytes of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(bytes(side + 1) * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def png_2400dpi() -> bytes:
    image = Image.new("1", (4800, 1200), 1)
    ImageDraw.Draw(image).rectangle((400, 500, 4400, 560), fill=0)
    return _image_bytes(image, "PNG", dpi=(2400, 2400))


def jpeg_huge_dimensions() -> bytes:
    """A 16-pixel JPEG whose frame header declares 65,000 x 65,000."""
    data = bytearray(_image_bytes(Image.new("L", (16, 16), 255), "JPEG"))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", 65_000, 65_000)
    return bytes(data)


def tiff_many_frames(frames: int = 300) -> bytes:
    pages = [Image.new("1", (64, 64), 1) for _ in range(frames)]
    return _image_bytes(pages[0], "TIFF", save_all=True, append_images=pages[1:])


def sql_long_insert(rows: int = 5_000) -> bytes:
    values = b",".join(b"('TESTCORPUS','Fictif','1970-01-01')" for _ in range(rows))
    return b"INSERT INTO patients VALUES " + values + b";\n"


def _replaced_parts(package: bytes, parts: dict[str, bytes]) -> bytes:
    """``package`` (a zip written by the format's own library) with ``parts`` replaced,
    the ``mimetype`` of an ODF first and stored, as readers expect it."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            data = parts.get(info.filename, source.read(info.filename))
            archive.writestr(info, data, compress_type=info.compress_type)
    return buffer.getvalue()


def _laughs(root: bytes, body: bytes) -> bytes:
    """An XML part whose doctype declares the billion laughs and whose text uses them."""
    return BILLION_LAUGHS.replace(b"lolz", root) + body


def docx_billion_laughs() -> bytes:
    document = docx.Document()
    document.add_paragraph("FICTIF")
    buffer = io.BytesIO()
    document.save(buffer)
    body = _laughs(
        b"w:document",
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>",
    )
    return _replaced_parts(buffer.getvalue(), {"word/document.xml": body})


def xlsx_billion_laughs() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["FICTIF"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = _laughs(
        b"worksheet",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>",
    )
    return _replaced_parts(buffer.getvalue(), {"xl/worksheets/sheet1.xml": sheet})


def odt_billion_laughs() -> bytes:
    content = _laughs(
        b"office:document-content",
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b"<office:text><text:p>&lol9;</text:p></office:text></office:body>"
        b"</office:document-content>",
    )
    return _replaced_parts(odt_letter("FICTIF"), {"content.xml": content})


ANY = frozenset({"read", "partial", "unreadable"})
UNREADABLE = frozenset({"unreadable"})


def hostile_documents() -> dict[str, tuple[bytes, frozenset[str]]]:
    """``name → (bytes, statuses allowed)``."""
    return {
        "dicom_truncated.dcm": (dicom_truncated(), ANY),
        "dicom_tiff_preamble.dcm": (dicom_tiff_preamble(), ANY),
        "mail_odd_encodings.eml": (eml_odd_encodings(), ANY),
        "mail_nested_30.eml": (eml_nested(), ANY),
        "mail_bad_boundaries.eml": (eml_bad_boundaries(), ANY),
        "outlook_truncated.msg": (msg_truncated(), ANY),
        "image_truncated.tif": (tiff_truncated(), ANY),
        "image_truncated.png": (png_truncated(), ANY),
        "image_cmyk.jpg": (jpeg_cmyk(), ANY),
        "image_16bit.png": (png_16bit(), ANY),
        "image_bomb.png": (png_bomb(), UNREADABLE),
        "image_2400dpi.png": (png_2400dpi(), ANY),
        "laughs.docx": (docx_billion_laughs(), UNREADABLE),
        "laughs.xlsx": (xlsx_billion_laughs(), UNREADABLE),
        "laughs.odt": (odt_billion_laughs(), UNREADABLE),
        "laughs.xml": (BILLION_LAUGHS + b"<lolz>&lol9;</lolz>", UNREADABLE),
        "deep.rtf": (b"{\\rtf1 " + b"{" * 100_000 + b"FICTIF" + b"}" * 100_000 + b"}", ANY),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, ANY),
        "garbage.hl7": (b"MSH|^~\\&|" + bytes(range(256)) * 8 + b"\rPID|||\x00\x00", ANY),
        "nul_bytes.txt": (bytes(200_000), ANY),
        "image_huge_dimensions.jpg": (jpeg_huge_dimensions(), UNREADABLE),
        "image_300_frames.tif": (tiff_many_frames(), ANY),
        "deep.xml": (b"<?xml version='1.0'?>" + b"<a>" * 100_000 + b"</a>" * 100_000, ANY),
        "deep.html": (b"<html><body>" + b"<div>" * 100_000 + b"FICTIF" + b"</div>" * 100_000, ANY),
        "long_insert.sql": (sql_long_insert(), ANY),
    }
