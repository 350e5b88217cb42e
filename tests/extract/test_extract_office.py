"""DOCX written with python-docx: body order, tables as rows, label tables, boxes, headers."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml

from leakmap.extract.office import extract_docx
from leakmap.settings import ScanSettings

SETTINGS = ScanSettings(workers=1)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_box_run(text: str) -> object:
    """A run holding a text box the way Word writes it: DrawingML, then a VML fallback."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f'<w:r xmlns:w="{_W}" xmlns:mc="{_MC}" xmlns:wps="{_WPS}"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx></mc:Choice>'
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_body_tables_headers_and_boxes_in_one_block() -> None:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "CHU Exemple - DUPONT Marie - IPP 10000001"
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_paragraph("Compte rendu de consultation")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows, [("Nom :", "DUPONT"), ("Né le :", "12/03/1965")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Conclusion : suivi au CMP.")._p.append(
        text_box_run("Étiquette IPP 10000001")
    )
    parts = extract_docx(docx_bytes(document), SETTINGS)
    assert parts.pages == 1 and len(parts.blocks) == 1
    assert parts.blocks[0].text.split("\n") == [
        "Compte rendu de consultation",
        "Nom :\tDUPONT",
        "Né le :\t12/03/1965",
        "Conclusion : suivi au CMP.",
        "Étiquette IPP 10000001",
        "CHU Exemple - DUPONT Marie - IPP 10000001",
        "Page 1",
    ]
    assert [row.cells for row in parts.rows] == [(("Nom", "DUPONT"), ("Né le", "12/03/1965"))]


def test_table_with_a_header_row() -> None:
    document = Document()
    rows = [
        ("NOM", "PRENOM", "DDN"),
        ("ZARKOVIC", "Milan", "10/10/1990"),
        ("LEROY", "Anne", "15/06/1975"),
    ]
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    parts = extract_docx(docx_bytes(document), SETTINGS)
    assert [(r.sheet, r.index) for r in parts.rows] == [("table1", 1), ("table1", 2)]
    assert parts.rows[0].cells == (("NOM", "ZARKOVIC"), ("PRENOM", "Milan"), ("DDN", "10/10/1990"))


def test_table_without_a_header_and_merged_cells() -> None:
    document = Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "12/03/1965"
    table.cell(0, 2).text = "10000001"
    for cell, value in zip(table.rows[1].cells, ("DUPONT", "Marie", "10000002"), strict=True):
        cell.text = value
    parts = extract_docx(docx_bytes(document), SETTINGS)
    assert [row.cells for row in parts.rows] == [
        (("col1", "12/03/1965"), ("col2", "12/03/1965"), ("col3", "10000001")),
        (("col1", "DUPONT"), ("col2", "Marie"), ("col3", "10000002")),
    ]
    assert parts.blocks[0].text == "12/03/1965\t10000001\nDUPONT\tMarie\t10000002"


def test_empty_document_has_no_block() -> None:
    parts = extract_docx(docx_bytes(Document()), SETTINGS)
    assert parts.blocks == () and parts.rows == ()
