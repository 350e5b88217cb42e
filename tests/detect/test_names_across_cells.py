"""A document's tables are also written into its text, one line a row, cells tab-separated:
a name is never read across two cells ("Dr J. ROUX<TAB>LAURENT Dorothée" is an
anaesthetist and a patient, not ROUX Laurent)."""

from __future__ import annotations

import io
from datetime import date

import docx

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.office import extract_docx
from leakmap.group.grouping import group_mentions
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision, FileKind, ReadStatus

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("51000001", "ROUX", "", "Laurent", date(1961, 11, 15), "M", *[""] * 6),
    Patient("51000002", "LAURENT", "", "Dorothée", date(1962, 9, 2), "F", *[""] * 6),
]


def _planning() -> bytes:
    document = docx.Document()
    document.add_paragraph("Programme opératoire - semaine du 04/05/2020")
    table = document.add_table(rows=1, cols=6)
    header = ("Salle", "Heure", "Chirurgien", "Anesthésiste", "Patient", "Âge")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in (
        ("Salle 6", "10h45", "Dr J. MARTIN", "Dr J. ROUX", "LAURENT Dorothée", "57 ans"),
        ("Salle 2", "14h00", "Dr J. MARTIN", "Dr J. ROUX", "LE GOFF Yann", "41 ans"),
    ):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_no_name_is_read_across_two_cells_of_a_table_line() -> None:
    parts = extract_docx(_planning(), ScanSettings(workers=1))
    assert "Dr J. ROUX\tLAURENT Dorothée" in parts.blocks[0].text  # the line is in the text
    document = ExtractedDocument(
        "programme.docx", "e" * 64, FileKind.DOCX, ReadStatus.READ, blocks=parts.blocks, rows=parts.rows
    )  # fmt: skip
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    found = link_mentions(
        group_mentions(findings, document), RegistryIndex.build(PEOPLE), settings, today=TODAY
    )
    decided = {a.patient_id: a.decision for a in found if a.patient_id}
    assert decided == {"51000002": Decision.NOTIFY}
