"""The whole-dump role rules on real mention records: a table of calls and non-calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.group.staff_roles import (
    FREQUENCY_CUE,
    PERSONNEL_FILE_CUE,
    STAFF_DIRECTORY_CUE,
    FrequencyRule,
    RoleCall,
    StaffMember,
    apply_role_calls,
    call_roles,
)
from leakmap.vocabulary import Category
from mentions import mention

HEALTH = frozenset({Category.NAME, Category.HEALTH})


def _mention(
    file: int,
    family: str,
    given: str,
    *,
    index: int = 0,
    birth: date | None = None,
    ipp: str = "",
    nir: str = "",
    row: int = -1,
    categories: frozenset[Category] = HEALTH,
) -> PersonMention:
    return mention(
        document=f"f{file}.txt", sha256=f"{file:064d}", index=index, family_name=family,
        given_names=given, birth_date=birth, ipp=ipp, nir=nir,
        location=Location(page=1, block=0, row=row), categories=categories,
    )  # fmt: skip


def _signed_files(count: int, *, row: int = -1) -> list[PersonMention]:
    """``count`` files, each one patient with a birth date and a bare "Anne LEROY"."""
    mentions = []
    for i in range(count):
        mentions.append(_mention(i, f"PATIENT{i % 4}", "Paul", birth=date(1950, 1, 1 + i % 4)))
        mentions.append(_mention(i, "LEROY", "Anne", index=1, row=row))
    return mentions


def _called(mentions: list[PersonMention], **kwargs: object) -> set[tuple[str, Role, str]]:
    by_key = {m.key: m for m in mentions}
    return {
        (by_key[c.mention].family_name, c.role, c.cue)
        for c in call_roles(mentions, **kwargs)  # type: ignore[arg-type]
    }


def test_call_roles_frequent_bare_name_is_a_clinician() -> None:
    assert _called(_signed_files(5)) == {("LEROY", Role.CLINICIAN, FREQUENCY_CUE)}


@pytest.mark.parametrize(
    ("mentions", "why"),
    [
        (_signed_files(4), "too few files"),
        (_signed_files(8, row=0), "a table row's name is that row's subject"),
        ([m for m in _signed_files(8) if m.index == 1], "nobody else named beside"),
        (
            _signed_files(6)
            + [_mention(100 + i, "LEROY", "Anne", birth=date(1975, 6, 15)) for i in range(3)],
            "bare on 6 files, with her birth date on 3: a patient, not dominant enough",
        ),
        (
            _signed_files(8)
            + [_mention(i, "LEROY", "Anne", index=2, birth=date(1975, 6, 15)) for i in range(8)],
            "on each file her own label carries her birth date: the bare name is her again",
        ),
    ],
)
def test_call_roles_frequency_near_misses(mentions: list[PersonMention], why: str) -> None:
    assert _called(mentions) == set(), why


def test_call_roles_frequency_rule_off() -> None:
    assert _called(_signed_files(9), rule=FrequencyRule(min_documents=0)) == set()


def test_call_roles_share_of_a_big_dump() -> None:
    rule = FrequencyRule(min_documents=5, document_share=0.5)
    assert rule.documents_needed(20) == 10
    others = [_mention(100 + i, "PATIENT9", "Paul", birth=date(1950, 2, 1)) for i in range(12)]
    assert _called(_signed_files(8) + others, rule=rule) == set()
    assert _called(_signed_files(12) + others, rule=rule) != set()  # 12 of 24


STAFF = (StaffMember("Leroy", "Anne Marie", date(1975, 6, 15), "praticien", "cardiologie"),)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        (_mention(1, "LEROY", "Anne"), {("LEROY", Role.CLINICIAN, STAFF_DIRECTORY_CUE)}),
        (_mention(1, "LEROY", "Anne", ipp="10000008"), set()),
        (_mention(1, "LEROY", "Anne", birth=date(1975, 6, 15)), set()),
        (_mention(1, "LEROY", "Anne", birth=date(1990, 1, 1)), set()),
        (
            _mention(
                1,
                "LEROY",
                "Anne",
                birth=date(1975, 6, 15),
                nir="2750675000000",
                categories=frozenset({Category.NAME, Category.BIRTH_DATE}),
            ),
            {("LEROY", Role.STAFF, STAFF_DIRECTORY_CUE)},
        ),  # fmt: skip
        (_mention(1, "LEROY", ""), set()),
        (_mention(1, "LEROUX", "Anne"), set()),
    ],
)
def test_call_roles_staff_directory(mention: PersonMention, expected: set[object]) -> None:
    assert _called([mention], staff=STAFF) == expected


def test_apply_role_calls_drops_clinicians_and_marks_staff() -> None:
    signer, record, patient = (_mention(1, "A", "B", index=i) for i in range(3))
    calls = [RoleCall(signer.key, Role.CLINICIAN, FREQUENCY_CUE),
             RoleCall(record.key, Role.STAFF, STAFF_DIRECTORY_CUE)]  # fmt: skip
    kept = apply_role_calls([signer, record, patient], calls)
    assert [(m.key, m.role) for m in kept] == [
        (record.key, Role.STAFF),
        (patient.key, Role.UNKNOWN),
    ]


def _hr_record(file: int, family: str, given: str, born: date) -> PersonMention:
    """A personnel file's row: role staff, birth date and NIR."""
    record = _mention(
        file, family, given, birth=born, nir="2750675000000", row=file,
        categories=frozenset({Category.NAME, Category.BIRTH_DATE, Category.NATIONAL_ID}),
    )  # fmt: skip
    return replace(record, role=Role.STAFF)


def test_call_roles_staff_of_the_dumps_personnel_files() -> None:
    """The HR file names PEREIRA Vanessa and MOAL Guy as staff. Her name bare on a service
    note, and both on an absence sheet ("congé maternité": health, but theirs), are staff
    at work; her namesake in a consultation planning among patients, or with a birth
    date, is a patient; a row read as staff without a birth date or NIR makes nobody
    staff."""
    hr = [_hr_record(1, "PEREIRA", "Vanessa", date(1980, 1, 2)),
          _hr_record(1, "MOAL", "Guy", date(1970, 3, 4))]  # fmt: skip
    note = [_mention(2, "PEREIRA", "Vanessa", categories=frozenset({Category.NAME}))]
    absences = [_mention(3, "PEREIRA", "Vanessa", row=0), _mention(3, "MOAL", "Guy", row=1)]
    planning = [_mention(4, "PEREIRA", "Vanessa", row=0)] + [
        _mention(4, f"PATIENT{i}", "Paul", index=i + 1, row=i + 1) for i in range(3)
    ]
    letter = [_mention(5, "PEREIRA", "Vanessa", birth=date(1990, 5, 6))]
    called = call_roles(hr + note + absences + planning + letter)
    assert {(c.mention, c.role, c.cue) for c in called} == {
        (m.key, Role.CLINICIAN, PERSONNEL_FILE_CUE) for m in note + absences
    }
    rota = [replace(m, role=Role.STAFF) for m in absences]
    assert call_roles(rota + note) == ()
