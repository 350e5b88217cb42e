"""Lists read at their own date: a planning's "28/01" takes the year of its title or file
name, and a printed age is compared with each candidate's birth date on that day, not on
the scan's: a candidate whose age disagrees then is never notified.

Real files the tests write (an XLSX with a title row, a CSV named for its month), read
by the real walk and extractors; every person is fictitious.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.findings import IdentifierKind
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.registry import extract_file
from leakmap.group.grouping import group_mentions
from leakmap.link.comparisons import compare_age
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision
from leakmap.walk.dump import walk_dump

TODAY = date(2026, 11, 29)
SETTINGS = ScanSettings(workers=1, use_ner=False)
PEOPLE = [
    # 34 on 28/01/2025, 35 on the scan's day: a printed "30 ans" is 4 years off then,
    # within the ten years an undated document's age is forgiven.
    Patient("10000011", "QUEMENER", "", "Gwenaël", date(1990, 6, 2), "M", *[""] * 6),
    Patient("10000012", "MORVAN", "", "Soizic", date(1994, 12, 15), "F", *[""] * 6),
    Patient("10000013", "LE DU", "", "Maryvonne", date(1926, 6, 2), "F", *[""] * 6),
]


def _read(path: Path) -> ExtractedDocument:
    (file,) = [f for f in walk_dump(path.parent, SETTINGS) if f.path.name == path.name]
    return extract_file(file, SETTINGS)


def _decisions(document: ExtractedDocument) -> dict[str, Decision | None]:
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    mentions = group_mentions(detect_document(document, context), document)
    found = link_mentions(mentions, RegistryIndex.build(PEOPLE), SETTINGS, today=TODAY)
    return {a.mention.family_name: a.decision for a in found if a.patient_id}


def _planning_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Bloc opératoire — semaine du 27/01/2025"])
    sheet.append([])
    sheet.append(["Date", "Heure", "Nom", "Prénom", "Âge", "Intervention"])
    sheet.append(["28/01", "08:30", "QUEMENER", "Gwenaël", "30 ans", "Arthroscopie du genou"])
    sheet.append(["lun. 29/01", "10:00", "MORVAN", "Soizic", "30 ans", "Cholécystectomie"])
    book.save(path)
    return path


def test_partial_dates_take_the_year_of_the_planning_title(tmp_path: Path) -> None:
    document = _read(_planning_xlsx(tmp_path / "bloc.xlsx"))
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    dates = {
        i.value
        for i in detect_document(document, context).identifiers
        if i.kind is IdentifierKind.DATE
    }
    assert {"2025-01-27", "2025-01-28", "2025-01-29"} <= dates


def test_an_age_is_compared_at_the_planning_date(tmp_path: Path) -> None:
    """MORVAN was 30 on 29/01/2025 and is notified; QUEMENER was 34, not 30: another
    person of that name, never written to (review at most)."""
    decisions = _decisions(_read(_planning_xlsx(tmp_path / "bloc.xlsx")))
    assert decisions["MORVAN"] is Decision.NOTIFY
    assert decisions.get("QUEMENER") is not Decision.NOTIFY


def test_a_file_named_for_its_month_dates_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "planning_2025-01.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Jour", "Patient", "Prénom", "Age", "Motif"])
        writer.writerow(["28/01", "QUEMENER", "Gwenaël", "30", "Consultation"])
        writer.writerow(["30/01", "MORVAN", "Soizic", "30", "Consultation"])
    decisions = _decisions(_read(path))
    assert decisions["MORVAN"] is Decision.NOTIFY
    assert decisions.get("QUEMENER") is not Decision.NOTIFY


def test_an_undated_list_keeps_the_leeway_of_old_documents(tmp_path: Path) -> None:
    """Without a date anywhere, a 30-year-old may be a 35-year-old's row of five years
    ago: the age alone does not forbid the letter."""
    path = tmp_path / "liste.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Patient", "Prénom", "Age", "Motif"])
        writer.writerow(["QUEMENER", "Gwenaël", "30", "Consultation"])
    assert _decisions(_read(path))["QUEMENER"] is Decision.NOTIFY


def test_a_two_digit_birth_year_is_before_the_document(tmp_path: Path) -> None:
    """A death register of 2021 printing "02/06/26" means 1926, though the scan's year
    (2026) would read 2026: the birth date agrees and the patient is notified."""
    path = tmp_path / "registre_deces 25-10-21.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Nom", "Prénom", "Né(e) le", "Décès le"])
        writer.writerow(["LE DU", "Maryvonne", "02/06/26", "24/10/21"])
    document = _read(path)
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    (mention,) = group_mentions(detect_document(document, context), document)
    assert mention.birth_date == date(1926, 6, 2)
    assert _decisions(document)["LE DU"] is Decision.NOTIFY


@pytest.mark.parametrize(
    ("age", "dated", "level"),
    [
        (36, True, "exact"),
        (35, True, "exact"),
        (34, True, "close"),  # a follow-up date printed after the age
        (33, True, "disagree"),
        (38, True, "disagree"),
        (33, False, "close"),  # undated: the document may be ten years old
        (25, False, "disagree"),
    ],
)
def test_an_age_at_a_known_date_is_compared_strictly(age: int, dated: bool, level: str) -> None:
    """Born 02/06/1990: 36 on the scan's day; ``age`` already carried to that day."""
    assert compare_age(age, date(1990, 6, 2), TODAY, dated=dated) == level


def test_a_column_of_partial_dates_is_read_by_its_values(tmp_path: Path) -> None:
    """No header word says date ("Créneau"): the cells' shape does, and they take the
    year of the file's name."""
    path = tmp_path / "planning_2025-01.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Créneau", "Patient", "Prénom", "Motif"])
        writer.writerow(["28/01 08:30", "QUEMENER", "Gwenaël", "Consultation"])
        writer.writerow(["30/01 09:00", "MORVAN", "Soizic", "Consultation"])
    context = DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY)
    found = detect_document(_read(path), context).identifiers
    dates = {i.value for i in found if i.kind is IdentifierKind.DATE}
    assert {"2025-01-28", "2025-01-30"} <= dates
