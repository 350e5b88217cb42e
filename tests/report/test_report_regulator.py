"""Regulator report: Art. 33(3) content, initial and complementary, charts, register entry."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from matplotlib.image import imread
from report_people import (
    CLINICAL_WORDS,
    DECEASED,
    EXPOSURES,
    FILLED_CASE_TOML,
    LETTER_DAY,
    PATIENTS,
    STAFF,
    flat,
    pdf_text,
)

from leakmap.assess.exposure import UnregisteredPerson
from leakmap.report.case_info import load_case_info
from leakmap.report.regulator import write_regulator_report
from leakmap.report.regulator_facts import count_facts, department_folder
from leakmap.report.rows import DocumentRow
from leakmap.vocabulary import Category as C
from leakmap.vocabulary import FileKind, ReadStatus

DOCUMENTS = [
    DocumentRow("Oncologie/CR_chimiotherapie_FOLFOX.pdf", "a" * 64, FileKind.PDF, 3, False,
                ReadStatus.READ, "", 5, frozenset({C.NAME, C.ONCOLOGY})),
    DocumentRow("export.zip!/Psychiatrie/x.docx", "b" * 64, FileKind.DOCX, 1, False,
                ReadStatus.READ, "", 5, frozenset({C.NAME})),
    DocumentRow("scan.png", "c" * 64, FileKind.IMAGE, 1, True, ReadStatus.PARTIAL,
                "some_pages_failed", 0, frozenset()),
    DocumentRow("broken.pdf", "d" * 64, FileKind.PDF, 0, False, ReadStatus.UNREADABLE,
                "corrupt", 0, frozenset()),
]  # fmt: skip
UNREGISTERED = [
    *STAFF,
    UnregisteredPerson("Lambert", "Jules", None, frozenset({C.NAME}), ("a.pdf",), ()),
]
TODAY = date(2025, 2, 21)


def _write(case, kind="initial"):
    info = load_case_info(case, today=LETTER_DAY)
    return write_regulator_report(
        case, exposures=EXPOSURES, unregistered=UNREGISTERED, documents=DOCUMENTS,
        patients=PATIENTS, info=info, kind=kind, deceased=DECEASED, staff=STAFF, today=TODAY,
    )  # fmt: skip


@pytest.fixture(scope="module")
def initial(tmp_path_factory):
    case = tmp_path_factory.mktemp("case")
    return _write(case)


def test_regulator_writes_html_pdf_charts_and_register(initial):
    directory = initial.parent
    assert initial.name == "report.pdf"
    assert {p.name for p in directory.iterdir()} == {
        "report.html", "report.pdf", "breach_register.json", "severity.csv", "people_by_category.png",
        "people_by_severity.png", "people_by_folder.png", "documents_by_kind_status.png",
    }  # fmt: skip
    for chart in directory.glob("*.png"):
        height, width, _ = imread(chart).shape
        assert width > 400 and height > 200


def test_regulator_pdf_has_the_article_33_content(initial):
    text = flat(pdf_text(initial))
    for fact in (
        "notification initiale",
        "Délégué à la protection des données",  # (b) DPO
        "dpo@ch-valmont.example",
        "Nature de la violation (art. 33.3.a)",  # (a) nature
        "oui, données publiées (destinataires inconnus)",
        "Découverte 6 janvier 2025",
        "Patients identifiés dans le registre, à informer 5",
        "rattachement en cours de vérification 1",
        "Mineurs (patients du registre) 2",
        "Personnes décédées (patients du registre) 1",
        "Fichiers publiés analysés 4",
        "Conséquences probables (art. 33.3.c)",  # (c) consequences
        "fraude bancaire",
        "Mesures prises ou envisagées (art. 33.3.d)",  # (d) measures
        "Motif du délai de plus de 72 h",
        "méthode de l'ENISA (2013)",
    ):
        assert fact in text, fact


def test_regulator_html_says_what_the_pdf_says(initial):
    html = (initial.parent / "report.html").read_text(encoding="utf-8")
    assert "<h2>3. Personnes concernées" in html
    assert '<img src="people_by_category.png"' in html
    assert "Santé mentale" in html


def test_regulator_report_names_nobody_and_quotes_no_clinical_text(initial):
    directory = initial.parent
    files = ("report.html", "breach_register.json")
    texts = [flat(pdf_text(initial)), *((directory / n).read_text(encoding="utf-8") for n in files)]
    for text in texts:
        for word in (*CLINICAL_WORDS, "Vasseur", "Garnier", "Mercier", "Oncologie/"):
            assert word.lower() not in text.lower(), word


def test_regulator_register_entry_counts(initial):
    entry = json.loads((initial.parent / "breach_register.json").read_text(encoding="utf-8"))
    assert entry["notification"] == "initial"
    assert entry["people"] == {
        "notify": 5, "review": 1, "unregistered": 2, "staff": 1, "minors": 2, "deceased": 1,
        "with_health_data": 5,
    }  # fmt: skip
    assert entry["categories"]["name"] == 6
    assert entry["records"]["documents"] == 4
    assert entry["records"]["documents_with_personal_data"] == 2
    assert entry["nature"]["circumstances"]["malicious"] is True
    assert sum(entry["severity"].values()) == 6
    assert entry["severity_method"] == "enisa-2013.v1"


def test_regulator_keeps_each_person_severity_inputs(initial):
    with (initial.parent / "severity.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["patient_id"]: row for row in csv.DictReader(handle)}
    assert len(rows) == len(EXPOSURES)
    heirs = rows["20000004"]
    assert (heirs["dpc"], heirs["ei"], heirs["cb"], heirs["score"]) == ("4", "1", "1", "5")
    assert heirs["severity"] == "very_high"
    assert "basic 4" in heirs["reasons"]
    assert "EI maximum" in heirs["reasons"]


def test_regulator_complementary_refers_to_the_initial(tmp_path):
    toml = '[authority]\ninitial_notified_on = 2025-01-08\nnotification_reference = "NOTIF-0042"\n'
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    text = flat(pdf_text(_write(tmp_path, kind="complementary")))
    assert "notification complémentaire" in text
    assert "Notification initiale du 8 janvier 2025" in text
    assert "NOTIF-0042" in text
    assert "Motif du délai" not in text


def test_regulator_facts_by_folder_and_status():
    facts = count_facts(
        exposures=EXPOSURES, unregistered=UNREGISTERED, documents=DOCUMENTS,
        patients=PATIENTS, on=LETTER_DAY, deceased=DECEASED, staff=STAFF,
    )  # fmt: skip
    assert dict(facts.by_folder) == {"Oncologie": 6, "Psychiatrie": 6}
    assert (FileKind.PDF, ReadStatus.UNREADABLE, 1) in facts.by_kind_status
    assert facts.pages_total == 5


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("Cardiologie/2024/cr.pdf", "Cardiologie"),
        ("export.zip!/Urgences/a.pdf", "Urgences"),
        ("a.zip!/b.zip!/Maternite/c.pdf", "Maternite"),
        ("mails/m.eml!/scan.pdf", "mails"),
        ("scan.pdf", "(racine)"),
        ("a.zip!/scan.pdf", "(racine)"),
    ],
)
def test_regulator_department_folder(path, folder):
    assert department_folder(path) == folder


def test_regulator_report_carries_every_field_of_the_cnil_form(tmp_path):
    (tmp_path / "case.toml").write_text(FILLED_CASE_TOML, encoding="utf-8")
    pdf = _write(tmp_path)
    text = flat(pdf_text(pdf))
    html = flat((pdf.parent / "report.html").read_text(encoding="utf-8"))
    for expected in (
        "Début de la violation 1er mars 2025 à 22:10",
        "Fin de la violation 3 mars 2025 à 12:30",
        "Violation toujours en cours non",
        "Découverte 3 mars 2025 à 08:05",
        "Circonstances de la découverte chiffrement de serveurs",
        "Date des courriers aux personnes 20 février 2025",
        "Personnes concernées dans d'autres États de l'UE/EEE oui, 3",
        "États concernés Suisse",
        "informées Préposé fédéral à la protection des données (Suisse)",
    ):
        assert expected in text
    assert "3 mars 2025 à 12:30" in html
    entry = json.loads((pdf.parent / "breach_register.json").read_text(encoding="utf-8"))
    assert entry["started_at"] == "2025-03-01T22:10:00"
    assert entry["ended_at"] == "2025-03-03T12:30:00"
    assert entry["discovered_at"] == "2025-03-03T08:05:00"
    assert entry["ongoing"] is False
    assert entry["cross_border"]["people"] == 3
    assert entry["cross_border"]["states"] == ["Suisse"]


def test_regulator_ongoing_breach_has_no_end(tmp_path):
    toml = FILLED_CASE_TOML.replace("ended_on = 2025-03-03T12:30:00\n", "ongoing = true\n")
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    text = flat(pdf_text(_write(tmp_path)))
    assert "Fin de la violation violation en cours" in text
    assert "Violation toujours en cours oui" in text


def test_regulator_counts_agree_with_their_words(initial):
    text = flat(pdf_text(initial))
    assert "1 rattachement en cours de vérification" in text
    assert "1 courrier en attente" in text
    assert "1 rattachements" not in text and "1 courriers" not in text
