"""Sex from civil titles: "Mme", "M.", "Monsieur" before a name say the person's sex, and a
registry patient of the other sex is never notified from that mention (review at most),
with the Python linker and with Splink alike; "Dr M. LE GOFF" is an initial, not a sex.

Real files the tests write (a call-back CSV list, a plain-text letter), read by the real
walk and extractors; every person is fictitious.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from leakmap.detect.civil_titles import sex_before, split_title
from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.link.linker import link_mentions, link_mentions_with_splink
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision
from leakmap.walk.dump import walk_dump

TODAY = date(2026, 11, 29)
SETTINGS = ScanSettings(workers=1, use_ner=False)
PEOPLE = [
    Patient("10000021", "GUILLOU", "", "Dominique", date(1961, 4, 9), "M", *[""] * 6),
    Patient("10000022", "LE BIHAN", "", "Camille", date(1990, 6, 2), "F", *[""] * 6),
    Patient("10000023", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
]


def _mentions(path: Path) -> list[PersonMention]:
    (file,) = [f for f in walk_dump(path.parent, SETTINGS) if f.path.name == path.name]
    document: ExtractedDocument = extract_file(file, SETTINGS)
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    return list(group_mentions(detect_document(document, context), document))


def _python(mentions: list[PersonMention]) -> dict[str, Decision | None]:
    found = link_mentions(mentions, RegistryIndex.build(PEOPLE), SETTINGS, today=TODAY)
    return {a.mention.family_name: a.decision for a in found if a.patient_id}


def _splink(mentions: list[PersonMention]) -> dict[str, Decision | None]:
    found = link_mentions_with_splink(mentions, PEOPLE, SETTINGS, today=TODAY)
    return {a.mention.family_name: a.decision for a in found if a.patient_id}


@pytest.fixture
def call_back_list(tmp_path: Path) -> Path:
    path = tmp_path / "rappels.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Patient", "Date de naissance", "Motif de rappel"])
        writer.writerow(["Mme GUILLOU Dominique", "09/04/1961", "Résultats de biologie"])
        writer.writerow(["Mme KERGOAT Yvonne", "07/03/1948", "Résultats de biologie"])
    return path


def test_a_row_with_mme_beside_a_male_candidate_is_never_notified(call_back_list: Path) -> None:
    mentions = _mentions(call_back_list)
    assert {m.family_name: m.sex for m in mentions} == {"GUILLOU": "F", "KERGOAT": "F"}
    assert {m.given_names for m in mentions} == {"Dominique", "Yvonne"}  # the title is no name
    decisions = _python(mentions)
    assert decisions["KERGOAT"] is Decision.NOTIFY
    assert decisions.get("GUILLOU") is not Decision.NOTIFY


def test_splink_weighs_the_title_against_the_registry_sex_too(call_back_list: Path) -> None:
    decisions = _splink(_mentions(call_back_list))
    assert decisions["KERGOAT"] is Decision.NOTIFY
    assert decisions.get("GUILLOU") is not Decision.NOTIFY


def test_a_letter_title_goes_to_its_own_name(tmp_path: Path) -> None:
    """ "Madame LE BIHAN Camille" is the woman; the "M." after "Dr" is the doctor's
    initial and gives nobody a sex; "Monsieur GUILLOU" is a man, as registered."""
    path = tmp_path / "courrier.txt"
    path.write_text(
        "Compte rendu de consultation du 12/05/2025\n"
        "Dr M. LE GOFF, service de gastro-entérologie\n"
        "J'ai vu en consultation Madame LE BIHAN Camille, née le 02/06/1990, puis "
        "Monsieur GUILLOU Dominique, né le 09/04/1961, pour une coloscopie.\n",
        encoding="utf-8",
    )
    mentions = _mentions(path)
    sexes = {m.family_name: m.sex for m in mentions}
    assert sexes["LE BIHAN"] == "F"
    assert sexes["GUILLOU"] == "M"
    decisions = _python(mentions)
    assert decisions["LE BIHAN"] is Decision.NOTIFY
    assert decisions["GUILLOU"] is Decision.NOTIFY


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("Mme ", "F"),
        ("Patient : M. ", "M"),
        ("Monsieur ", "M"),
        ("MADEMOISELLE ", "F"),
        ("(Mlle ", "F"),
        # near misses: an initial after a doctor's title, a lower-case "m.", a salutation
        ("Dr M. ", None),
        ("Pr M. ", None),
        ("5 m. ", None),
        ("Madame, Monsieur, ", None),
        ("Mmes ", None),
    ],
)
def test_the_title_before_a_name(text: str, sex: str | None) -> None:
    found = sex_before(text + "DUPONT", len(text))
    assert (found[0] if found else None) == sex


def test_a_name_cell_sheds_its_title() -> None:
    assert split_title("Mme LE GOFF Marie") == ("F", "LE GOFF Marie")
    assert split_title("M. DUPONT Jean") == ("M", "DUPONT Jean")
    assert split_title("MARTIN Mathis") == ("", "MARTIN Mathis")
