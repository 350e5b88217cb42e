"""Complaint kits: the facts a complaint needs, in the form's order, never clinical text."""

from __future__ import annotations

import pytest
from report_people import (
    CLINICAL_WORDS,
    DECEASED,
    EXPOSURES,
    LETTER_DAY,
    PATIENTS,
    STAFF,
    flat,
    pdf_text,
)

from leakmap.report.case_info import load_case_info
from leakmap.report.kit import write_complaint_kits


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    case = tmp_path_factory.mktemp("case")
    info = load_case_info(case, today=LETTER_DAY)
    count = write_complaint_kits(case, EXPOSURES, PATIENTS, info, deceased=DECEASED, staff=STAFF)
    return case / "complaint_kits", count


def test_kits_one_per_letter(kits):
    directory, count = kits
    keys = ["20000001", "20000002", "20000004", "20000005", "staff-0001"]
    assert count == 5
    assert sorted(p.stem for p in directory.glob("*.pdf")) == keys
    assert sorted(p.stem for p in directory.glob("*.txt")) == keys


def test_kits_state_the_facts_of_a_complaint(kits):
    directory, _ = kits
    text = flat(pdf_text(directory / "20000001.pdf"))
    for fact in (
        "Éléments pour porter plainte — référence CHV-2025-001-20000001",
        "Victime Élodie Vasseur",
        "Date de naissance 9 avril 1972",
        "Adresse 5 rue des Acacias, 44000 Nantes",
        "plainte contre X",
        "Découverte par l'hôpital 6 janvier 2025",
        "Publication des fichiers 10 février 2025",
        "site de publication",
        "coordonnées bancaires ; informations sur la santé ; informations de suivi en cancérologie",
        "Nombre de documents 2",
        "article 323-1 du code pénal",
        "Pièces à joindre",
    ):
        assert fact in text, fact


def test_kits_parents_and_heirs_file_for_the_person(kits):
    directory, _ = kits
    parents = flat((directory / "20000002.txt").read_text(encoding="utf-8"))
    heirs = flat((directory / "20000004.txt").read_text(encoding="utf-8"))
    assert "un représentant légal de l'enfant" in parents
    assert "mon enfant, Hugo Garnier" in parents
    assert "un ayant droit de la personne décédée" in heirs
    assert "santé mentale" not in heirs


def test_kits_never_contain_clinical_text_nor_document_paths(kits):
    directory, _ = kits
    for path in directory.iterdir():
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        for word in (*CLINICAL_WORDS, "Oncologie/", "Psychiatrie", ".docx"):
            assert word.lower() not in text.lower(), f"{path.name} contains {word!r}"


def test_kits_in_english(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    write_complaint_kits(tmp_path, EXPOSURES[:1], PATIENTS, info, language="en")
    text = flat((tmp_path / "complaint_kits" / "20000001.txt").read_text(encoding="utf-8"))
    assert "Facts for a complaint — reference CHV-2025-001-20000001" in text
    assert "bank details; information about health; cancer care information" in text
