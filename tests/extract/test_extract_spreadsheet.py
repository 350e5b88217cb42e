"""XLSX written with openpyxl and CSV in the encodings hospitals export: rows by header."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from leakmap.extract.spreadsheet import choose_delimiter, extract_csv, extract_xlsx
from leakmap.extract.tables import split_table
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus

SETTINGS = ScanSettings(workers=1)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_worklist_with_a_title_above_the_header() -> None:
    data = xlsx_bytes({
        "Worklist": [
            ["Worklist laboratoire du 12/05/2023"],
            [],
            ["NOM", "PRENOM", "DDN", "IPP", "Examen", None],
            ["ZARKOVIC", "Milan", datetime(1990, 10, 10), 10000009, "Sérologie VIH"],
            [],
            ["MOREAU-VASSEUR", "Jean-Pierre", date(1959, 1, 30), 10000005, "Glycémie", "urgent"],
        ],
        "Notes": [["Liste transmise au secrétariat"], ["Ne pas diffuser"]],
    })  # fmt: skip
    parts = extract_xlsx(data, SETTINGS)
    assert parts.status is ReadStatus.READ and parts.pages == 2
    assert [(b.page, b.text) for b in parts.blocks] == [
        (1, "Worklist laboratoire du 12/05/2023"),
        (2, "Liste transmise au secrétariat\nNe pas diffuser"),
    ]
    assert [(r.sheet, r.index) for r in parts.rows] == [("Worklist", 1), ("Worklist", 2)]
    assert parts.rows[0].cells == (
        ("NOM", "ZARKOVIC"), ("PRENOM", "Milan"), ("DDN", "1990-10-10"), ("IPP", "10000009"),
        ("Examen", "Sérologie VIH"),
    )  # fmt: skip
    assert parts.rows[1].cells[-1] == ("col6", "urgent")


def test_cells_read_as_people_see_them() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["IPP", "POIDS", "ENTREE", "ACTIF"])
    sheet.append([123456, 72.5, datetime(2023, 5, 12, 14, 30), True])
    sheet["A2"].number_format = "00000000"
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = extract_xlsx(buffer.getvalue(), SETTINGS).rows
    assert row.cells == (
        ("IPP", "00123456"),
        ("POIDS", "72.5"),
        ("ENTREE", "2023-05-12 14:30"),
        ("ACTIF", "TRUE"),
    )


def test_sheet_without_header_keys_columns() -> None:
    parts = extract_xlsx(xlsx_bytes({"S": [["DUPONT", 12, "x"], ["DURAND", 14, "y"]]}), SETTINGS)
    assert parts.rows[0].cells == (("col1", "DUPONT"), ("col2", "12"), ("col3", "x"))
    assert parts.blocks == ()


def test_csv_in_windows_1252_with_semicolons() -> None:
    data = (
        "NOM;PRÉNOM;DATE DE NAISSANCE;SERVICE\r\nPETITJEAN;Hélène;29/02/1980;Maternité\r\n".encode(
            "cp1252"
        )
    )
    parts = extract_csv(data, SETTINGS)
    assert parts.blocks == ()
    assert parts.rows[0].cells == (
        ("NOM", "PETITJEAN"), ("PRÉNOM", "Hélène"), ("DATE DE NAISSANCE", "29/02/1980"), ("SERVICE", "Maternité"),
    )  # fmt: skip


def test_csv_title_lines_quotes_and_bom() -> None:
    text = 'Export du 12/05/2023\n\nNOM,ADRESSE,IPP\nDUPONT,"3 rue des Lilas, Paris",10000001\n'
    parts = extract_csv(b"\xef\xbb\xbf" + text.encode(), SETTINGS)
    assert [b.text for b in parts.blocks] == ["Export du 12/05/2023"]
    assert parts.rows[0].cells == (
        ("NOM", "DUPONT"),
        ("ADRESSE", "3 rue des Lilas, Paris"),
        ("IPP", "10000001"),
    )


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("NOM\tIPP\tDDN\nDUPONT\t1\t12/03/1965\n", "\t"),
        ("NOM|IPP|DDN\nDUPONT|1|12/03/1965\n", "|"),
        ("NOM;POIDS;TAILLE\nDUPONT;72,5;1,68\nDURAND;80,1;1,75\n", ";"),
        ('NOM,ADRESSE\nDUPONT,"1 rue A, Paris",x\nDURAND\n', ","),  # ragged: Sniffer decides
    ],
)
def test_choose_delimiter(text: str, delimiter: str) -> None:
    assert choose_delimiter(text) == delimiter


def test_one_column_of_text_is_text() -> None:
    table = split_table("S", [["Liste des patients"], ["DUPONT Marie"], [""], ["DURAND Jeanne"]])
    assert table.rows == () and table.title == "Liste des patients\nDUPONT Marie\nDURAND Jeanne"


def test_repeated_and_blank_headers_get_keys() -> None:
    table = split_table("S", [["NOM", "", "NOM", "IPP"], ["A", "b", "C", "1"]])
    assert [key for key, _ in table.rows[0].cells] == ["NOM", "col2", "NOM (2)", "IPP"]
