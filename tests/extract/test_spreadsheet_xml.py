"""Excel 2003 XML spreadsheets (report tools' "export to Excel") are read as workbooks:
each sheet's rows under its header, a skipped or merged cell keeping the columns."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.markup import extract_xml
from leakmap.group.grouping import group_mentions
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, FileKind, ReadStatus
from leakmap.walk.sniff import sniff_content

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("31004417", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("31004588", "LE BIHAN", "", "Erwan", date(1990, 6, 2), "M", *[""] * 6),
]


def _cell(value: str, extra: str = "") -> str:
    return f'<Cell{extra}><Data ss:Type="String">{value}</Data></Cell>'


def _workbook() -> bytes:
    rows = [
        _cell("Liste des passages du 12/05/2022", ' ss:MergeAcross="4"'),
        "",
        "".join(_cell(v) for v in ("Nom", "Prénom", "Date de naissance", "IPP", "Motif")),
        "".join(_cell(v) for v in ("KERGOAT", "Yvonne", "07/03/1948", "31004417", "Chute")),
        # No birth date typed: the report tool skips the cell with ss:Index.
        _cell("LE BIHAN") + _cell("Erwan") + _cell("31004588", ' ss:Index="4"') + _cell("Sérologie VIH"),
    ]  # fmt: skip
    body = "\n".join(f"<Row>{cells}</Row>" for cells in rows)
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Passages"><Table>{body}</Table></Worksheet></Workbook>'
    ).encode()


def test_an_xml_spreadsheet_is_read_as_its_sheets_rows() -> None:
    data = _workbook()
    assert sniff_content(data) is FileKind.XML
    parts = extract_xml(data, ScanSettings(workers=1))
    first, second = (dict(row.cells) for row in parts.rows)
    assert (first["Nom"], first["Date de naissance"], first["IPP"]) == ("KERGOAT", "07/03/1948", "31004417")  # fmt: skip
    assert (second["IPP"], second["Motif"]) == ("31004588", "Sérologie VIH")
    assert "12/05/2022" in parts.blocks[0].text  # the title stays text
    document = ExtractedDocument("export.xml", "d" * 64, FileKind.XML, ReadStatus.READ, blocks=parts.blocks, rows=parts.rows)  # fmt: skip
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    mentions = {m.family_name: m for m in group_mentions(findings, document)}
    assert mentions["KERGOAT"].birth_date == date(1948, 3, 7)
    assert Category.SEXUAL_HEALTH in mentions["LE BIHAN"].categories
    assert Category.SEXUAL_HEALTH not in mentions["KERGOAT"].categories
