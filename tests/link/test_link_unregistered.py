"""Unregistered people: one person in several files is one cluster, namesakes are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.link.unregistered import unregistered_clusters
from mentions import mention


def _nobody(document: str, family: str, given: str, born: str | None = None) -> Attribution:
    found = mention(
        document=document,
        sha256=document.ljust(64, "0"),
        family_name=family,
        given_names=given,
        birth_date=date.fromisoformat(born) if born else None,
    )
    return Attribution(found, None, 0.0, None, ())


def _documents(clusters: list[list[PersonMention]]) -> list[set[str]]:
    return sorted(({m.document for m in c} for c in clusters), key=lambda d: sorted(d))


def test_one_person_in_three_files_is_one_cluster() -> None:
    clusters = unregistered_clusters(
        [
            _nobody("a.pdf", "Roux", "Lina", "2001-09-09"),
            _nobody("b.pdf", "ROUX", "Lina", None),
            _nobody("c.pdf", "ROUX", "LINA", "2001-09-09"),
        ]
    )
    assert _documents(clusters) == [{"a.pdf", "b.pdf", "c.pdf"}]


def test_a_slip_joins_only_with_the_same_birth_date() -> None:
    clusters = unregistered_clusters(
        [
            _nobody("a.pdf", "MARTIN", "Bertrand", "1949-11-03"),
            _nobody("b.pdf", "MARIN", "Bertrand", "1949-11-03"),  # OCR dropped a letter
            _nobody("c.pdf", "MARIN", "Bertrand", None),  # maybe another person
            _nobody("d.pdf", "MARTIN", "Louise", "1949-11-03"),
            _nobody("e.pdf", "MARTIN", "Louis", "1949-11-03"),  # her twin brother
            _nobody("f.pdf", "MARTIN", "L", "1949-11-03"),  # one of the two: stands alone
        ]
    )
    assert _documents(clusters) == [
        {"a.pdf", "b.pdf", "c.pdf"},
        {"d.pdf"},
        {"e.pdf"},
        {"f.pdf"},
    ]


def test_namesakes_with_two_birth_dates_stay_apart() -> None:
    clusters = unregistered_clusters(
        [
            _nobody("a.pdf", "DURAND", "Jean", "1950-01-01"),
            _nobody("b.pdf", "DURAND", "Jean", "1980-06-30"),
            _nobody("c.pdf", "DURAND", "Jean", None),  # either of them: stands alone
            _nobody("d.pdf", "DURAND", "Jean", "1950-01-07"),  # a typed day: the first
        ]
    )
    assert _documents(clusters) == [{"a.pdf", "d.pdf"}, {"b.pdf"}, {"c.pdf"}]


def test_attributed_and_nameless_mentions_are_not_clustered() -> None:
    named = _nobody("a.pdf", "ROUX", "Lina")
    attributed = replace(named, patient_id="1")
    nameless = _nobody("b.pdf", "ROUX", "")
    assert unregistered_clusters([attributed, nameless]) == []
