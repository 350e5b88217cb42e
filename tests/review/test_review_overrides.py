"""Reviewers' decisions laid over attributions (``link.overrides``): pure and idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution, Candidate
from leakmap.link.overrides import CHOSEN_BY_REVIEWER, apply_review_decisions
from leakmap.vocabulary import Category, Decision


@dataclass(frozen=True)
class _Decision:
    action: str
    patient_id: str | None
    rejected: tuple[str, ...] = ()


def _homonyms(key_index: int = 0) -> Attribution:
    mention = PersonMention(
        document="notes/note.txt", sha256="ab" * 32, index=key_index, family_name="PETITJEAN",
        given_names="Hélène", birth_name="", birth_date=date(1980, 2, 29), ipp="", nda="", nir="",
        phone="", email="", postcode="", role=Role.PATIENT, location=Location(page=1, block=0),
        categories=frozenset({Category.NAME, Category.BIRTH_DATE}),
    )  # fmt: skip
    candidates = (
        Candidate("10000006", 0.49, 10.0, ("family_name:exact", "birth_date:exact")),
        Candidate("10000007", 0.48, 10.0, ("family_name:exact", "birth_date:exact")),
    )
    return Attribution(mention, "10000006", 0.49, Decision.REVIEW, candidates)


def test_review_overrides_confirm_makes_the_candidate_certain() -> None:
    attribution = _homonyms()
    [confirmed] = apply_review_decisions(
        [attribution], {attribution.mention.key: _Decision("confirm", "10000007")}
    )
    assert (confirmed.patient_id, confirmed.decision, confirmed.confidence) == (
        "10000007", Decision.NOTIFY, 1.0,
    )  # fmt: skip
    assert [(c.patient_id, c.probability) for c in confirmed.candidates] == [("10000007", 1.0)]
    assert confirmed.candidates[0].agreements == ("family_name:exact", "birth_date:exact")


def test_review_overrides_choose_names_a_patient_the_linker_did_not_list() -> None:
    attribution = _homonyms()
    [chosen] = apply_review_decisions(
        [attribution], {attribution.mention.key: _Decision("choose", "10000099")}
    )
    assert chosen.patient_id == "10000099" and chosen.decision is Decision.NOTIFY
    assert chosen.candidates[0].agreements == (CHOSEN_BY_REVIEWER,)


def test_review_overrides_reject_leaves_the_others_in_review() -> None:
    attribution = _homonyms()
    [left] = apply_review_decisions(
        [attribution], {attribution.mention.key: _Decision("reject", "10000006", ("10000006",))}
    )
    assert (left.patient_id, left.decision) == ("10000007", Decision.REVIEW)
    assert [c.patient_id for c in left.candidates] == ["10000007"]


def test_review_overrides_rejecting_every_candidate_leaves_nobody() -> None:
    attribution = _homonyms()
    decision = _Decision("reject", "10000007", ("10000006", "10000007"))
    [nobody] = apply_review_decisions([attribution], {attribution.mention.key: decision})
    assert (nobody.patient_id, nobody.decision, nobody.candidates) == (None, None, ())


def test_review_overrides_unregistered_clears_the_attribution() -> None:
    attribution = _homonyms()
    [nobody] = apply_review_decisions(
        [attribution], {attribution.mention.key: _Decision("unregistered", None)}
    )
    assert (nobody.patient_id, nobody.decision, nobody.confidence) == (None, None, 0.0)
    assert nobody.mention == attribution.mention


@pytest.mark.parametrize(
    "decision",
    [
        _Decision("confirm", "10000006"),
        _Decision("choose", "10000042"),
        _Decision("reject", "10000006", ("10000006",)),
        _Decision("unregistered", None),
    ],
)
def test_review_overrides_are_idempotent_and_leave_others_alone(decision: _Decision) -> None:
    reviewed, untouched = _homonyms(0), _homonyms(1)
    decisions = {reviewed.mention.key: decision}
    once = apply_review_decisions([reviewed, untouched], decisions)
    assert apply_review_decisions(once, decisions) == once
    assert once[1] is untouched


def test_review_overrides_refuse_a_confirm_without_a_patient() -> None:
    attribution = _homonyms()
    with pytest.raises(ValueError, match="without a patient id"):
        apply_review_decisions([attribution], {attribution.mention.key: _Decision("confirm", None)})
