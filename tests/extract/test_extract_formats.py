"""Every format and every hostile case, built as real files, through the walk and registry."""

from __future__ import annotations

from pathlib import Path

from format_dump import write_format_dump

from leakmap.extract.registry import extract_file
from leakmap.settings import ScanSettings
from leakmap.walk.dump import walk_dump

SETTINGS = ScanSettings(workers=1)


def _documents(root: Path) -> dict:
    return {str(f.path): extract_file(f, SETTINGS) for f in walk_dump(root, SETTINGS)}


def test_every_format_and_hostile_case_ends_with_its_row(tmp_path: Path) -> None:
    expected = write_format_dump(tmp_path / "dump")
    documents = _documents(tmp_path / "dump")
    summary = {
        path: (d.kind.value, d.status.value, d.reason.split(":")[0])
        for path, d in documents.items()
    }
    assert summary == expected
    assert not any(Path(tmp_path, "etc").exists() for _ in range(1))  # nothing written out


def test_people_stay_rows_with_their_headers(tmp_path: Path) -> None:
    write_format_dump(tmp_path / "dump")
    documents = _documents(tmp_path / "dump")
    hl7 = documents["adt.hl7"]
    patient = dict(hl7.rows[0].cells)
    assert (patient["IPP"], patient["NOM"], patient["PRENOM"], patient["DDN"]) == (
        "80012345", "VASSEUR", "Hélène", "02/03/1961",
    )  # fmt: skip
    # The result is the message's patient's, in its row (the next patient is another message's).
    assert dict(hl7.rows[1].cells)["NOM"] == "MORIN" and "Hémoglobine" in str(hl7.rows)
    assert [dict(r.cells)["nom"] for r in documents["export.sql"].rows] == ["VASSEUR", "MORIN"]
    assert [dict(r.cells)["nom"] for r in documents["patients.json"].rows] == ["VASSEUR", "MORIN"]
    for name in ("liste.ods", "worklist.xls"):
        assert documents[name].rows[0].cells == (
            ("NOM", "VASSEUR"), ("PRENOM", "Hélène"), ("IPP", "80012345"),
        )  # fmt: skip
    dicom = dict(documents["scanner.dcm"].rows[0].cells)
    assert (dicom["NOM"], dicom["DDN"]) == ("VASSEUR", "02/03/1961")
    assert "Scanner thoracique" in documents["scanner.dcm"].blocks[0].text


def test_letters_keep_their_text(tmp_path: Path) -> None:
    write_format_dump(tmp_path / "dump")
    documents = _documents(tmp_path / "dump")
    for name in ("lettre.rtf", "lettre.odt", "ancien.doc", "page.html", "cda.xml",
                 "message.msg!/cr.doc", "archive.tar.gz!/dossier/cr.txt", "note.txt.xz!/note.txt"):  # fmt: skip
        text = "\n".join(block.text for block in documents[name].blocks)
        assert "VASSEUR Hélène" in text, name
    assert "Subject: CR" in documents["message.msg"].blocks[0].text


def test_html_tables_and_xml_records_are_rows_read_by_their_headers() -> None:
    """An HTML export's table and an XML export's records name their fields: KERGOAT
    Yvonne, born 07/03/1948, is one person, not three values on three lines."""
    from datetime import date

    from leakmap.detect.document import DetectionContext, detect_document
    from leakmap.detect.names import NameIndex
    from leakmap.extract.document import ExtractedDocument
    from leakmap.extract.markup import extract_html, extract_xml
    from leakmap.settings import ScanSettings
    from leakmap.vocabulary import FileKind, ReadStatus

    settings = ScanSettings(workers=1)
    html = (
        "<html><body><h1>Liste des patients</h1><table><tr><th>Nom</th><th>Prénom</th>"
        "<th>DDN</th></tr><tr><td>KERGOAT</td><td>Yvonne</td><td>07/03/1948</td></tr></table>"
        "<table><tr><td>Accueil</td><td>Plan</td></tr></table></body></html>"
    ).encode()
    xml = (
        b'<?xml version="1.0"?><export xmlns="urn:dpi"><patient ipp="00412345"><nom>KERGOAT'
        b"</nom><prenom>Yvonne</prenom><dateNaissance>1948-03-07</dateNaissance></patient>"
        b"</export>"
    )
    html_rows = extract_html(html, settings).rows
    assert [r.cells for r in html_rows] == [
        (("Nom", "KERGOAT"), ("Prénom", "Yvonne"), ("DDN", "07/03/1948"))
    ], "the layout table stays text"
    xml_parts = extract_xml(xml, settings)
    assert [r.cells for r in xml_parts.rows] == [
        (("ipp", "00412345"), ("nom", "KERGOAT"), ("prenom", "Yvonne"),
         ("dateNaissance", "1948-03-07"))
    ]  # fmt: skip
    document = ExtractedDocument(
        "export.xml", "d" * 64, FileKind.XML, ReadStatus.READ, pages=1,
        blocks=xml_parts.blocks, rows=xml_parts.rows,
    )  # fmt: skip
    found = detect_document(
        document, DetectionContext(NameIndex.build([]), settings, date(2026, 11, 29))
    )
    assert ("KERGOAT", "Yvonne") in {(n.family_name, n.given_names) for n in found.names}
    assert {(i.kind.value, i.value) for i in found.identifiers} >= {
        ("birth_date", "1948-03-07"), ("ipp", "00412345")
    }  # fmt: skip
