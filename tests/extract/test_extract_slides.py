"""PPTX decks written with python-pptx: a block per slide, groups opened, tables as rows."""

from __future__ import annotations

import io
from datetime import date

from pptx import Presentation
from pptx.util import Inches

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.registry import extract_file
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.sniff import sniff_content

SETTINGS = ScanSettings(workers=1)


def _deck() -> bytes:
    deck = Presentation()
    blank = deck.slide_layouts[6]
    first = deck.slides.add_slide(blank)
    first.shapes.add_textbox(
        Inches(1), Inches(1), Inches(6), Inches(1)
    ).text = "RCP Sénologie du 12/03/2024"
    group = first.shapes.add_group_shape()
    group.shapes.add_textbox(
        Inches(1), Inches(2), Inches(6), Inches(1)
    ).text = "Mme KERGOAT Yvonne, née le 07/03/1948"
    first.notes_slide.notes_text_frame.text = "Carcinome canalaire infiltrant, pT1cN0."
    second = deck.slides.add_slide(blank)
    table = second.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(8), Inches(2)).table
    for r, values in enumerate(
        [("Patient", "DDN", "Proposition"), ("LE GALL Anne", "02/05/1950", "Chirurgie"),
         ("MORVAN Paul", "11/11/1941", "Surveillance")]
    ):  # fmt: skip
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def test_a_deck_is_read_slide_by_slide_with_its_tables_and_notes() -> None:
    data = _deck()
    assert sniff_content(data) is FileKind.PPTX
    leaked = LeakedFile(LeakPath.parse("RCP_sein.pptx"), "ab" * 32, len(data), FileKind.PPTX,
                        content=data)  # fmt: skip
    document = extract_file(leaked, SETTINGS)
    assert document.status is ReadStatus.READ and document.pages == 2
    first, second = (block.text.split("\n") for block in document.blocks)
    assert first == [
        "RCP Sénologie du 12/03/2024",
        "Mme KERGOAT Yvonne, née le 07/03/1948",
        "Carcinome canalaire infiltrant, pT1cN0.",
    ]
    assert second[0] == "Patient\tDDN\tProposition"
    assert [dict(row.cells)["Patient"] for row in document.rows] == ["LE GALL Anne", "MORVAN Paul"]
    found = detect_document(
        document, DetectionContext(NameIndex.build([]), SETTINGS, date(2026, 11, 29))
    )
    assert {(n.family_name, n.given_names) for n in found.names} >= {
        ("KERGOAT", "Yvonne"), ("LE GALL", "Anne"), ("MORVAN", "Paul")
    }  # fmt: skip
