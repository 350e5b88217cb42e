"""ENISA 2013 severity: worked examples, one per data class, minors, each circumstance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakmap.assess.enisa import BreachCircumstances, Loss, grade_severity, severity_of
from leakmap.vocabulary import IDENTITY_CATEGORIES, Category, Severity

C = Category
PUBLISHED = BreachCircumstances()
QUIET = BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False)


def _grade(
    *categories: Category,
    minor: bool = False,
    vulnerable: bool = False,
    circumstances: BreachCircumstances = PUBLISHED,
):
    found = frozenset(categories)
    return grade_severity(
        found,
        identifiers_linked=found & IDENTITY_CATEGORIES,
        minor=minor,
        vulnerable=vulnerable,
        circumstances=circumstances,
    )


# (categories, minor, expected DPC, EI, CB, SE, severity): worked by hand from the method.
WORKED = [
    # simple data: basic 1 + 1 (hospital); name + address is significant (0.75)
    ((C.NAME, C.ADDRESS), False, 2, 0.75, 1, 2.5, Severity.MEDIUM),
    # simple data, name alone: limited (0.5)
    ((C.NAME,), False, 2, 0.5, 1, 2.0, Severity.MEDIUM),
    # simple data, name + birth date: maximum (1)
    ((C.NAME, C.BIRTH_DATE), False, 2, 1, 1, 3.0, Severity.HIGH),
    # simple data with the NIR: +1, and the NIR is a unique id (maximum)
    ((C.NAME, C.NATIONAL_ID), False, 3, 1, 1, 4.0, Severity.VERY_HIGH),
    # financial data: basic 3 - 1 (account number only); IBAN is a unique id
    ((C.NAME, C.BANK), False, 2, 1, 1, 3.0, Severity.HIGH),
    # sensitive data of no stated kind: 4 - 1
    ((C.NAME, C.HEALTH), False, 3, 0.5, 1, 2.5, Severity.MEDIUM),
    ((C.NAME, C.BIRTH_DATE, C.HEALTH), False, 3, 1, 1, 4.0, Severity.VERY_HIGH),
    # sensitive data, a specialty: 4
    ((C.NAME, C.ONCOLOGY), False, 4, 0.5, 1, 3.0, Severity.HIGH),
    ((C.NAME, C.PHONE, C.MENTAL_HEALTH), False, 4, 0.75, 1, 4.0, Severity.VERY_HIGH),
    # minors: +1 on every class
    ((C.NAME, C.ADDRESS), True, 3, 0.75, 1, 3.25, Severity.HIGH),
    ((C.NAME, C.HEALTH), True, 4, 0.5, 1, 3.0, Severity.HIGH),
    # minor with a specialty: capped at 4
    ((C.NAME, C.SEXUAL_HEALTH), True, 4, 0.5, 1, 3.0, Severity.HIGH),
]


@pytest.mark.parametrize(("categories", "minor", "dpc", "ei", "cb", "score", "severity"), WORKED)
def test_enisa_worked_examples(categories, minor, dpc, ei, cb, score, severity):
    graded = _grade(*categories, minor=minor)
    assert (graded.dpc, graded.ei, graded.cb) == (dpc, ei, cb)
    assert graded.score == pytest.approx(score)
    assert graded.severity is severity


CIRCUMSTANCES = [
    (QUIET, 0.0),
    (BreachCircumstances(malicious=False), 0.5),
    (BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False,
                         confidentiality_lost_to_known=True), 0.25),
    (BreachCircumstances(confidentiality_lost_to_unknown=False), 0.5),
    (BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False,
                         integrity_lost=Loss.RECOVERABLE), 0.25),
    (BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False,
                         integrity_lost=Loss.PERMANENT), 0.5),
    (BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False,
                         availability_lost=Loss.RECOVERABLE), 0.25),
    (BreachCircumstances(confidentiality_lost_to_unknown=False, malicious=False,
                         availability_lost=Loss.PERMANENT), 0.5),
    (PUBLISHED, 1.0),
    (BreachCircumstances(integrity_lost=Loss.PERMANENT, availability_lost=Loss.PERMANENT), 2.0),
]  # fmt: skip


@pytest.mark.parametrize(("circumstances", "cb"), CIRCUMSTANCES)
def test_enisa_each_circumstance_adds_its_weight(circumstances, cb):
    graded = _grade(C.NAME, C.BIRTH_DATE, C.ONCOLOGY, circumstances=circumstances)
    assert graded.cb == cb
    assert graded.score == 4 * 1 + cb


def test_enisa_unknown_recipients_outweigh_known():
    both = BreachCircumstances(confidentiality_lost_to_known=True, malicious=False)
    assert _grade(C.NAME, circumstances=both).cb == 0.5


def test_enisa_vulnerable_raises_like_a_minor():
    assert _grade(C.NAME, C.ADDRESS, vulnerable=True).dpc == 3
    assert _grade(C.NAME, C.ADDRESS, vulnerable=True, minor=True).dpc == 4


@pytest.mark.parametrize(
    ("score", "severity"),
    [(0, Severity.LOW), (1.99, Severity.LOW), (2, Severity.MEDIUM), (2.99, Severity.MEDIUM),
     (3, Severity.HIGH), (3.99, Severity.HIGH), (4, Severity.VERY_HIGH), (6, Severity.VERY_HIGH)],
)  # fmt: skip
def test_enisa_thresholds(score, severity):
    assert severity_of(score) is severity


def test_enisa_reasons_show_every_input_without_values():
    graded = _grade(C.NAME, C.BIRTH_DATE, C.NATIONAL_ID, C.ONCOLOGY, minor=True)
    text = "\n".join(graded.reasons)
    assert "basic 4" in text
    assert "minor" in text
    assert "EI maximum" in text
    assert "unknown recipients" in text
    assert graded.reasons[-1] == "SE = 4 x 1 + 1 = 5: very_high"


def test_enisa_no_category_still_scores():
    graded = _grade()
    assert (graded.dpc, graded.ei) == (1, 0.25)


_categories = st.frozensets(st.sampled_from(list(Category)))
_circumstances = st.builds(
    BreachCircumstances,
    confidentiality_lost_to_unknown=st.booleans(),
    confidentiality_lost_to_known=st.booleans(),
    malicious=st.booleans(),
    integrity_lost=st.sampled_from(list(Loss)),
    availability_lost=st.sampled_from(list(Loss)),
)


@given(
    base=_categories,
    added=st.sampled_from(list(Category)),
    minor=st.booleans(),
    vulnerable=st.booleans(),
    circumstances=_circumstances,
)
def test_enisa_severity_never_falls_when_a_category_is_added(
    base, added, minor, vulnerable, circumstances
):
    before = _grade(*base, minor=minor, vulnerable=vulnerable, circumstances=circumstances)
    after = _grade(*base, added, minor=minor, vulnerable=vulnerable, circumstances=circumstances)
    order = list(Severity)
    assert after.score >= before.score
    assert order.index(after.severity) >= order.index(before.severity)
    assert 1 <= after.dpc <= 4
    assert after.ei in (0.25, 0.5, 0.75, 1)
