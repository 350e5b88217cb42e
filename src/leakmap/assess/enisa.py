"""Severity of a personal data breach for one person, by the ENISA 2013 method.

ENISA, *Recommendations for a methodology of the assessment of severity of personal data
breaches*, working document v1.0, December 2013. The method scores three criteria and
combines them::

    SE = DPC x EI + CB

    SE < 2 low     2 <= SE < 3 medium     3 <= SE < 4 high     4 <= SE very high

Step 1 — **DPC, data processing context** (1 to 4). Each category of data exposed is put
in one of ENISA's four classes, which gives a basic score; contextual factors then raise
or lower it; the person's DPC is the highest class score, kept within 1..4.

* simple data, basic 1: name, birth date, address, phone, e-mail, hospital id, NIR.
  +1 because the controller is a hospital: appearing in its files lets anyone assume the
  person received care there (ENISA raises simple data "when the characteristics of the
  controller lead to assumptions about health"; +2 is its example of a pharmacy that
  reveals a condition, a general hospital reveals none, hence +1). +1 for the NIR, which
  reveals sex, birth month and birthplace and opens health-insurance fraud.
* behavioural data, basic 2: no contract category falls here.
* financial data, basic 3: bank (IBAN, card). -1 because an account number alone shows no
  balance nor transaction (ENISA lowers partial financial data by 1 or 2).
* sensitive data, basic 4: every health category. ``health`` alone (health information
  of no stated kind) is lowered by 1, as ENISA lowers data that "might lead to
  assumptions" rather than reveal a condition; a specialty (oncology, mental health,
  sexual health, genetics, ...) or a result (pathology, laboratory, imaging) stays at 4.
* minors and vulnerable people: +1 each, on every class (ENISA raises data whose
  subjects are vulnerable; it allows up to +3 where personal safety is at stake, which a
  hospital leak does not show by itself).

Step 2 — **EI, ease of identification** (0.25, 0.5, 0.75, 1), from the identifiers that
the leak links to the person: *maximum* (1) with a unique identifier (NIR, IBAN) or the
name with the birth date; *significant* (0.75) with the name and a contact detail or the
hospital id; *limited* (0.5) with the name alone (homonyms), or a contact detail or a
hospital id without the name; *negligible* (0.25) otherwise.

Step 3 — **CB, circumstances of the breach**, added: loss of confidentiality +0.5 when
the data reached an unknown number of unknown recipients (a published leak), +0.25 when
only known recipients; loss of integrity and of availability +0.25 when the data can be
recovered, +0.5 when they cannot; malicious intent +0.5. ``BreachCircumstances()`` holds
the defaults of a ransomware leak published on the Internet: confidentiality lost to
unknown recipients, malicious, integrity and availability untouched (CB = 1).

Every input a score rests on is kept in ``SeverityScore.reasons`` so that letters, the
regulator report and reviewers can show why. Reasons name categories, never a value.
Adding a category or an identifier never lowers the severity (tested with hypothesis):
the DPC is a maximum over classes and the EI a maximum over identifier sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from leakmap.assess.exposure import SeverityScore
from leakmap.vocabulary import HEALTH_CATEGORIES, Category, Severity

#: Rule-set version recorded with each case (``settings.RULE_VERSIONS["severity"]``).
METHOD_VERSION = "enisa-2013.v1"

_DPC_MIN = 1.0
_DPC_MAX = 4.0

_SIMPLE_BASIC = 1.0
_FINANCIAL_BASIC = 3.0
_SENSITIVE_BASIC = 4.0
_HOSPITAL_CONTEXT = 1.0
_NIR_PROFILE = 1.0
_ACCOUNT_ONLY = -1.0
_UNSPECIFIED_HEALTH = -1.0
_MINOR = 1.0
_VULNERABLE = 1.0

_EI_NEGLIGIBLE = 0.25
_EI_LIMITED = 0.5
_EI_SIGNIFICANT = 0.75
_EI_MAXIMUM = 1.0

_CB_KNOWN_RECIPIENTS = 0.25
_CB_UNKNOWN_RECIPIENTS = 0.5
_CB_RECOVERABLE = 0.25
_CB_PERMANENT = 0.5
_CB_MALICIOUS = 0.5

_MEDIUM_FROM = 2.0
_HIGH_FROM = 3.0
_VERY_HIGH_FROM = 4.0

_SIMPLE = frozenset(
    {
        Category.NAME,
        Category.BIRTH_DATE,
        Category.ADDRESS,
        Category.PHONE,
        Category.EMAIL,
        Category.HOSPITAL_ID,
        Category.NATIONAL_ID,
    }
)
_FINANCIAL = frozenset({Category.BANK})
_UNIQUE_IDS = frozenset({Category.NATIONAL_ID, Category.BANK})
_CONTACTS = frozenset({Category.ADDRESS, Category.PHONE, Category.EMAIL, Category.HOSPITAL_ID})


class Loss(StrEnum):
    """How much of the data's integrity or availability a breach took away."""

    NONE = "none"
    RECOVERABLE = "recoverable"
    PERMANENT = "permanent"


@dataclass(frozen=True, slots=True)
class BreachCircumstances:
    """The CB criterion's facts; the defaults describe a ransomware leak published online.

    ``confidentiality_lost_to_unknown`` is the publication itself (+0.5); when it is
    false, ``confidentiality_lost_to_known`` says the data reached known recipients only
    (+0.25). ``integrity_lost``/``availability_lost`` add 0.25 when recoverable, 0.5 when
    permanent; ``malicious`` adds 0.5.
    """

    confidentiality_lost_to_unknown: bool = True
    confidentiality_lost_to_known: bool = False
    malicious: bool = True
    integrity_lost: Loss = Loss.NONE
    availability_lost: Loss = Loss.NONE


def grade_severity(
    categories: frozenset[Category],
    *,
    identifiers_linked: frozenset[Category],
    minor: bool,
    vulnerable: bool,
    circumstances: BreachCircumstances,
) -> SeverityScore:
    """Score one person's exposure: SE = DPC x EI + CB, with every step's reason kept.

    ``categories`` is everything exposed of the person; ``identifiers_linked`` the
    identity categories the leak links to them (they drive EI). Empty categories still
    score (DPC 1, EI negligible): a person with no category was not exposed, but the
    function stays total.
    """
    dpc, dpc_reasons = _data_processing_context(categories, minor=minor, vulnerable=vulnerable)
    ei, ei_reason = _ease_of_identification(identifiers_linked)
    cb, cb_reasons = _circumstances(circumstances)
    score = dpc * ei + cb
    severity = severity_of(score)
    summary = f"SE = {dpc:g} x {ei:g} + {cb:g} = {score:g}: {severity.value}"
    return SeverityScore(
        dpc=dpc,
        ei=ei,
        cb=cb,
        score=score,
        severity=severity,
        reasons=(*dpc_reasons, ei_reason, *cb_reasons, summary),
    )


def severity_of(score: float) -> Severity:
    """ENISA's bands: low < 2 <= medium < 3 <= high < 4 <= very high."""
    if score >= _VERY_HIGH_FROM:
        return Severity.VERY_HIGH
    if score >= _HIGH_FROM:
        return Severity.HIGH
    if score >= _MEDIUM_FROM:
        return Severity.MEDIUM
    return Severity.LOW


def _data_processing_context(
    categories: frozenset[Category], *, minor: bool, vulnerable: bool
) -> tuple[float, tuple[str, ...]]:
    """The highest class score over the categories, adjusted, within 1..4."""
    people = _people_adjustment(minor=minor, vulnerable=vulnerable)
    classes = [
        _simple_class(categories & _SIMPLE),
        _financial_class(categories & _FINANCIAL),
        _sensitive_class(categories & HEALTH_CATEGORIES),
    ]
    scored = [(score + sum(a for a, _ in people), text) for score, text in classes if text]
    if not scored:
        scored = [(_DPC_MIN, "DPC: no category exposed, minimum 1")]
    best, text = max(scored, key=lambda item: item[0])
    dpc = min(_DPC_MAX, max(_DPC_MIN, best))
    capped = f"; kept within 1..4 -> {dpc:g}" if dpc != best else ""
    reasons = (text, *(reason for _, reason in people))
    return dpc, (*reasons, f"DPC = {dpc:g}{capped}")


def _simple_class(found: frozenset[Category]) -> tuple[float, str]:
    if not found:
        return 0.0, ""
    score = _SIMPLE_BASIC + _HOSPITAL_CONTEXT
    text = f"DPC simple data ({_names(found)}): basic 1, +1 held by a hospital"
    if Category.NATIONAL_ID in found:
        score += _NIR_PROFILE
        text += ", +1 NIR (sex, birth month and place; insurance fraud)"
    return score, text


def _financial_class(found: frozenset[Category]) -> tuple[float, str]:
    if not found:
        return 0.0, ""
    score = _FINANCIAL_BASIC + _ACCOUNT_ONLY
    return score, f"DPC financial data ({_names(found)}): basic 3, -1 account number only"


def _sensitive_class(found: frozenset[Category]) -> tuple[float, str]:
    if not found:
        return 0.0, ""
    if found == {Category.HEALTH}:
        score = _SENSITIVE_BASIC + _UNSPECIFIED_HEALTH
        return (
            score,
            "DPC sensitive data (health): basic 4, -1 health information of no stated kind",
        )
    return _SENSITIVE_BASIC, f"DPC sensitive data ({_names(found)}): basic 4"


def _people_adjustment(*, minor: bool, vulnerable: bool) -> list[tuple[float, str]]:
    adjustments = []
    if minor:
        adjustments.append((_MINOR, "DPC +1: the person is a minor"))
    if vulnerable:
        adjustments.append((_VULNERABLE, "DPC +1: the person is vulnerable"))
    return adjustments


def _ease_of_identification(linked: frozenset[Category]) -> tuple[float, str]:
    """The EI level from the identifiers linked to the person (ENISA Annex 2)."""
    named = Category.NAME in linked
    if linked & _UNIQUE_IDS:
        return _EI_MAXIMUM, f"EI maximum 1: unique identifier ({_names(linked & _UNIQUE_IDS)})"
    if named and Category.BIRTH_DATE in linked:
        return _EI_MAXIMUM, "EI maximum 1: name and birth date"
    if named and linked & _CONTACTS:
        return _EI_SIGNIFICANT, f"EI significant 0.75: name and {_names(linked & _CONTACTS)}"
    if named:
        return _EI_LIMITED, "EI limited 0.5: name alone (homonyms possible)"
    if linked & _CONTACTS:
        return _EI_LIMITED, f"EI limited 0.5: {_names(linked & _CONTACTS)} without the name"
    return _EI_NEGLIGIBLE, "EI negligible 0.25: no direct identifier"


def _circumstances(facts: BreachCircumstances) -> tuple[float, tuple[str, ...]]:
    """CB: each circumstance present adds its weight; none present adds 0."""
    parts: list[tuple[float, str]] = []
    if facts.confidentiality_lost_to_unknown:
        parts.append(
            (_CB_UNKNOWN_RECIPIENTS, "CB +0.5: confidentiality lost to unknown recipients")
        )
    elif facts.confidentiality_lost_to_known:
        parts.append((_CB_KNOWN_RECIPIENTS, "CB +0.25: confidentiality lost to known recipients"))
    parts += _loss("integrity", facts.integrity_lost)
    parts += _loss("availability", facts.availability_lost)
    if facts.malicious:
        parts.append((_CB_MALICIOUS, "CB +0.5: malicious intent"))
    cb = sum(weight for weight, _ in parts)
    return cb, (*(text for _, text in parts), f"CB = {cb:g}")


def _loss(what: str, loss: Loss) -> list[tuple[float, str]]:
    if loss is Loss.RECOVERABLE:
        return [(_CB_RECOVERABLE, f"CB +0.25: {what} lost, recoverable")]
    if loss is Loss.PERMANENT:
        return [(_CB_PERMANENT, f"CB +0.5: {what} lost for good")]
    return []


def _names(categories: Iterable[Category]) -> str:
    order = list(Category)
    return ", ".join(c.value for c in sorted(categories, key=order.index))
