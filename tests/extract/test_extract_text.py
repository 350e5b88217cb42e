"""Plain text in the encodings French hospital files come in."""

from __future__ import annotations

import pytest

from leakmap.extract.encoding import detect_encoding
from leakmap.extract.text import extract_text
from leakmap.settings import ScanSettings

NOTE = "Patiente PETITJEAN Hélène née le 29/02/1980, échographie obstétricale à 12 SA."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "cp850", "utf-16"])
def test_text_in_any_common_encoding(encoding: str) -> None:
    [block] = extract_text(NOTE.encode(encoding), ScanSettings(workers=1)).blocks
    assert block.text == NOTE and block.page == 1


@pytest.mark.parametrize("saved_as", ["utf-8", "cp1252"])
def test_utf8_read_as_windows_1252_and_saved_again_is_mended(saved_as: str) -> None:
    """An export opened and re-saved in a spreadsheet: "PETITJEAN HÃ©lÃ¨ne"."""
    mangled = NOTE.encode("utf-8").decode("cp1252").encode(saved_as)
    [block] = extract_text(mangled, ScanSettings(workers=1)).blocks
    assert block.text == NOTE


def test_line_ends_are_normalised() -> None:
    [block] = extract_text(b"a\r\nb\rc\n", ScanSettings(workers=1)).blocks
    assert block.text == "a\nb\nc\n"


def test_windows_1252_wins_over_central_european_guesses() -> None:
    assert detect_encoding("Hélène, née à Besançon".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"plain ascii") == "utf-8"


def test_saved_web_page_and_xml_export_are_read_as_text() -> None:
    page = b"<!DOCTYPE html><html><head><title>Dossier</title></head><body><p>DUPONT&nbsp;Marie</p></body></html>"
    assert extract_text(page, ScanSettings(workers=1)).blocks[0].text == "Dossier\nDUPONT Marie"
    cda = (
        b'<?xml version="1.0"?><ClinicalDocument><patient><id extension="10000001"/>'
        b"<name><family>DUPONT</family><given>Marie</given></name></patient></ClinicalDocument>"
    )
    assert extract_text(cda, ScanSettings(workers=1)).blocks[0].text == "10000001\nDUPONT\nMarie"
