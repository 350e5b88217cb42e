"""Linkage: certain attributions notify, homonyms go to review with every candidate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TableRow, TextBlock
from leakmap.group.grouping import group_mentions
from leakmap.link.comparisons import compare_birth_date
from leakmap.link.linker import clinician_names_of, link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision, FileKind, ReadStatus

SETTINGS = ScanSettings(workers=1)


def _attribute(
    text: str, patients: list[Patient]
) -> list[tuple[str | None, Decision | None, tuple[str, ...]]]:
    context = DetectionContext(NameIndex.build(patients), SETTINGS, date(2026, 11, 29))
    document = ExtractedDocument(
        "x.pdf",
        "1" * 64,
        FileKind.PDF,
        ReadStatus.READ,
        pages=1,
        blocks=(
            TextBlock(1, ("" if "Planning" in text else "Compte rendu de consultation.\n") + text),
        ),
    )
    findings = detect_document(document, context)
    clinicians = clinician_names_of((n.family_name, n.given_names, n.role) for n in findings.names)
    attributions = link_mentions(
        group_mentions(findings),
        RegistryIndex.build(patients),
        SETTINGS,
        today=date(2026, 11, 29),
        clinician_names=clinicians,
    )
    return [
        (a.patient_id, a.decision, tuple(c.patient_id for c in a.candidates)) for a in attributions
    ]


def _fillers(count: int) -> list[Patient]:
    """Registry patients no test mentions, so that names and birth dates weigh as in a
    hospital's registry."""
    return [
        Patient(f"{i:08d}", f"NOM{i:04d}", "", "Paul", date(1950, 1, 1 + i % 28), "M",
                *[""] * 6)
        for i in range(count)
    ]  # fmt: skip


def test_name_and_birth_date_notify(patients: list[Patient]) -> None:
    assert _attribute("DUPONT Marie Claire née le 12/03/1965", patients)[0][:2] == (
        "10000001",
        Decision.NOTIFY,
    )


def test_homonym_with_other_birth_date_is_told_apart(patients: list[Patient]) -> None:
    assert _attribute("Mme DUPONT Marie, DDN 04/07/1971", patients)[0][:2] == (
        "10000002",
        Decision.NOTIFY,
    )


def test_same_name_same_birth_date_goes_to_review_with_both(patients: list[Patient]) -> None:
    (result,) = _attribute("PETITJEAN Hélène née le 29/02/1980", patients)
    assert result[1] is Decision.REVIEW
    assert set(result[2]) == {"10000006", "10000007"}


def test_ipp_separates_identical_homonyms(patients: list[Patient]) -> None:
    (result,) = _attribute("PETITJEAN Hélène née le 29/02/1980 IPP : 10000007", patients)
    assert result[:2] == ("10000007", Decision.NOTIFY)


def test_married_name_links_through_birth_name(patients: list[Patient]) -> None:
    (result,) = _attribute("Mme MARTIN Jeanne, née le 05/11/1948", patients)
    assert result[:2] == ("10000003", Decision.NOTIFY)


def test_clinician_is_not_a_patient_exposure(patients: list[Patient]) -> None:
    text = (
        "DUPONT Marie Claire née le 12/03/1965\nCompte rendu validé par Dr Anne LEROY\nAnne LEROY"
    )
    results = _attribute(text, patients)
    assert [r[0] for r in results] == ["10000001"]


def test_unknown_birth_date_is_not_the_patient(patients: list[Patient]) -> None:
    (result,) = _attribute("ZARKOVIC Milan, né le 01/01/2001", patients)
    assert result[1] is not Decision.NOTIFY


def test_an_age_far_from_the_patients_is_not_the_patient(patients: list[Patient]) -> None:
    (result,) = _attribute("Compte rendu de consultation. Mme LE GOFF Yann, 24 ans.", patients)
    assert result[1] is not Decision.NOTIFY


def test_a_staff_list_without_health_is_weaker_evidence(patients: list[Patient]) -> None:
    (result,) = _attribute("Planning de garde : LEROY Anne", patients)
    assert result[1] is not Decision.NOTIFY


def test_a_clinicians_namesake_in_a_contact_list_is_a_patient(patients: list[Patient]) -> None:
    """Dr Yann LE GOFF signs a report; a satisfaction-survey export lists the patient Yann
    LE GOFF with his own e-mail: that row is his exposure, not the doctor's signature."""
    context = DetectionContext(NameIndex.build(patients), SETTINGS, date(2026, 11, 29))
    report = ExtractedDocument(
        "cr.pdf", "2" * 64, FileKind.PDF, ReadStatus.READ, pages=1,
        blocks=(TextBlock(1, "Compte rendu validé par Dr Yann LE GOFF, cardiologue."),),
    )  # fmt: skip
    survey = ExtractedDocument(
        "e-satis.csv", "3" * 64, FileKind.CSV, ReadStatus.READ, pages=1,
        rows=(TableRow("e-satis", 1, (("NOM", "LE GOFF"), ("Prénom", "Yann"),
                                       ("Email", "yann.legoff@example.org"),
                                       ("Service", "Cardiologie"))),),
    )  # fmt: skip
    findings = [detect_document(d, context) for d in (report, survey)]
    clinicians = clinician_names_of(
        (n.family_name, n.given_names, n.role) for f in findings for n in f.names
    )
    assert clinicians, "control: the signature is read as a clinician's"
    mentions = [
        m for f, d in zip(findings, (report, survey), strict=True) for m in group_mentions(f, d)
    ]
    attributions = link_mentions(
        mentions, RegistryIndex.build(patients), SETTINGS, today=date(2026, 11, 29),
        clinician_names=clinicians,
    )  # fmt: skip
    assert [(a.patient_id, a.decision) for a in attributions] == [("10000004", Decision.NOTIFY)]


def test_homonyms_nobody_can_tell_apart_are_all_listed_for_review() -> None:
    """Twelve registry patients named Jean MARTIN, each under the 0.1 listing floor, yet
    together likely: the review lists every one of them (the reviewer decides), while a
    family name alone that fits hundreds is nobody to ask about."""
    from dataclasses import replace

    from leakmap.group.mention import PersonMention
    from leakmap.link.attribution import Candidate
    from leakmap.link.linker import decide
    from mentions import mention

    bare: PersonMention = mention(family_name="MARTIN", given_names="Jean")
    tied = [(2000.0, Candidate(f"{i:08d}", 0.0, 11.0, ())) for i in range(12)]
    verdict = decide(bare, tied, registry_size=20_000, settings=SETTINGS)
    assert verdict.decision is Decision.REVIEW
    assert len(verdict.candidates) == 12
    assert all(c.probability < 0.1 for c in verdict.candidates)
    fewer = replace(SETTINGS, max_listed_homonyms=5)  # --max-homonyms 5: nobody to ask
    assert decide(bare, tied, registry_size=20_000, settings=fewer).decision is None
    crowd = [(40.0, Candidate(f"{i:08d}", 0.0, 5.3, ())) for i in range(400)]
    assert decide(bare, crowd, registry_size=20_000, settings=SETTINGS).decision is None
    alone: PersonMention = mention(family_name="MARTIN")
    assert decide(alone, tied, registry_size=20_000, settings=SETTINGS).decision is None


def test_a_clinicians_namesake_as_a_planning_rows_subject_is_a_patient(
    patients: list[Patient],
) -> None:
    """Dr Yann LE GOFF signs elsewhere. A consultation planning's row names Yann LE GOFF
    with its reason for the visit (health): the row's subject, a patient. The same name
    bare in a rota row (no health) stays the doctor's, and a name printed with a birth
    name ("épouse") is a civil identity, never a signature."""
    from dataclasses import replace

    from leakmap.detect.findings import Location
    from leakmap.vocabulary import Category
    from mentions import mention

    row = Location(page=1, row=3)
    planning = mention(
        document="planning.xlsx", sha256="4" * 64, family_name="LE GOFF", given_names="Yann",
        location=row, categories=frozenset({Category.NAME, Category.HEALTH}),
    )  # fmt: skip
    rota = replace(planning, document="rota.xlsx", sha256="5" * 64,
                   categories=frozenset({Category.NAME}))  # fmt: skip
    married = replace(planning, document="cr.pdf", sha256="6" * 64, birth_name="KERVELLA",
                      location=Location(page=1))  # fmt: skip
    attributions = link_mentions(
        [planning, rota, married], RegistryIndex.build(patients), SETTINGS,
        today=date(2026, 11, 29), clinician_names=frozenset({("LE GOFF", "YANN")}),
    )  # fmt: skip
    assert [a.mention.document for a in attributions] == ["planning.xlsx", "cr.pdf"]
    assert attributions[0].patient_id == "10000004"


def test_a_relative_named_as_contact_is_not_linked_without_their_own_identifiers(
    patients: list[Patient],
) -> None:
    """Named as "Personne à prévenir : Yann LE GOFF (père)" in his daughter's record: his
    registry namesake is no likelier than anyone's, so he is an unregistered relative; with
    his own birth date printed, he is linked like anybody."""
    from dataclasses import replace

    from leakmap.detect.findings import Role
    from mentions import mention

    relative = mention(
        family_name="LE GOFF", given_names="Yann", phone="+33639988823", role=Role.THIRD_PARTY
    )
    registry = RegistryIndex.build(patients)
    (alone,) = link_mentions([relative], registry, SETTINGS, today=date(2026, 11, 29))
    assert (alone.patient_id, alone.decision) == (None, None)
    born = replace(
        relative, birth_date=next(p for p in patients if p.patient_id == "10000004").birth_date
    )
    (linked,) = link_mentions([born], registry, SETTINGS, today=date(2026, 11, 29))
    assert linked.patient_id == "10000004"
    # The same name on an absence sheet's row (role staff): an employee, not the patient.
    employee = replace(relative, phone="", role=Role.STAFF)
    (at_work,) = link_mentions([employee], registry, SETTINGS, today=date(2026, 11, 29))
    assert (at_work.patient_id, at_work.decision) == (None, None)
    # On a payroll with his own birth date that is the registry patient's: staff are
    # patients too, linked by their own identifiers.
    payroll = replace(employee, birth_date=date(1971, 3, 3))
    (himself,) = link_mentions([payroll], registry, SETTINGS, today=date(2026, 11, 29))
    assert himself.patient_id == "10000004"
    # A family name alone names a family, not a person: nobody to ask about.
    (family,) = link_mentions(
        [mention(family_name="LE GOFF")], registry, SETTINGS, today=date(2026, 11, 29)
    )
    assert (family.patient_id, family.decision) == (None, None)


def test_a_rare_namesake_born_another_day_is_not_the_patient() -> None:
    """ZARKOVIC Milan born 1960 in another site's transfer list, the registry's ZARKOVIC
    Milan born 1990: however rare the name, another birth date makes him a relative or a
    stranger, not a patient to ask about; the same name bare still is."""
    from leakmap.group.mention import PersonMention
    from leakmap.vocabulary import Category
    from mentions import mention

    fillers = _fillers(2000)
    milan = Patient("90000001", "ZARKOVIC", "", "Milan", date(1990, 10, 10), "M", *[""] * 6)
    registry = RegistryIndex.build([*fillers, milan])
    health = frozenset({Category.NAME, Category.HEALTH, Category.BIRTH_DATE})
    other: PersonMention = mention(
        family_name="ZARKOVIC", given_names="Milan", birth_date=date(1960, 3, 4),
        categories=health,
    )  # fmt: skip
    (verdict,) = link_mentions([other], registry, SETTINGS, today=date(2026, 11, 29))
    assert verdict.decision is None
    bare: PersonMention = mention(
        family_name="ZARKOVIC", given_names="Milan", categories=health - {Category.BIRTH_DATE}
    )
    (named,) = link_mentions([bare], registry, SETTINGS, today=date(2026, 11, 29))
    assert named.patient_id == "90000001" and named.decision is not None


def test_a_printed_age_is_the_age_on_the_documents_date() -> None:
    """ "MARTIN Stéphane, 44 ans" in a 2019 report is the Stéphane born in 1975, not the one
    who is 44 on the day of the scan."""
    patients = [
        Patient(
            "20000001", "MARTIN", "", "Stéphane", date(1975, 6, 3), "M", "", "", "", "", "", ""
        ),  # fmt: skip
        Patient(
            "20000002", "MARTIN", "", "Stéphane", date(1982, 7, 31), "M", "", "", "", "", "", ""
        ),  # fmt: skip
    ]
    text = "Compte rendu du 12/03/2019.\nPatient : MARTIN Stéphane, 44 ans, vu en consultation."
    (result,) = _attribute(text, patients)
    assert result[0] == "20000001"


@pytest.mark.parametrize(
    ("printed", "registered", "level"),
    [
        (date(1957, 3, 3), date(1975, 3, 3), "close"),  # two digits transposed
        (date(1957, 3, 13), date(1957, 3, 3), "close"),  # one digit off
        (date(2022, 12, 8), date(1922, 12, 8), "close"),  # a two-digit year's century
        (date(2018, 4, 15), date(2000, 4, 15), "disagree"),  # a namesake's child
    ],
)
def test_a_birth_date_is_close_only_when_a_slip_explains_it(
    printed: date, registered: date, level: str
) -> None:
    assert compare_birth_date(printed, registered) == level


def test_a_twin_is_not_notified_as_the_registered_sibling() -> None:
    """Jacqueline MARCHAND is registered; her twin brother André, born the same day, is
    not: his report is not hers to be told of."""
    families = ("DURAND", "LEROY", "MOREAU", "GARNIER", "FAURE", "BLANC", "GUERIN", "BOYER",
                "ROUSSEL", "HENRY", "PERRIN", "MORIN", "MATHIEU", "CLEMENT", "GAUTHIER")  # fmt: skip
    given = (("André", "M"), ("Claire", "F"), ("Paul", "M"), ("Anne", "F"), ("Louis", "M"))
    others = [  # a registry large enough for a rare family name and a birth date to weigh
        Patient(
            f"4{i:07d}",
            families[i % 15],
            "",
            given[i // 15 % 5][0],
            date(1930, 1, 1) + timedelta(days=i * 7919 % 30000),
            given[i // 15 % 5][1],
            *[""] * 6,
        )  # fmt: skip
        for i in range(3000)
    ]
    patients = [
        Patient("30000001", "MARCHAND", "", "Jacqueline", date(1951, 9, 1), "F", *[""] * 6),
        Patient("30000002", "KERBRAT", "", "Léa", date(1990, 2, 3), "F", *[""] * 6),
        *others,
    ]
    (result,) = _attribute("Patient : MARCHAND André, né le 01/09/1951.", patients)
    assert result[2] == ("30000001",), "control: the twin's namesake is the candidate"
    assert result[1] is not Decision.NOTIFY
    # A slip of the given name is the same person: "Lia" for Léa, same name and birth date.
    (slip,) = _attribute("Patiente : KERBRAT Lia, née le 03/02/1990.", patients)
    assert slip[:2] == ("30000002", Decision.NOTIFY)


def test_a_family_name_one_letter_off_at_its_start_is_still_close() -> None:
    """OCR and typing drop a letter anywhere: "Lfebvre" (Jaro–Winkler 0.83 to LEFEBVRE)
    written given-name first with the patient's e-mail, and "NËL" for NOËL with her street
    address, are the patients; a three-letter name is not chased into another."""
    from leakmap.link.comparisons import compare_family
    from leakmap.vocabulary import Category
    from mentions import mention

    fillers = _fillers(2000)
    vincent = Patient("18282920", "LEFEBVRE", "", "Vincent Corentin", date(1938, 1, 4), "M",
                      "", "", "", "", "vincentlefebvre38@example.com", "")  # fmt: skip
    sandrine = Patient("16493671", "NOËL", "MOREL", "Sandrine", date(1967, 11, 28), "F",
                       "59 rue de la République", "29300", "Quimperlé", "", "", "")  # fmt: skip
    registry = RegistryIndex.build([*fillers, vincent, sandrine])
    health = frozenset({Category.NAME, Category.HEALTH})
    by_mail = mention(family_name="VINCENT", given_names="Lfebvre",
                      email="vincentlefebvre38@example.com", categories=health)  # fmt: skip
    by_address = mention(family_name="NËL", given_names="Sandrine", postcode="29300",
                         address="59 rue de la République", categories=health)  # fmt: skip
    found = link_mentions([by_mail, by_address], registry, SETTINGS, today=date(2026, 11, 29))
    assert [(a.patient_id, a.decision) for a in found] == [
        ("18282920", Decision.NOTIFY),
        ("16493671", Decision.NOTIFY),
    ]
    assert compare_family(frozenset({"LFEBVRE"}), frozenset({"LEFEBVRE"})) == "close"
    assert compare_family(frozenset({"ROY"}), frozenset({"RAY"})) == "disagree"
