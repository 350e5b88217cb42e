"""A header over two rows ("Patient" merged over "Nom | Prénom", "Séjour" over "Entrée |
UF"): the lower row names the columns; a list whose header has a blank cell keeps its
first row of names as data."""

from __future__ import annotations

import io

import openpyxl

from leakmap.extract.spreadsheet import extract_xlsx
from leakmap.extract.tables import split_table, table_rows
from leakmap.settings import ScanSettings

ROWS = [["KERGOAT", "Yvonne", "12/01/2022", "1710"], ["LE BIHAN", "Erwan", "15/01/2022", "2110"]]


def test_a_merged_group_row_over_the_header_in_a_workbook() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Patient", "", "Séjour", ""])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:D1")
    sheet.append(["Nom", "Prénom", "Entrée", "UF"])
    for row in ROWS:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    parts = extract_xlsx(data.getvalue(), ScanSettings(workers=1))
    assert [dict(row.cells) for row in parts.rows][0] == {
        "Nom": "KERGOAT", "Prénom": "Yvonne", "Entrée": "12/01/2022", "UF": "1710"
    }  # fmt: skip
    assert len(parts.rows) == 2 and "Patient" in parts.blocks[0].text


def test_a_docx_grid_repeats_the_group_under_each_column() -> None:
    grid = [["Patient", "Patient", "Séjour", "Séjour"], ["Nom", "Prénom", "Entrée", "UF"], *ROWS]
    assert [dict(row.cells)["Prénom"] for row in table_rows("table1", grid)] == ["Yvonne", "Erwan"]


def test_a_header_with_a_blank_cell_keeps_its_first_row_of_names() -> None:
    grid = [
        ["Nom", "Prénom", "", "Motif"],
        ["DUPONT", "Marie", "Suivi", "Chute"],
        ["MARTIN", "Paul", "12/01/2022", "Chute"],
        ["RIOU", "Anne", "13/01/2022", "Plaie"],
    ]
    rows = split_table("liste", grid).rows
    assert [dict(row.cells)["Nom"] for row in rows] == ["DUPONT", "MARTIN", "RIOU"]
