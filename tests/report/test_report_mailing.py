"""Letters at scale: the letter press's PDFs say what platypus's said, the pool writes what
one process writes, and the print-shop file streams in postcode order, sealed when the
case seals. Every person is fictitious (``report_people``)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pyrage
from pyrage import x25519
from report_people import DECEASED, EXPOSURES, LETTER_DAY, PATIENTS, STAFF, flat, pdf_text

from leakmap.executors import LocalPoolExecutor, SerialExecutor
from leakmap.report.case_info import load_case_info
from leakmap.report.letter_pdf import render_letter_pdf
from leakmap.report.letter_press import LetterPress, addressee_characters
from leakmap.report.letters import PRINT_SHOP_HEADER, letter_frame, write_letters_and_kits
from leakmap.report.output_files import RECIPIENT_FILE
from leakmap.report.pdf_document import render_text_pdf
from leakmap.report.recipients import route_letters


def _words(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return flat(pdf_text(path))


def test_mailing_letter_press_pdf_says_what_platypus_said(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    routing = route_letters(EXPOSURES, PATIENTS, on=LETTER_DAY, deceased=DECEASED, staff=STAFF)
    press = LetterPress(tmp_path, info, characters=addressee_characters(routing.addressees))
    for addressee in routing.addressees[:3]:
        for kind in ("letter", "complaint_kit"):
            rendered = press.rendered(addressee, "fr", kind)
            frame = letter_frame(addressee, info, "fr")
            if kind == "complaint_kit":
                frame = replace(frame, recipient=(), date_line="")
            old, _ = render_text_pdf(frame, rendered)
            new, pages = render_letter_pdf(frame, rendered, press.fonts)
            assert pages >= 1
            before = _words(old, tmp_path, "old.pdf").split()
            after = _words(new, tmp_path, "new.pdf").split()
            # the same words; only where the page footer and stamp fall may differ
            assert sorted(before) == sorted(after), (addressee.key, kind)


def test_mailing_name_outside_the_base_fonts_prints_from_the_pdf(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    routing = route_letters(EXPOSURES, PATIENTS, on=LETTER_DAY, deceased=DECEASED)
    addressee = replace(routing.addressees[0], family_name="Ngô Thị Phượng")
    press = LetterPress(tmp_path, info)  # characters not gathered: the press widens
    _, pdf, _ = press.letter(addressee, "fr")
    assert "NGÔ THỊ PHƯỢNG" in _words(pdf, tmp_path, "letter.pdf")


def _written(case_dir: Path, executor) -> dict[str, bytes]:
    info = load_case_info(case_dir, today=LETTER_DAY)
    write_letters_and_kits(
        case_dir, EXPOSURES, PATIENTS, info, deceased=DECEASED, staff=STAFF, executor=executor
    )
    return {
        str(p.relative_to(case_dir)): p.read_bytes()
        for p in sorted(case_dir.rglob("*"))
        if p.is_file() and p.suffix in {".pdf", ".txt", ".csv"}
    }


def test_mailing_pool_writes_what_one_process_writes(tmp_path):
    serial = _written(tmp_path / "serial", SerialExecutor())
    pooled = _written(tmp_path / "pool", LocalPoolExecutor(2))
    assert sorted(serial) == sorted(pooled)
    assert serial == pooled  # byte for byte: the same PDFs, kits and print-shop file
    rows = list(csv.reader(io.StringIO(pooled["letters/print_shop.csv"].decode("utf-8"))))
    assert rows[0] == PRINT_SHOP_HEADER
    assert [r[-3] for r in rows[1:]] == sorted(r[-3] for r in rows[1:])  # by postcode


def test_mailing_sealed_case_streams_the_print_shop_encrypted(tmp_path):
    identity = x25519.Identity.generate()
    (tmp_path / RECIPIENT_FILE).write_text(str(identity.to_public()), encoding="ascii")
    info = load_case_info(tmp_path, today=LETTER_DAY)
    summary = write_letters_and_kits(tmp_path, EXPOSURES, PATIENTS, info, deceased=DECEASED)
    letters = tmp_path / "letters"
    assert summary.print_shop == letters / "print_shop.csv.age"
    assert not (letters / "print_shop.csv").exists()
    assert not list(letters.glob("*.pdf"))  # every letter sealed too
    text = pyrage.decrypt(summary.print_shop.read_bytes(), [identity]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == PRINT_SHOP_HEADER
    assert len(rows) == 1 + summary.written - len(summary.without_address) == 1 + 3
    assert (summary.print_shop.stat().st_mode & 0o777) == 0o600
