"""Whom letters go to: patients, parents of minors, heirs of the deceased, staff; who waits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from report_people import DECEASED, EXPOSURES, LETTER_DAY, PATIENTS, STAFF, exposure

from leakmap.report.recipients import (
    CONFIDENTIAL_FROM_PARENTS,
    AddresseeKind,
    HoldReason,
    addressee_kind,
    route_letters,
)
from leakmap.vocabulary import Category as C


def _kind(patient_id, *categories, born=None, deceased=frozenset()):
    patient = PATIENTS[patient_id]
    if born is not None:
        patient = replace(patient, birth_date=born)
    return addressee_kind(exposure(patient_id, *categories), patient, on=LETTER_DAY,
                          deceased=deceased)  # fmt: skip


def test_routing_of_every_fictitious_person():
    routing = route_letters(EXPOSURES, PATIENTS, on=LETTER_DAY, deceased=DECEASED, staff=STAFF)
    kinds = {a.key: a.kind for a in routing.addressees}
    assert kinds == {
        "20000001": AddresseeKind.PATIENT,
        "20000002": AddresseeKind.PARENTS,
        "20000004": AddresseeKind.HEIRS,
        "20000005": AddresseeKind.PATIENT,
        "staff-0001": AddresseeKind.STAFF,
    }
    assert routing.held == (("20000003", HoldReason.CONFIDENTIAL_MINOR_CARE),)


def test_routing_review_people_get_no_letter():
    routing = route_letters(EXPOSURES, PATIENTS, on=LETTER_DAY)
    assert "20000006" not in {a.key for a in routing.addressees}


@pytest.mark.parametrize(
    ("born", "kind"),
    [
        (date(2007, 2, 21), AddresseeKind.PARENTS),  # 18 tomorrow
        (date(2007, 2, 20), AddresseeKind.PATIENT),  # 18 today
        (date(1950, 1, 1), AddresseeKind.PATIENT),
        (None, AddresseeKind.PATIENT),
    ],
)
def test_routing_minor_is_under_18_on_the_letter_date(born, kind):
    patient = replace(PATIENTS["20000002"], birth_date=born)
    found = addressee_kind(exposure("20000002", C.HEALTH), patient, on=LETTER_DAY,
                           deceased=frozenset())  # fmt: skip
    assert found is kind


@pytest.mark.parametrize("category", sorted(CONFIDENTIAL_FROM_PARENTS))
def test_routing_confidential_care_of_a_minor_waits_for_review(category):
    assert _kind("20000002", category) is None


def test_routing_confidential_care_of_an_adult_is_written():
    assert _kind("20000001", C.GYNECOLOGY_OBSTETRICS) is AddresseeKind.PATIENT


def test_routing_deceased_by_list_or_by_death_category():
    assert _kind("20000001", C.HEALTH, deceased=frozenset({"20000001"})) is AddresseeKind.HEIRS
    assert _kind("20000001", C.DEATH) is AddresseeKind.HEIRS


def test_routing_deceased_minor_goes_to_the_heirs():
    assert _kind("20000002", C.DEATH) is AddresseeKind.HEIRS


def test_routing_never_writes_to_the_dead():
    routing = route_letters(EXPOSURES, PATIENTS, on=LETTER_DAY, deceased=DECEASED)
    heirs = next(a for a in routing.addressees if a.key == "20000004")
    assert heirs.email == ""


def test_routing_patient_missing_from_registry_is_held():
    routing = route_letters([exposure("29999999", C.HEALTH)], PATIENTS, on=LETTER_DAY)
    assert routing.held == (("29999999", HoldReason.NOT_IN_REGISTRY),)
