"""The swapped order of a mention's names is skipped only where it could never win."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.link import model
from leakmap.link.attribution import Candidate
from leakmap.link.linker import _best_order, _block, _candidate, _MentionSide, _swapped
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.vocabulary import Category

TODAY = date(2026, 12, 1)
#: Family names that are given names too, so that both orders get to agree.
_FAMILY = ("MARTIN", "PAUL", "THOMAS", "BERNARD", "DUBOIS", "ROBERT", "PETIT", "MICHEL")
_GIVEN = ("Paul", "Thomas", "Martin", "Marie", "Robert", "Michel", "Anne", "Bernard", "Lea")


def _plain_best_order(
    side: _MentionSide, swapped: _MentionSide | None, i: int, registry: RegistryIndex
) -> tuple[float, Candidate]:
    """The definition: both orders scored, the swapped one penalised, the better kept."""
    as_written = _candidate(side, i, registry, TODAY)
    if swapped is None:
        return as_written
    bf, candidate = _candidate(swapped, i, registry, TODAY)
    bf *= model.SWAPPED_NAMES
    if bf <= as_written[0]:
        return as_written
    agreements = ("names:swapped", *candidate.agreements)
    return bf, replace(candidate, match_weight=math.log2(bf), agreements=agreements)


def _day(rng: random.Random) -> date:
    return date(1940, 1, 1) + timedelta(days=rng.randint(0, 400))


def test_skipping_the_swapped_order_changes_no_score() -> None:
    rng = random.Random(15)
    patients = [
        Patient(f"{i:05d}", rng.choice(_FAMILY), rng.choice(("", "", rng.choice(_FAMILY))),
                rng.choice(_GIVEN), _day(rng), rng.choice("FM"), "", "", "", "", "", "")
        for i in range(400)
    ]  # fmt: skip
    registry = RegistryIndex.build(patients)
    checked = 0
    for index in range(300):
        mention = PersonMention(
            "leak/a.pdf", f"{index:064x}", index, rng.choice(_FAMILY + _GIVEN).upper(),
            rng.choice(_GIVEN + _FAMILY), "", rng.choice((None, _day(rng))), "", "", "", "",
            "", "", Role.PATIENT, Location(1), frozenset({Category.NAME}),
            sex=rng.choice(("", "F", "M")),
        )  # fmt: skip
        swapped = _swapped(mention)
        side, turned = _MentionSide.of(mention), _MentionSide.of(swapped) if swapped else None
        for i in _block(mention, registry) | (_block(swapped, registry) if swapped else set()):
            assert _best_order(side, turned, i, registry, TODAY) == _plain_best_order(
                side, turned, i, registry
            )
            checked += 1
    assert checked > 1000
