"""Linkage with partial evidence: names one slip away, married and birth names printed
together, and the leak's own recurrence as context for a bare name."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from leakmap.group.mention import PersonMention
from leakmap.link.comparisons import compare_family_names
from leakmap.link.leak_prior import MIN_CONFIDENT, UNIFORM, estimate_leak_prior
from leakmap.link.linker import FIELD_LEVELS, link_mention, link_mentions
from leakmap.link.m_estimate import estimate_m
from leakmap.link.registered_prior import estimate_bare_priors, is_bare
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex, deletion_variants
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, Decision
from mentions import mention

SETTINGS = ScanSettings(workers=1)
TODAY = date(2026, 11, 29)


def _patient(pid: str, family: str, given: str, born: str, birth_name: str = "") -> Patient:
    return Patient(
        pid, family, birth_name, given, date.fromisoformat(born), "F", "", "", "", "", "", ""
    )


def _mention(
    document: str,
    family: str,
    given: str,
    *,
    birth_name: str = "",
    born: str | None = None,
    ipp: str = "",
) -> PersonMention:
    return mention(
        document=document,
        sha256=document.ljust(64, "0"),
        family_name=family,
        given_names=given,
        birth_name=birth_name,
        birth_date=date.fromisoformat(born) if born else None,
        ipp=ipp,
        categories=frozenset({Category.NAME, Category.HEALTH}),
    )


def test_deletion_variants_meet_for_one_slip() -> None:
    for typo in ("BERNNARD", "BERNAD", "BRENARD", "BERNERD"):
        assert deletion_variants(typo) & deletion_variants("BERNARD")


def test_typo_in_family_name_still_finds_the_patient() -> None:
    registry = RegistryIndex.build([_patient("1", "BERNARD", "Eugène", "1958-07-18")])
    attribution = link_mention(
        _mention("a.pdf", "BERNNARD", "Eugene", born="1958-07-18"), registry, SETTINGS, today=TODAY
    )
    assert attribution.patient_id == "1"
    assert "family_name:close" in attribution.candidates[0].agreements


def test_married_and_birth_names_together_beat_either_alone() -> None:
    both = frozenset({"DUPUY", "MARTIN"})
    assert compare_family_names(frozenset({"DUPUY"}), frozenset({"MARTIN"}), both) == "exact"
    one = frozenset({"MARTIN"})
    assert compare_family_names(frozenset({"DUPUY"}), frozenset({"MARTIN"}), one) == "partial"
    registry = RegistryIndex.build(
        [
            _patient("1", "DUPUY", "Marie", "1958-03-10", birth_name="MARTIN"),
            _patient("2", "MARTIN", "Marie", "1960-01-01"),
            _patient("3", "MARTIN", "Marie", "1970-01-01"),
        ]
    )
    attribution = link_mention(
        _mention("a.pdf", "DUPUY", "Marie", birth_name="MARTIN"), registry, SETTINGS, today=TODAY
    )
    assert [c.patient_id for c in attribution.candidates] == ["1"]  # the MARTINs: too unlikely


def _clustered_leak() -> tuple[list[Patient], list[PersonMention]]:
    """Sixty patients each named with IPP and birth date in two files, two homonyms of
    whom one is among them, a bare name in a third file; 500 patients never named."""
    patients = [_patient(f"{i:04d}", f"NOM{i:03d}X", "Paul", "1950-01-01") for i in range(60)]
    patients += [
        _patient("9001", "ROUSSEAU", "Olivier", "1981-11-28"),
        _patient("9002", "ROUSSEAU", "Olivier", "1964-09-25"),
    ]
    patients += [_patient(f"7{i:04d}", f"AUTRE{i:03d}Y", "Léa", "1990-01-01") for i in range(500)]
    mentions = [
        _mention(f"{doc}{i}.pdf", p.family_name, "Paul", born="1950-01-01", ipp=p.patient_id)
        for i, p in enumerate(patients[:60])
        for doc in ("cr", "lettre")
    ]
    mentions += [
        _mention(f"{doc}.pdf", "ROUSSEAU", "Olivier", born="1964-09-25", ipp="9002")
        for doc in ("bloc", "labo")
    ]
    return patients, [*mentions, _mention("agenda.pdf", "ROUSSEAU", "Olivier")]


def test_bare_name_leans_to_the_homonym_the_leak_names_elsewhere() -> None:
    patients, mentions = _clustered_leak()
    registry = RegistryIndex.build(patients)
    alone = link_mention(mentions[-1], registry, SETTINGS, today=TODAY)
    assert alone.decision is Decision.REVIEW
    assert {c.patient_id for c in alone.candidates} == {"9001", "9002"}
    in_context = link_mentions(mentions, registry, SETTINGS, today=TODAY)[-1]
    probabilities = {c.patient_id: c.probability for c in in_context.candidates}
    assert probabilities["9002"] > 3 * probabilities["9001"]


def test_leak_prior_needs_enough_confident_mentions() -> None:
    patients, mentions = _clustered_leak()
    registry = RegistryIndex.build(patients)
    few = [link_mention(m, registry, SETTINGS, today=TODAY) for m in mentions[: MIN_CONFIDENT - 1]]
    assert estimate_leak_prior(few, registry.size) is UNIFORM


def test_a_bare_repetition_in_the_same_document_is_the_header_patient() -> None:
    patients = [
        _patient("1", "SIMON", "Sandrine", "1983-11-01"),
        _patient("2", "SIMON", "Sandrine", "1983-05-12"),
    ]
    registry = RegistryIndex.build(patients)
    header = _mention("cr.eml", "SIMON", "Sandrine", born="1983-11-01", ipp="1")
    body = replace(_mention("cr.eml", "Simon", "Sandrine"), index=1)
    elsewhere = _mention("agenda.pdf", "SIMON", "Sandrine")
    linked = link_mentions([header, body, elsewhere], registry, SETTINGS, today=TODAY)
    assert [(a.patient_id, a.decision) for a in linked[:2]] == [
        ("1", Decision.NOTIFY),
        ("1", Decision.NOTIFY),
    ]
    assert "coreference:same_document" in linked[1].candidates[0].agreements
    assert linked[2].decision is Decision.REVIEW  # another file: still the homonym problem


def test_a_newborn_named_after_her_mother_does_not_inherit_the_mother() -> None:
    """A delivery report names the mother, "QUÉRÉ Manon" with her IPP, and the newborn
    "QUÉRÉ Manon" born that day: the same name, not the same person."""
    patients = [
        _patient("1", "QUÉRÉ", "Manon", "1979-07-07"),
        _patient("2", "QUÉRÉ", "Manon", "1950-02-02"),
    ]
    registry = RegistryIndex.build(patients)
    mother = _mention("avb.pdf", "QUÉRÉ", "Manon", born="1979-07-07", ipp="1")
    newborn = replace(_mention("avb.pdf", "QUÉRÉ", "Manon", born="2021-03-03"), index=1)
    linked = link_mentions([mother, newborn], registry, SETTINGS, today=TODAY)
    assert linked[0].patient_id == "1"
    assert linked[1].decision is not Decision.NOTIFY


def test_m_of_birth_date_is_estimated_from_ipp_anchored_pairs() -> None:
    patients, mentions = _clustered_leak()
    registry = RegistryIndex.build(patients)
    first = [link_mention(m, registry, SETTINGS, today=TODAY) for m in mentions]
    fitted = estimate_m(first, FIELD_LEVELS)
    assert fitted.anchored_pairs == 122
    # 122 anchored pairs, every birth date exact: disagreement becomes far rarer than 2 %.
    assert fitted.factors["birth_date:disagree"] < 0.5
    assert fitted.factors["birth_date:exact"] > 1.0
    assert fitted.factors["phone:exact"] == pytest.approx(1.0)  # never seen: the prior


def test_bare_name_prior_is_the_mixture_weight_the_leak_shows() -> None:
    # Half the bare names carry strong registry evidence, half none worth the name.
    evidence = [(0.9, 1000.0)] * 60 + [(0.9, 1e-6)] * 60 + [(0.3, 5.0)] * 10
    estimated = estimate_bare_priors(evidence)
    assert estimated[0.9] == pytest.approx(0.5, abs=0.02)
    assert 0.3 not in estimated  # too few to estimate
    assert is_bare(_mention("a.pdf", "DUPONT", "Marie"))
    assert not is_bare(_mention("a.pdf", "DUPONT", "Marie", born="1960-01-01"))


def test_splink_path_uses_the_same_estimates_from_the_leak() -> None:
    """Splink on DuckDB computes the Bayes factors; the recurrence prior and the
    repetition rule still apply: the bare ROUSSEAU Olivier leans to the homonym the leak
    names with an IPP, in another file as in the header's own."""
    from leakmap.link.linker import link_mentions_with_splink

    patients, mentions = _clustered_leak()
    header = _mention("cr.eml", "ROUSSEAU", "Olivier", born="1964-09-25", ipp="9002")
    body = replace(_mention("cr.eml", "Rousseau", "Olivier"), index=1)
    linked = link_mentions_with_splink([*mentions, header, body], patients, SETTINGS, today=TODAY)
    bare = {c.patient_id: c.probability for c in linked[len(mentions) - 1].candidates}
    assert bare["9002"] > 3 * bare.get("9001", 0.0)
    assert (linked[-1].patient_id, linked[-1].decision) == ("9002", Decision.NOTIFY)
