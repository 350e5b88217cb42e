"""A family block narrowed by lookups keeps exactly the patients the one-by-one test keeps."""

from __future__ import annotations

import random
from datetime import date, timedelta

from leakmap.link.block_narrowing import NEAR_DATES, BlockNarrowing
from leakmap.link.comparisons import PatientKeys, compare_birth_date, compare_given
from leakmap.link.registry import Patient

_GIVEN = ("MARIE", "MARIA", "MARION", "JEANNE", "JEANNINE", "JEAN", "ANNE", "ANNIE", "PAUL",
          "PAULE", "THOMAS", "THORNAS", "LEA", "LIA", "MADELEINE", "MADE1EINE", "LOUIS", "")  # fmt: skip


def _kept_one_by_one(
    given: list[str], birth: date | None, block: list[int], keys: list[PatientKeys]
) -> set[int]:
    """The plain definition: a patient sharing a given name, one slip from the mention's
    first (same initial), or born on a near date."""
    return {
        i
        for i in block
        if set(given) & set(keys[i].given)
        or (
            given
            and keys[i].given
            and given[0][:1] == keys[i].given[0][:1]
            and compare_given(tuple(given), keys[i]) == "close"
        )
        or (
            birth is not None
            and keys[i].birth_date is not None
            and compare_birth_date(birth, keys[i].birth_date) in NEAR_DATES
        )
    }


def _day(rng: random.Random) -> date | None:
    if rng.random() < 0.1:
        return None
    if rng.random() < 0.02:
        return date(rng.choice((1, 99, 999)), rng.randint(1, 12), rng.randint(1, 28))
    return date(1930, 1, 1) + timedelta(days=rng.randint(0, 30_000))


def test_same_patients_as_one_by_one() -> None:
    rng = random.Random(15)
    patients = [
        Patient(f"{i:06d}", "MARTIN", "", " ".join(rng.sample(_GIVEN, rng.randint(0, 2))),
                _day(rng), "", *[""] * 6)
        for i in range(600)
    ]  # fmt: skip
    # A patient born on the day a mention slips to, the month and day swapped, a century off;
    # one whose three-digit year is one digit from a four-digit one, day and year apart.
    patients[0] = Patient("a", "MARTIN", "", "LOUIS", date(1961, 3, 4), "", *[""] * 6)
    patients[1] = Patient("b", "MARTIN", "", "", date(100, 11, 10), "", *[""] * 6)
    keys = [PatientKeys.of(p) for p in patients]
    block = list(range(len(keys)))
    narrowing = BlockNarrowing.of(block, keys)
    mentions = [(["LOUIS"], date(1961, 4, 3)), ([], date(1961, 3, 5)), ([], date(2061, 3, 4)),
                ([], date(1961, 3, 14)), (["ZOE"], date(999, 3, 4)), ([], date(1001, 11, 1))]  # fmt: skip
    for _ in range(400):
        given = [g for g in rng.sample(_GIVEN, rng.randint(0, 3)) if g]
        mentions.append((given, _day(rng) if rng.random() < 0.5 else rng.choice(keys).birth_date))
    for given, birth in mentions:
        assert narrowing.kept(given, birth) == _kept_one_by_one(given, birth, block, keys)
    assert narrowing.kept([], date(1961, 4, 3)) >= {0}  # the swapped day finds patient 0
    assert narrowing.kept([], date(1001, 11, 1)) >= {1}  # "10011101" for "1001110"
