"""A dump holding one file of each format and each hostile case, with the rows expected."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import zipfile
from pathlib import Path

from leakmap.synth.render_formats import (
    dicom_header,
    hl7_adt,
    json_export,
    ods_sheet,
    odt_letter,
    rtf_letter,
    seven_zip,
    sql_dump,
    tar_archive,
    xls_sheet,
)  # fmt: skip
from leakmap.synth.render_legacy import encrypted_office_file, outlook_message, word97_document

PATIENT = {"ipp": "80012345", "family": "VASSEUR", "given": "Hélène", "birth": "1961-03-02",
           "sex": "F"}  # fmt: skip
OTHER = {"ipp": "80012346", "family": "MORIN", "given": "Paul", "birth": "1950-11-20", "sex": "M"}
LETTER = "Compte rendu de consultation\nPatiente : VASSEUR Hélène, née le 02/03/1961"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]><lolz>&lol9;</lolz>"
)
READ = ("read", "")


def nested_zip(depth: int, inner: bytes) -> bytes:
    """``depth`` ZIPs one inside the other, ``note.txt`` at the bottom."""
    data, name = inner, "note.txt"
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"n{level}.zip"
    return data


def write_format_dump(root: Path) -> dict[str, tuple[str, str, str]]:
    """Write the dump; return ``path → (kind, status, reason prefix)`` expected."""
    root.mkdir(parents=True)
    files = {
        "adt.hl7": hl7_adt(PATIENT, relative=OTHER, result="12.5 g/dL"),
        "export.sql": sql_dump([PATIENT, OTHER]),
        "patients.json": json_export([PATIENT, OTHER]),
        "lettre.rtf": rtf_letter(LETTER),
        "lettre.odt": odt_letter(LETTER),
        "liste.ods": ods_sheet(["NOM", "PRENOM", "IPP"], [["VASSEUR", "Hélène", "80012345"]]),
        "worklist.xls": xls_sheet(["NOM", "PRENOM", "IPP"], [["VASSEUR", "Hélène", "80012345"]]),
        "scanner.dcm": dicom_header(PATIENT, study="Scanner thoracique"),
        "ancien.doc": word97_document(LETTER),
        "message.msg": outlook_message(
            sender="Dr Martin",
            to="Secrétariat",
            subject="CR",
            body=LETTER,
            attachments={"cr.doc": word97_document(LETTER)},
        ),
        "page.html": f"<html><body><p>{LETTER}</p></body></html>".encode(),
        "cda.xml": f"<?xml version='1.0'?><doc><patient>{LETTER}</patient></doc>".encode(),
        "archive.7z": seven_zip({"cr.txt": LETTER.encode()}),
        "archive.tar.gz": tar_archive({"dossier/cr.txt": LETTER.encode()}),
        "archive.tar.bz2": tar_archive({"cr.txt": LETTER.encode()}, compression="bz2"),
        "note.txt.gz": gzip.compress(LETTER.encode()),
        "note.txt.bz2": bz2.compress(LETTER.encode()),
        "note.txt.xz": lzma.compress(LETTER.encode()),
        # hostile
        "bombe.gz": gzip.compress(bytes(20 * 1024 * 1024)),
        "evasion.tar": tar_archive({"../../etc/cr.txt": LETTER.encode()}, compression=""),
        "profond.zip": nested_zip(20, LETTER.encode()),
        "lol.xml": BILLION_LAUGHS,
        "chiffre.7z": seven_zip({"cr.txt": LETTER.encode()}, password="secret"),
        "chiffre.docx": encrypted_office_file(),
        "chiffre.doc": word97_document(LETTER, encrypted=True),
        "tronque.xls": xls_sheet(["NOM"], [["VASSEUR"]])[:700],
        "tronque.tar.gz": tar_archive({"cr.txt": random.Random(3).randbytes(50_000)})[:20_000],
        "archive.rar": b"Rar!\x1a\x07\x01\x00" + bytes(64),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    return expected_rows()


def expected_rows() -> dict[str, tuple[str, str, str]]:
    rows = {
        "adt.hl7": ("hl7", *READ), "export.sql": ("sql", *READ), "patients.json": ("json", *READ),
        "lettre.rtf": ("rtf", *READ), "lettre.odt": ("odt", *READ), "liste.ods": ("ods", *READ),
        "worklist.xls": ("xls", *READ), "scanner.dcm": ("dicom", *READ), "ancien.doc": ("doc", *READ),
        "message.msg": ("msg", *READ), "message.msg!/cr.doc": ("doc", *READ),
        "page.html": ("html", *READ), "cda.xml": ("xml", *READ),
        "archive.7z": ("7z", *READ), "archive.7z!/cr.txt": ("txt", *READ),
        "archive.tar.gz": ("tar", *READ), "archive.tar.gz!/dossier/cr.txt": ("txt", *READ),
        "archive.tar.bz2": ("tar", *READ), "archive.tar.bz2!/cr.txt": ("txt", *READ),
        "note.txt.gz": ("gz", *READ), "note.txt.gz!/note.txt": ("txt", *READ),
        "note.txt.bz2": ("bz2", *READ), "note.txt.bz2!/note.txt": ("txt", *READ),
        "note.txt.xz": ("xz", *READ), "note.txt.xz!/note.txt": ("txt", *READ),
        "bombe.gz": ("gz", *READ), "bombe.gz!/bombe": ("unknown", "unreadable", "archive_bomb"),
        "evasion.tar": ("tar", *READ), "evasion.tar!/etc/cr.txt": ("txt", *READ),
        "lol.xml": ("xml", "unreadable", "xml_entity_expansion"),
        "chiffre.7z": ("7z", "unreadable", "encrypted"),
        "chiffre.docx": ("ole", "unreadable", "encrypted"),
        "chiffre.doc": ("doc", "unreadable", "encrypted"),
        "tronque.xls": ("ole", "unreadable", "corrupt"),
        "tronque.tar.gz": ("tar", *READ),
        "archive.rar": ("rar", "unreadable", "corrupt"),
    }  # fmt: skip
    rows["profond.zip"] = ("zip", *READ)
    for level in range(18, 10, -1):  # depth 1 to 8 are opened
        prefix = "!/".join(["profond.zip", *[f"n{k}.zip" for k in range(18, level - 1, -1)]])
        rows[prefix] = ("zip", *READ)
    rows["!/".join(["profond.zip", *[f"n{k}.zip" for k in range(18, 9, -1)]])] = (
        "unknown", "unreadable", "nested_too_deep",
    )  # fmt: skip
    rows["tronque.tar.gz!/cr.txt"] = ("unknown", "unreadable", "corrupt")
    return rows
