"""Hotline lookup: affected or not, tolerant of the spellings a caller gives."""

from __future__ import annotations

from datetime import date

import pytest
from report_people import EXPOSURES, PATIENTS

from leakmap.report.lookup import MatchQuality, format_lookup, lookup_person, normalise_name
from leakmap.vocabulary import Category as C
from leakmap.vocabulary import Decision

ELODIE = date(1972, 4, 9)


def _ids(answers):
    return [a.patient_id for a in answers]


def test_lookup_exact_caller_is_affected_with_categories():
    (answer,) = lookup_person(EXPOSURES, PATIENTS, family_name="Vasseur",
                              given_names="Élodie", birth_date=ELODIE)  # fmt: skip
    assert answer.patient_id == "20000001"
    assert answer.match is MatchQuality.EXACT
    assert answer.affected and answer.decision is Decision.NOTIFY
    assert C.ONCOLOGY in answer.categories
    assert answer.notes == ()


@pytest.mark.parametrize(
    ("family", "given", "born", "note"),
    [
        ("VASSEUR", "elodie", ELODIE, None),  # case and accents
        ("Vaseur", "Elodie", ELODIE, "family name spelled differently"),
        ("Vasseurt", "Élodie", ELODIE, "family name spelled differently"),
        ("Vasseur", "Elodi", ELODIE, "given name spelled differently"),
        ("Marchand", "Élodie", ELODIE, "matched the birth name"),
        ("Elodie", "Vasseur", ELODIE, "family and given names swapped"),
        ("Vasseur", "Élodie", date(1972, 9, 4), "birth date with day and month swapped"),
    ],
)
def test_lookup_tolerates_misspellings(family, given, born, note):
    answers = lookup_person(EXPOSURES, PATIENTS, family_name=family, given_names=given,
                            birth_date=born)  # fmt: skip
    assert _ids(answers) == ["20000001"]
    assert (note in answers[0].notes) if note else answers[0].match is MatchQuality.EXACT


@pytest.mark.parametrize(
    ("family", "given", "born"),
    [
        ("Vasseur", "Élodie", date(1972, 4, 10)),  # another birth date
        ("Martin", "Élodie", ELODIE),  # another family name
        ("Vasseur", "Paul", ELODIE),  # another given name
    ],
)
def test_lookup_does_not_match_someone_else(family, given, born):
    assert lookup_person(EXPOSURES, PATIENTS, family_name=family, given_names=given,
                         birth_date=born) == ()  # fmt: skip


def test_lookup_compound_names_without_hyphen_and_first_given_name_only():
    answers = lookup_person(EXPOSURES, PATIENTS, family_name="benoit",
                            given_names="Anne Sophie", birth_date=None)  # fmt: skip
    assert _ids(answers) == ["20000006"]
    assert answers[0].decision is Decision.REVIEW
    answers = lookup_person(EXPOSURES, PATIENTS, family_name="Benoit", given_names="Anne",
                            birth_date=date(1990, 2, 14))  # fmt: skip
    assert _ids(answers) == ["20000006"]


def test_lookup_registry_patient_not_affected():
    exposures = [e for e in EXPOSURES if e.patient_id != "20000005"]
    (answer,) = lookup_person(exposures, PATIENTS, family_name="Wojcik", given_names="Lukasz",
                              birth_date=date(1988, 12, 3))  # fmt: skip
    assert not answer.affected
    assert answer.decision is None and answer.categories == frozenset()
    assert "not affected" in format_lookup([answer], language="en")
    assert "non concerné" in format_lookup([answer])  # French by default


def test_lookup_format_shows_categories_in_plain_words_and_no_document():
    answers = lookup_person(EXPOSURES, PATIENTS, family_name="Vasseur", given_names="Elodie",
                            birth_date=ELODIE)  # fmt: skip
    text = format_lookup(answers)
    assert "20000001 : à notifier (correspondance exacte)" in text
    assert "informations de suivi en cancérologie" in text
    assert ".pdf" not in text and "Oncologie" not in text
    assert "hors registre" in format_lookup(())
    english = format_lookup(answers, language="en")  # one language: wording and categories
    assert "20000001: notify (match exact)" in english
    assert "cancer care information" in english and "cancérologie" not in english
    assert "unregistered" in format_lookup((), language="en")


@pytest.mark.parametrize(
    ("name", "normal"),
    [("Le Gœuff", "le goeuff"), ("MOREAU-VASSEUR", "moreau vasseur"), ("d'Aubigné", "d aubigne"),
     ("Łukasz", "lukasz")],
)  # fmt: skip
def test_lookup_normalise_name(name, normal):
    assert normalise_name(name) == normal
