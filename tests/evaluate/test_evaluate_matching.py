"""Name keys, one-to-one matching of unregistered people, and calibration bin edges."""

from __future__ import annotations

import pytest

from leakmap.evaluate.calibration import score_calibration
from leakmap.evaluate.case_rows import AffectedRow
from leakmap.evaluate.name_keys import normalise_birth_date, normalise_name, person_key
from leakmap.evaluate.unregistered import match_people
from leakmap.vocabulary import Decision


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Lefèvre-Dubois", "lefevre dubois"),
        ("  LEFEVRE   DUBOIS ", "lefevre dubois"),
        ("N'Diaye", "n diaye"),
        ("N\u2019Diaye", "n diaye"),
        ("Jean\u2010Pierre", "jean pierre"),
        ("Œuvrard", "oeuvrard"),
        ("Çelik", "celik"),
        ("Strauß", "strauss"),
        ("", ""),
    ],
)
def test_normalise_name(raw: str, key: str) -> None:
    assert normalise_name(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [("1950-04-02", "1950-04-02"), (" 1950-04-02 ", "1950-04-02"), ("", None), (None, None)],
)
def test_normalise_birth_date(raw: str | None, key: str | None) -> None:
    assert normalise_birth_date(raw) == key


def test_match_people_prefers_exact_over_wildcard() -> None:
    truth = [person_key("Roux", "Lina", None), person_key("Roux", "Lina", "2001-09-09")]
    # the dated row takes the dated person even though the undated one comes first
    assert match_people([person_key("Roux", "Lina", "2001-09-09")], truth) == {1}
    both = [person_key("Roux", "Lina", "2001-09-09"), person_key("roux", "lina", "1999-01-01")]
    assert match_people(both, truth) == {0, 1}


def test_match_people_is_one_to_one() -> None:
    truth = [person_key("Roux", "Lina", "2001-09-09")]
    case = [person_key("Roux", "Lina", "2001-09-09"), person_key("Roux", "Lina", None)]
    assert match_people(case, truth) == {0}
    assert match_people([person_key("Roux", "Line", None)], truth) == set()


@pytest.mark.parametrize(
    ("confidence", "bin_low"),
    [(0.0, 0.0), (0.2999, 0.0), (0.3, 0.3), (0.9, 0.9), (0.95, 0.95), (0.99, 0.99), (1.0, 0.99)],
)
def test_calibration_bin_edges(confidence: float, bin_low: float) -> None:
    row = AffectedRow("P1", Decision.NOTIFY, confidence, frozenset())
    calibration = score_calibration((row,), {"P1"})
    filled = [b.low for b in calibration.bins if b.rows]
    assert filled == [bin_low]


@pytest.mark.parametrize(
    ("rows", "true_rows", "is_off"),
    [(50, 17, True), (50, 19, False), (49, 0, False), (100, 38, False), (100, 36, True)],
)
def test_calibration_flags_judged_bins_off_by_more_than_three_points(
    rows: int, true_rows: int, is_off: bool
) -> None:
    """Rows at 0.40: 50 rows with 17 true (34 %) are 6 points off; 49 rows are not judged."""
    affected = tuple(AffectedRow(f"P{i}", Decision.REVIEW, 0.4, frozenset()) for i in range(rows))
    calibration = score_calibration(affected, {f"P{i}" for i in range(true_rows)})
    assert [b.is_off for b in calibration.bins if b.rows] == [is_off]
    assert calibration.bins_off == int(is_off)
