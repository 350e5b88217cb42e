"""A table is read once, as a record that knows where it stands (issue 16, point 0): its
rows carry their page and the title they sit under, and the day the table's own title or
sheet gives is the day its "28/01" and its printed ages belong to.

Real workbooks written by openpyxl, real PDFs by reportlab read back by PDFium, a real
scan into a real case; every person is fictitious.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.pdf import extract_pdf
from leakmap.extract.spreadsheet import extract_xlsx
from leakmap.group.grouping import group_mentions
from leakmap.link.registry import Patient
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus

TODAY = date(2026, 11, 29)
SETTINGS = ScanSettings(workers=1, use_ner=False)
PEOPLE = [
    Patient("31004417", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("31004588", "LE BIHAN", "", "Erwan", date(1990, 6, 2), "M", *[""] * 6),
]


def _xlsx(sheets: dict[str, list[list[str]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, grid in sheets.items():
        sheet = book.create_sheet(name)
        for row in grid:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _findings(name: str, data: bytes, parts_of):  # noqa: ANN001, ANN202
    parts = parts_of(data, SETTINGS)
    document = ExtractedDocument(
        name, "e" * 64, FileKind.XLSX, ReadStatus.READ, blocks=parts.blocks, rows=parts.rows
    )
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    return document, detect_document(document, context)


def test_a_partial_date_takes_the_year_of_its_own_sheet() -> None:
    header = ["Nom", "Prénom", "Date RDV", "Motif"]
    data = _xlsx(
        {
            "2019": [header, ["KERGOAT", "Yvonne", "28/01", "Suivi"]],
            "2024": [header, ["LE BIHAN", "Erwan", "28/01", "Suivi"]],
        }
    )
    document, findings = _findings("rdv.xlsx", data, extract_xlsx)
    assert [row.page for row in document.rows] == [1, 2], "a row's page is its sheet's"
    days = {
        i.location.row: i.value
        for i in findings.identifiers
        if i.kind.value == "date" and i.location.row >= 0
    }
    assert days == {0: "2019-01-28", 1: "2024-01-28"}


def test_an_age_is_true_on_its_own_sheets_day_not_the_files_latest() -> None:
    header = ["Nom", "Prénom", "Âge", "Motif"]
    data = _xlsx(
        {
            "Mars 2019": [["Consultations du 14/03/2019"], header, ["KERGOAT", "Yvonne", "71", "Suivi"]],
            "Avril 2024": [["Consultations du 02/04/2024"], header, ["LE BIHAN", "Erwan", "33", "Suivi"]],
        }
    )  # fmt: skip
    document, findings = _findings("consultations.xlsx", data, extract_xlsx)
    assert document.rows[0].title == "Consultations du 14/03/2019"
    mentions = {m.family_name: m for m in group_mentions(findings, document)}
    assert mentions["KERGOAT"].written_on == date(2019, 3, 14)
    assert mentions["KERGOAT"].age == 71
    assert mentions["LE BIHAN"].written_on == date(2024, 4, 2)


def test_one_tables_rows_keep_the_documents_latest_day() -> None:
    """A single table is as it was: its rows' ages are the document's latest day's."""
    data = _xlsx(
        {
            "Liste": [
                ["Édité le 02/04/2024"],
                ["Nom", "Prénom", "Âge", "Passage"],
                ["KERGOAT", "Yvonne", "76", "14/03/2019"],
                ["LE BIHAN", "Erwan", "33", "02/04/2024"],
            ]
        }
    )
    document, findings = _findings("liste.xlsx", data, extract_xlsx)
    assert findings.row_days == ()
    assert {m.written_on for m in group_mentions(findings, document)} == {date(2024, 4, 2)}


def _planning(pages: list[tuple[str, list[tuple[str, ...]]]]) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    columns = (30, 130, 250, 350, 450)
    for heading, rows in pages:
        sheet.setFont("Helvetica-Bold", 12)
        sheet.drawString(30, height - 40, heading)
        sheet.setFont("Helvetica", 9)
        lines = [("Heure", "Praticien", "Nom", "Prénom", "Âge"), *rows]
        for index, cells in enumerate(lines):
            y = height - 80 - 18 * index
            for x, cell in zip(columns, cells, strict=True):
                sheet.drawString(x, y, cell)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def test_a_pdf_tables_rows_stand_on_their_page_under_its_heading() -> None:
    data = _planning(
        [
            ("Bloc opératoire - journée du 07/03/2019", [
                ("08:00", "Dr M. LE GOFF", "KERGOAT", "Yvonne", "70"),
                ("08:30", "Dr A. BERNARD", "MORVAN", "Jean", "41"),
                ("09:00", "Dr M. LE GOFF", "CADIOU", "Anne", "52"),
            ]),
            ("Bloc opératoire - journée du 12/03/2024", [
                ("08:00", "Dr C. MOREAU", "LE BIHAN", "Erwan", "33"),
                ("08:30", "Dr A. BERNARD", "TANGUY", "Loïc", "60"),
                ("09:00", "Dr C. MOREAU", "GUEGUEN", "Marie", "45"),
            ]),
        ]
    )  # fmt: skip
    parts = extract_pdf(data, SETTINGS)
    by_name = {dict(row.cells)["Nom"]: row for row in parts.rows}
    assert by_name["LE BIHAN"].page == 2
    assert "12/03/2024" in by_name["LE BIHAN"].title
    document = ExtractedDocument(
        "bloc.pdf", "f" * 64, FileKind.PDF, ReadStatus.READ, blocks=parts.blocks, rows=parts.rows
    )
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY))
    mentions = {m.family_name: m for m in group_mentions(findings, document)}
    assert mentions["LE BIHAN"].location.page == 2, "the reviewer is sent to page 2"
    assert mentions["KERGOAT"].location.page == 1
    assert mentions["KERGOAT"].written_on == date(2019, 3, 7)
    assert mentions["LE BIHAN"].written_on == date(2024, 3, 12)
    assert "LE GOFF" not in mentions, "the practitioner column is staff"


REGISTRY = [
    ["patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
     "address", "postcode", "city", "phone", "email", "nir"],
    ["20000011", "QUEMENER", "", "Gaëlle", "2003-05-10", "F", *[""] * 6],
    ["20000012", "ABGRALL", "", "Hervé", "1980-01-20", "M", *[""] * 6],
]  # fmt: skip


def test_a_patient_of_an_old_sheet_is_notified(tmp_path: Path) -> None:
    """Before tables were read apart, her age of 2019 was compared with her age of 2024
    (the file's latest day): five years off, a contradiction, and she was never notified."""
    header = ["Nom", "Prénom", "Âge", "Motif"]
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "consultations.xlsx").write_bytes(
        _xlsx(
            {
                "2019": [["Consultations du 14/03/2019"], header, ["QUEMENER", "Gaëlle", "15", "Suivi gynécologique"]],
                "2024": [["Consultations du 02/04/2024"], header, ["ABGRALL", "Hervé", "44", "Suivi"]],
            }
        )
    )  # fmt: skip
    registry = tmp_path / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(REGISTRY)
    case = tmp_path / "case"
    scan(dump, registry=registry, case_dir=case, settings=ScanSettings(workers=1))
    with (case / "affected.csv").open(encoding="utf-8", newline="") as handle:
        notified = {r["patient_id"]: r["decision"] for r in csv.DictReader(handle)}
    assert notified.get("20000011") == "notify"
    assert notified.get("20000012") == "notify"
