"""A list printed as text is read line by line, as a table is row by row: the IPP printed
before a name on a worklist line is that person's, not the person's of the line above;
a letter's label block (name, then its birth date and IPP on the lines under it) keeps
its identifiers with its name.

Real text files the tests write, read by the real walk and extractor; every person is
fictitious.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.registry import extract_file
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, Decision
from leakmap.walk.dump import walk_dump

TODAY = date(2026, 11, 29)
SETTINGS = ScanSettings(workers=1, use_ner=False)
PEOPLE = [
    Patient("10000031", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("10000032", "GUILLOU", "", "Hervé", date(2004, 1, 30), "M", *[""] * 6),
    Patient("10000033", "LE BIHAN", "", "Camille", date(1990, 6, 2), "F", *[""] * 6),
    Patient("10000034", "MORVAN", "", "Soizic", date(1994, 12, 15), "F", *[""] * 6),
]


def _mentions(path: Path, text: str) -> list[PersonMention]:
    path.write_text(text, encoding="utf-8")
    (file,) = list(walk_dump(path.parent, SETTINGS))
    document = extract_file(file, SETTINGS)
    assert document.blocks and not document.rows  # running text, not a table
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    return list(group_mentions(detect_document(document, context), document))


def test_an_id_before_the_name_is_its_own_lines(tmp_path: Path) -> None:
    mentions = _mentions(
        tmp_path / "liste_travail.txt",
        "Liste de travail du laboratoire - 12/05/2025\n"
        "10000031 - KERGOAT Yvonne, née le 07/03/1948 : glycémie à jeun\n"
        "10000032 - GUILLOU Hervé, né le 30/01/2004 : sérologie VIH\n"
        "10000033 - LE BIHAN Camille, née le 02/06/1990 : NFS, ferritine\n"
        "10000034 - MORVAN Soizic, née le 15/12/1994 : TSH\n",
    )
    assert {m.family_name: m.ipp for m in mentions} == {
        "KERGOAT": "10000031", "GUILLOU": "10000032", "LE BIHAN": "10000033", "MORVAN": "10000034",
    }  # fmt: skip
    sexual = {m.family_name for m in mentions if Category.SEXUAL_HEALTH in m.categories}
    assert sexual == {"GUILLOU"}
    found = link_mentions(mentions, RegistryIndex.build(PEOPLE), SETTINGS, today=TODAY)
    assert {a.mention.ipp: a.patient_id for a in found} == {p.patient_id: p.patient_id for p in PEOPLE}  # fmt: skip
    assert {a.decision for a in found} == {Decision.NOTIFY}


def test_a_label_block_keeps_its_identifiers_with_its_name(tmp_path: Path) -> None:
    mentions = _mentions(
        tmp_path / "courrier.txt",
        "Patient : KERGOAT Yvonne\nNée le 07/03/1948\nIPP 10000031\n\n"
        "Copie : GUILLOU Hervé\nLE BIHAN Camille\nMORVAN Soizic\n",
    )
    kergoat = next(m for m in mentions if m.family_name == "KERGOAT")
    assert (kergoat.ipp, kergoat.birth_date) == ("10000031", date(1948, 3, 7))
