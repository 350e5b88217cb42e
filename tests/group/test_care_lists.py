"""A consultation agenda is a list of patients: everyone on it is exposed with ``health``."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TableRow
from leakmap.group.grouping import group_mentions
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, FileKind, ReadStatus

PEOPLE = ("Françoise COËTMEUR", "Margaux LEBRUN", "Jean MARTIN", "Nicole SCHNEIDER",
          "Jacques WEBER", "Julien DUPONT")  # fmt: skip


def _health_by_name(motives: tuple[str, ...]) -> dict[str, bool]:
    rows = tuple(
        TableRow("agenda", i + 1, (("Heure", f"{8 + i}h20"), ("Identité", who), ("Motif", why)))
        for i, (who, why) in enumerate(zip(PEOPLE, motives, strict=True))
    )
    document = ExtractedDocument(
        "agenda.csv", "4" * 64, FileKind.CSV, ReadStatus.READ, pages=1, rows=rows
    )
    context = DetectionContext(NameIndex.build([]), ScanSettings(workers=1), date(2026, 11, 29))
    mentions = group_mentions(detect_document(document, context), document)
    return {m.family_name: Category.HEALTH in m.categories for m in mentions}


def test_everyone_on_an_agenda_where_many_rows_show_care_is_a_patient() -> None:
    motives = ("1ère consultation", "Suivi", "Résultats", "1ère consultation", "Suivi", "Suivi")
    found = _health_by_name(motives)
    assert len(found) == len(PEOPLE)
    assert all(found.values())


def test_a_list_with_a_single_care_row_keeps_health_to_that_row() -> None:
    motives = ("1ère consultation", "Dossier", "Courrier", "Dossier", "Courrier", "Dossier")
    found = _health_by_name(motives)
    assert sum(found.values()) == 1
