"""A document's own date (title, sheet, file name) and the partial dates it completes:
hits and near misses."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.document_date import document_date, partial_date
from leakmap.extract.document import ExtractedDocument, TableRow, TextBlock
from leakmap.vocabulary import FileKind, ReadStatus

TODAY = date(2026, 11, 29)


def _document(path: str, title: str = "", sheet: str = "Feuil1") -> ExtractedDocument:
    blocks = (TextBlock(1, title),) if title else ()
    rows = (TableRow(sheet, 1, (("Nom", "MORVAN"),)),)
    return ExtractedDocument(path, "c" * 64, FileKind.XLSX, ReadStatus.READ, blocks=blocks, rows=rows)  # fmt: skip


@pytest.mark.parametrize(
    ("path", "title", "sheet", "expected"),
    [
        ("bloc.xlsx", "Bloc opératoire — semaine du 27/01/2025", "Feuil1", date(2025, 1, 27)),
        ("agenda.xlsx", "Consultations de cardiologie — janvier 2025", "Feuil1", date(2025, 1, 1)),
        ("agenda.xlsx", "Planning 03/2024", "Feuil1", date(2024, 3, 1)),
        ("agenda.xlsx", "", "Semaine du 3 février 2025", date(2025, 2, 3)),
        ("exports/planning_2025-01.xlsx", "", "Feuil1", date(2025, 1, 1)),
        ("exports/worklist_20250127_labo.csv", "", "Feuil1", date(2025, 1, 27)),
        ("exports/liste-27-01-2025.csv", "", "Feuil1", date(2025, 1, 27)),
        ("Agendas/planning_consult 04-08-23.xlsx", "", "Feuil1", date(2023, 8, 4)),
        # near misses: a birth date is nobody's document date; ids and bare numbers say nothing
        ("liste.xlsx", "Patient né le 12/03/1965", "Feuil1", None),
        ("exports/IPP123456789.csv", "", "Feuil1", None),
        ("liste.xlsx", "Liste des patients 12", "Feuil1", None),
        ("exports/v12-13-14.csv", "", "Feuil1", None),
    ],
)
def test_the_document_date_is_read_from_title_sheet_or_name(
    path: str, title: str, sheet: str, expected: date | None
) -> None:
    assert document_date(_document(path, title, sheet), today=TODAY) == expected


@pytest.mark.parametrize(
    ("cell", "anchor", "expected"),
    [
        ("28/01", date(2025, 1, 27), date(2025, 1, 28)),
        ("lun. 28/01 08:30", date(2025, 1, 27), date(2025, 1, 28)),
        ("le 28 janv.", date(2025, 1, 27), date(2025, 1, 28)),
        ("1er févr.", date(2025, 1, 27), date(2025, 2, 1)),
        ("03/01", date(2024, 12, 30), date(2025, 1, 3)),  # late December lists January
        ("29/12", date(2025, 1, 2), date(2024, 12, 29)),
        # near misses: a fraction, a full date (not partial), an impossible day, a number
        ("3/4", date(2025, 1, 27), None),
        ("28/01/2025", date(2025, 1, 27), None),
        ("31/02", date(2025, 1, 27), None),
        ("12.5", date(2025, 1, 27), None),
    ],
)
def test_a_partial_date_takes_the_nearest_year(
    cell: str, anchor: date, expected: date | None
) -> None:
    assert partial_date(cell, anchor) == expected
