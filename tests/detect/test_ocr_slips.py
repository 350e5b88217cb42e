"""What OCR does to small print on scanned labels, and what detection still reads."""

from __future__ import annotations

from datetime import date

from leakmap.detect.dates import find_dates
from leakmap.detect.identifiers.place import Place
from leakmap.detect.patterns import find_pattern_names
from leakmap.detect.text import fold

TODAY = date(2026, 11, 29)


def _dates(text: str) -> list[tuple[date, bool]]:
    return [(d.value, d.is_birth) for d in find_dates(text, fold(text), today=TODAY)]


def test_a_birth_year_one_ocr_slip_away_is_mended() -> None:
    assert _dates("Date de naissance 09/11/1563") == [(date(1963, 11, 9), True)]
    assert _dates("née le 02/04/1576") == [(date(1976, 4, 2), True)]


def test_an_old_year_is_not_mended_outside_a_birth_label_or_when_ambiguous() -> None:
    assert _dates("Examen du 12/03/1563") == []
    assert _dates("Né le 12/03/1065") == [], "no single year in range one slip away"


def test_labels_on_one_line_end_at_the_next_label() -> None:
    text = "Nom : Pascal Prénom : SANDRINE Âge : 30 ans"
    hits = find_pattern_names(text, fold(text), Place(1, block=0), [])
    assert [(h.family_name, h.given_names) for h in hits] == [("Pascal", "SANDRINE")]


def test_phone_pairs_with_slashes_but_not_a_date_and_hour() -> None:
    from leakmap.detect.identifiers.contact import find_phones

    place = Place(1, block=0)
    assert [p.value for p in find_phones("Portable : 07/61/22/33/44", place)] == ["+33761223344"]
    assert find_phones("Passage le 01/05/2017 10h30, revu le 02/05/2017 13h", place) == []


def test_a_month_first_date_is_read_when_the_month_cannot_be_first() -> None:
    assert _dates("Date de naissance : 12/18/1944") == [(date(1944, 12, 18), True)]
    assert _dates("Né le 31/02/1930") == []
