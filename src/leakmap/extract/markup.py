"""HTML pages and XML exports → their readable text; XML is checked for entity bombs first.

An XML file declaring entities can expand a few hundred bytes into gigabytes ("billion
laughs"); ``defusedxml`` refuses entity declarations and external references, and such a
file ends ``unreadable: xml_entity_expansion``. XML that is merely malformed (a truncated
export) is still read as text, and marked ``partial``.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from leakmap.extract.cda import extract_cda, is_clinical_document
from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.html_text import html_tables, html_to_text, xml_to_text
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.spreadsheet_xml import extract_spreadsheet_xml, is_spreadsheet_xml
from leakmap.extract.tables import default_keys, table_rows
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason


def extract_html(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The visible text of a saved web page (scripts and styles left out); its tables'
    rows keyed by their headers too."""
    html = normalise_newlines(decode_text(data))
    grids = html_tables(html)
    rows = tuple(
        row
        for n, grid in enumerate(grids, 1)
        for row in table_rows(f"table{n}", grid)
        if row.cells and row.cells[0][0] != default_keys(1)[0]  # a layout table: text only
    )
    return ExtractedParts(blocks=(TextBlock(1, html_to_text(html)),), rows=rows)


def extract_xml(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every element text and attribute value, one per line, once the XML is known safe;
    a CDA document (``ClinicalDocument``) as its patient's rows and its text (``cda``),
    an Excel 2003 XML workbook as its sheets' rows (``spreadsheet_xml``)."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as refused:
        raise Unreadable(Reason.XML_ENTITIES, type(refused).__name__) from None
    except ParseError:
        text = xml_to_text(normalise_newlines(decode_text(data)))
        return ExtractedParts(
            blocks=(TextBlock(1, text),),
            status=ReadStatus.PARTIAL,
            reason=f"{Reason.CORRUPT.value}: malformed XML",
        )
    if is_clinical_document(root):
        return extract_cda(root)
    if is_spreadsheet_xml(root):
        return extract_spreadsheet_xml(root)
    return ExtractedParts(
        blocks=(TextBlock(1, xml_to_text(normalise_newlines(decode_text(data)))),),
        rows=xml_records(root),
    )


def xml_records(root: Element) -> tuple[TableRow, ...]:
    """An export's records as rows: each element whose children are all leaves, two of
    them at least (``<patient><nom>DUPONT</nom><prenom>Marie</prenom><ddn>…</ddn>``),
    keyed by the children's names, its own attributes too. One value per line, the text
    block cannot tell whose a value is."""
    rows: list[TableRow] = []
    for element in root.iter():
        children = list(element)
        if len(children) < _MIN_FIELDS or any(len(child) for child in children):
            continue
        cells = [(_key(name), value.strip()) for name, value in element.attrib.items()]
        for child in children:
            value = (child.text or "").strip() or next(iter(child.attrib.values()), "").strip()
            cells.append((_key(child.tag), value))
        if sum(bool(value) for _, value in cells) >= _MIN_FIELDS:
            rows.append(TableRow(_key(element.tag), len(rows) + 1, tuple(cells)))
    return tuple(rows)


_MIN_FIELDS = 2


def _key(tag: str) -> str:
    """An element or attribute name as a header ("{urn:dpi}nom" is "nom")."""
    return tag.rsplit("}", 1)[-1]
