"""HPRIM Santé and ASTM E1394 lab files: told by their header record, one row per patient
with its own results, the requester's IPP apart from the lab's own number."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.hprim import extract_hprim
from leakmap.group.grouping import group_mentions
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, Decision, FileKind, ReadStatus
from leakmap.walk.sniff import sniff_content

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("31004417", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("31004502", "GUILLOU", "LE ROUX", "Maëlle", date(1979, 1, 30), "F", *[""] * 6),
    Patient("31004588", "LE BIHAN", "", "Erwan", date(1990, 6, 2), "M", *[""] * 6),
]
#: Fictitious patients; Latin-1 with CR line ends, as lab systems write it.
HPRIM = "\r".join(
    [
        "H|~^\\&|R221118.HPR|SIL^CHU|CHU^URGENCES||ORU|||CHU||P|H2.2^C|20221118152500",
        "P|1|31004417|2211184753||KERGOAT^Yvonne^^^Mme||19480307|F||12 rue de Siam^^Brest^^29200",
        "OBR|1||2211184753|LITH^Lithémie^L|||202211162008",
        "OBX|1|NM|LI^Lithémie^L||0.8|mmol/L|0.5-0.8|N|||F",
        "P|2||2211182263||GUILLOU^Maëlle^^^Mme|LE ROUX|19790130|F||||0298000000",
        "OBR|1||2211182263|VIH^Sérologie VIH 1+2^L|||202211162010",
        "OBX|1|ST|VIHC^Sérologie VIH 1+2 (Ac + Ag p24)^L||Négatif||||||F",
        "A|résultat contrôlé",
        "L|1|N",
    ]
).encode("latin-1")


def test_an_hprim_file_is_told_by_its_header_even_in_latin_1() -> None:
    assert sniff_content(HPRIM) is FileKind.HPRIM
    astm = b"H|\\^&|||ANALYSEUR^1.0|||||||P|1\rP|1||PAT1\rL|1|N\r"
    assert sniff_content(astm) is FileKind.HPRIM


def test_each_patient_is_one_row_with_its_own_results() -> None:
    parts = extract_hprim(HPRIM, ScanSettings(workers=1))
    first, second = (dict(row.cells) for row in parts.rows)
    assert (first["IPP"], first["N° LABORATOIRE"]) == ("31004417", "2211184753")
    assert (first["NOM"], first["PRENOM"], first["DDN"], first["SEXE"]) == (
        "KERGOAT", "Yvonne", "07/03/1948", "F"
    )  # fmt: skip
    assert (first["ADRESSE"], first["CP"], first["VILLE"]) == ("12 rue de Siam", "29200", "Brest")
    assert "Lithémie" in first["RESULTATS"] and "VIH" not in first["RESULTATS"]
    assert second["IPP"] == "" and second["NOM DE NAISSANCE"] == "LE ROUX"
    assert second["TEL"] == "0298000000"
    assert "VIH" in second["RESULTATS"] and "contrôlé" in second["RESULTATS"]


def test_an_astm_file_declares_its_own_separators() -> None:
    astm = "\n".join(
        [
            "H|\\^&|||ANALYSEUR^1.0|||||||P|1",
            "P|1|31004588|||LE BIHAN^Erwan||19900602|M",
            "O|1|S1||^^^ETOH^Alcoolémie",
            "R|1|^^^ETOH^Alcoolémie|0.9|g/L",
            "L|1|N",
        ]
    ).encode()
    (row,) = extract_hprim(astm, ScanSettings(workers=1)).rows
    cells = dict(row.cells)
    assert (cells["IPP"], cells["NOM"], cells["DDN"]) == ("31004588", "LE BIHAN", "02/06/1990")
    assert "Alcoolémie" in cells["RESULTATS"]


def test_each_patient_is_notified_with_their_own_categories_only() -> None:
    parts = extract_hprim(HPRIM, ScanSettings(workers=1))
    document = ExtractedDocument(
        "R221118.HPR", "c" * 64, FileKind.HPRIM, ReadStatus.READ, rows=parts.rows
    )
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    mentions = group_mentions(findings, document)
    found = link_mentions(mentions, RegistryIndex.build(PEOPLE), settings, today=TODAY)
    by_id = {a.patient_id: a for a in found if a.patient_id}
    assert {k: a.decision for k, a in by_id.items()} == {
        "31004417": Decision.NOTIFY,
        "31004502": Decision.NOTIFY,
    }
    categories = {a.patient_id: a.mention.categories for a in by_id.values()}
    assert Category.MENTAL_HEALTH in categories["31004417"]
    assert Category.SEXUAL_HEALTH not in categories["31004417"]
    assert Category.SEXUAL_HEALTH in categories["31004502"]
    assert by_id["31004417"].mention.birth_date == date(1948, 3, 7)
