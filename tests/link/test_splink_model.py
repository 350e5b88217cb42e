"""The Splink model's cheap conditions in front of ``damerau_levenshtein`` change no level.

They are there for speed only (issue 15): each is implied by one edit, so a pair passes
the guarded test exactly when it passes the edit distance alone. Checked on real DuckDB
over every pair of a list of names and of birth dates with their slips.
"""

from __future__ import annotations

import itertools

import duckdb

from leakmap.link.splink_model import _ONE_DIGIT, _ONE_SLIP

_NAMES = ("LEFEBVRE", "LFEBVRE", "LEFEVBRE", "LEFEBVRES", "EFEBVRE", "MARTIN", "MARIN",
          "AMRTIN", "MARTNI", "MARTINE", "LEE", "LE", "LEA", "ELA", "LIA", "BOB", "OBB",
          "NGUYEN", "NGUYN", "GUYEN", "LE GOFF", "LEGOFF", "É", "ÉLA", "ELÉ", "")  # fmt: skip
_DATES = ("19800131", "19800113", "19801031", "18900131", "19080131", "19800130",
          "19810131", "98100131", "19800311", "20010131", "19800132")  # fmt: skip


def _disagreements(guarded: str, plain: str, pairs: list[tuple[str, str]]) -> list[tuple]:
    with duckdb.connect(":memory:") as connection:
        connection.execute("CREATE TABLE p (a VARCHAR, b VARCHAR)")
        connection.executemany("INSERT INTO p VALUES (?, ?)", pairs)
        return connection.execute(
            f"SELECT a, b FROM p WHERE coalesce({guarded}, false) <> coalesce({plain}, false)"
        ).fetchall()


def test_one_slip_guard_keeps_the_edit_distance_level() -> None:
    pairs = [*itertools.product(_NAMES, repeat=2), ("MARTIN", None), (None, "MARTIN")]
    guarded = _ONE_SLIP.format(a="a", b="b")
    plain = (
        "(damerau_levenshtein(a, b) <= 1 AND greatest(length(a), length(b)) >= 4"
        " AND least(length(a), length(b)) >= 3)"
    )
    assert _disagreements(guarded, plain, pairs) == []


def test_one_digit_guard_keeps_the_edit_distance_level() -> None:
    pairs = [*itertools.product(_DATES, repeat=2), ("19800131", None)]
    guarded = _ONE_DIGIT.replace("birth_digits_l", "a").replace("birth_digits_r", "b")
    assert _disagreements(guarded, "damerau_levenshtein(a, b) <= 1", pairs) == []
