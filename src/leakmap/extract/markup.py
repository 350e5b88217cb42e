"""HTML pages and XML exports → their readable text; XML is checked for entity bombs first.

An XML file declaring entities can expand a few hundred bytes into gigabytes ("billion
laughs"); ``defusedxml`` refuses entity declarations and external references, and such a
file ends ``unreadable: xml_entity_expansion``. XML that is merely malformed (a truncated
export) is still read as text, and marked ``partial``.
"""

from __future__ import annotations

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.html_text import html_to_text, xml_to_text
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason


def extract_html(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The visible text of a saved web page (scripts and styles left out)."""
    return ExtractedParts(
        blocks=(TextBlock(1, html_to_text(normalise_newlines(decode_text(data)))),)
    )


def extract_xml(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every element text and attribute value, one per line, once the XML is known safe."""
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as refused:
        raise Unreadable(Reason.XML_ENTITIES, type(refused).__name__) from None
    except ParseError:
        text = xml_to_text(normalise_newlines(decode_text(data)))
        return ExtractedParts(
            blocks=(TextBlock(1, text),),
            status=ReadStatus.PARTIAL,
            reason=f"{Reason.CORRUPT.value}: malformed XML",
        )
    return ExtractedParts(
        blocks=(TextBlock(1, xml_to_text(normalise_newlines(decode_text(data)))),)
    )
