"""Logs name files by their place, never people (issue 17, point 6).

A dump whose folder, file, archive-member and attachment names and mail subject hold a
fictitious patient's name and a diagnosis, with broken members that make the walk and the
libraries warn, is scanned as a user runs it (a subprocess): nothing on stderr or stdout,
and no log file in the case, holds the name or the diagnosis.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
import sys
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import py7zr
from reportlab.pdfgen import canvas

from leakmap.log_names import file_ref, member_ref

FAMILY, GIVEN, DIAGNOSIS = "QUERNAVEL", "Ysolde", "VIH"
PERSON = f"{GIVEN} {FAMILY}"
#: What must never reach a log line; the dump folder's own name is the user's and may.
SECRETS = (FAMILY, GIVEN, DIAGNOSIS, "séro")


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _crc_broken_zip(name: str, data: bytes) -> bytes:
    """A stored member whose bytes no longer match its CRC (one byte flipped)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    start = raw.index(data[:16])
    raw[start + 8] ^= 0xFF
    return bytes(raw)


def _tar(members: dict[str, bytes], *, cut: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()[:cut]


def _seven_zip(tmp: Path, name: str, data: bytes) -> bytes:
    source = tmp / "src.txt"
    source.write_bytes(data)
    target = tmp / "src.7z"
    with py7zr.SevenZipFile(target, "w") as archive:
        archive.write(source, name)
    raw = bytearray(target.read_bytes())
    raw[40] ^= 0xFF  # packed bytes damaged: a CRC error on reading
    return bytes(raw)


def _mail(attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "labo@chu-fictif.test"
    message["To"] = "secretariat@chu-fictif.test"
    message["Subject"] = f"Résultat {DIAGNOSIS} positif — {PERSON}"
    message.set_content(f"Sérologie {DIAGNOSIS} de {PERSON}, née le 12/03/1971.")
    message.add_attachment(
        attachment, maintype="application", subtype="pdf", filename=f"{FAMILY}_{DIAGNOSIS}.pdf"
    )
    return message.as_bytes()


def _dump(root: Path, tmp: Path) -> None:
    report = _pdf(f"Compte rendu : {PERSON}, née le 12/03/1971, sérologie {DIAGNOSIS} positive")
    letter = f"Patiente {PERSON} née le 12/03/1971 : sérologie {DIAGNOSIS} positive.\n".encode()
    folder = root / f"{PERSON} - {DIAGNOSIS}"
    folder.mkdir(parents=True)
    (folder / f"{PERSON} - sérologie {DIAGNOSIS}.pdf").write_bytes(report[: len(report) // 2])
    (folder / f"{FAMILY} {DIAGNOSIS}.xlsx").write_bytes(_zip({"[Content_Types].xml": b"<x"}))
    (folder / f"{FAMILY} {DIAGNOSIS}.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / f"{FAMILY} {DIAGNOSIS}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    members = {
        f"../{PERSON} {DIAGNOSIS}.txt": letter,
        f"C:/{FAMILY}/{DIAGNOSIS}.pdf": report[:300],
        f"/{FAMILY}/{DIAGNOSIS} suivi.xlsx": b"PK\x03\x04 broken",
        f"{FAMILY} {DIAGNOSIS} crc.zip": _crc_broken_zip(f"{FAMILY} {DIAGNOSIS}.txt", letter * 4),
    }
    (root / f"dossiers {FAMILY}.zip").write_bytes(_zip(members))
    (root / f"{FAMILY}.tar").write_bytes(
        _tar({f"../../{PERSON} {DIAGNOSIS}.txt": letter, f"{FAMILY}.pdf": report}, cut=1200)
    )
    (root / f"{FAMILY} {DIAGNOSIS}.7z").write_bytes(
        _seven_zip(tmp, f"{PERSON} {DIAGNOSIS}.txt", letter * 20)
    )
    (root / f"{DIAGNOSIS} {FAMILY}.eml").write_bytes(_mail(report[:200]))


def _registry(path: Path) -> Path:
    path.write_text(
        "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,"
        "phone,email,nir\n"
        f"40000001,{FAMILY},,{GIVEN},1971-03-12,F,,,,,,\n",
        encoding="utf-8",
    )
    return path


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in SECRETS if secret.lower() in lowered]


def test_scan_logs_name_no_patient_and_no_diagnosis(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    _dump(dump, tmp_path)
    case = tmp_path / "case"
    # Library warnings shown, not hidden; a key of full strength, this case's own.
    # English: the summary's words are asserted (leakmap speaks French by default).
    env = {**os.environ, "PYTHONWARNINGS": "default", "LEAKMAP_KEY": secrets.token_hex(32),
           "LEAKMAP_LANGUAGE": "en"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "leakmap", "scan", str(dump), "--registry",
         str(_registry(tmp_path / "registry.csv")), "--out", str(case), "--workers", "1"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "unreadable" in result.stdout  # the broken files were reached and reported
    assert _leaks(result.stderr) == [], result.stderr
    assert _leaks(result.stdout) == [], result.stdout
    # The unsafe member names were logged, by their archive's hash and their place.
    assert re.search(r"^zip sha:[0-9a-f]{12} member #1: member name leaves", result.stderr, re.M)
    assert re.search(r"^tar sha:[0-9a-f]{12} member #1: member name leaves", result.stderr, re.M)
    logs = [path for path in case.rglob("*") if path.suffix in {".log", ".txt", ".err"}]
    for log in logs:
        assert _leaks(log.read_text(encoding="utf-8", errors="replace")) == [], log


def test_file_ref_names_a_file_by_its_hash_or_its_path_hash() -> None:
    digest = "3F2A9C01B7E4" + "0" * 52
    assert file_ref(digest) == "sha:3f2a9c01b7e4"
    path_ref = file_ref(f"dossiers.zip!/{PERSON} {DIAGNOSIS}.pdf")
    assert path_ref.startswith("path:") and len(path_ref) == len("path:") + 12
    assert path_ref == file_ref(f"dossiers.zip!/{PERSON} {DIAGNOSIS}.pdf")
    assert _leaks(path_ref) == []
    assert member_ref(file_ref(digest), 3) == "sha:3f2a9c01b7e4 member #3"


_LIBRARIES_QUOTING_NAMES = f"""
import io, logging, zipfile
from leakmap.log_names import withhold_library_text
withhold_library_text()
withhold_library_text()  # twice: still one line per record
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    archive.writestr("{PERSON} {DIAGNOSIS}.pdf", b"1")
    archive.writestr("{PERSON} {DIAGNOSIS}.pdf", b"2")  # zipfile warns, quoting the name
logging.getLogger("py7zr").warning("cannot read %s", "{PERSON} {DIAGNOSIS}.txt")
logging.getLogger("leakmap.walk.archives").warning("zip sha:3f2a9c01b7e4 member #2: ours")
zipfile.ZipFile(buffer).read("{FAMILY}.xlsx")  # KeyError quoting the name, uncaught
"""


def test_library_warnings_logs_and_crashes_lose_their_text_not_their_origin() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", _LIBRARIES_QUOTING_NAMES],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert _leaks(result.stderr) == [], result.stderr
    assert "UserWarning from zipfile.py:" in result.stderr  # where it came from, still
    assert result.stderr.count("py7zr: warning withheld") == 1
    assert "zip sha:3f2a9c01b7e4 member #2: ours" in result.stderr  # leakmap's own, as is
    assert "KeyError: message withheld" in result.stderr
    assert "in getinfo" in result.stderr  # the traceback's frames are kept
