"""Registry-guided names in their written forms, roles, and detection over a document."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.findings import DocumentFindings, IdentifierKind, Role
from leakmap.detect.identifiers.place import Place
from leakmap.detect.names import NameIndex, find_registry_names
from leakmap.detect.text import fold, tokenize
from leakmap.extract.document import ExtractedDocument, TableRow, TextBlock
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, FileKind, ReadStatus


def _names(text: str, index: NameIndex) -> list[tuple[str, str, str]]:
    folded = fold(text)
    hits = find_registry_names(folded, tokenize(folded), index, Place(1, block=0), text)
    return [(h.family_key, h.given_key, h.role.value) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUPONT Marie Claire", ("DUPONT", "MARIE CLAIRE")),
        ("Marie DUPONT", ("DUPONT", "MARIE")),
        ("dupont marie", ("DUPONT", "MARIE")),
        ("LE GOFF Yann", ("LE GOFF", "YANN")),
        ("LEGOFF Yann", ("LEGOFF", "YANN")),
        ("Le Goff Yann", ("LE GOFF", "YANN")),
        ("MOREAU-VASSEUR Jean-Pierre", ("MOREAU VASSEUR", "JEAN PIERRE")),
        ("PETITJEAN Helene", ("PETITJEAN", "HELENE")),
        ("Jean Pierre MOREAU VASSEUR", ("MOREAU VASSEUR", "JEAN PIERRE")),
    ],
)
def test_registry_names_in_written_forms(
    text: str, expected: tuple[str, str], patients: list[Patient]
) -> None:
    assert _names(text, NameIndex.build(patients)) == [(*expected, "unknown")]


def test_married_and_birth_names_make_one_hit(patients: list[Patient]) -> None:
    index = NameIndex.build(patients)
    folded = fold("Mme DURAND épouse MARTIN Jeanne")
    hits = find_registry_names(
        folded, tokenize(folded), index, Place(1, block=0), "Mme DURAND épouse MARTIN Jeanne"
    )
    # Mrs MARTIN (her husband's name, in use), born DURAND.
    assert len(hits) == 1 and hits[0].given_key == "JEANNE"
    assert (hits[0].family_name, hits[0].birth_name) == ("MARTIN", "DURAND")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Dr Anne LEROY", Role.CLINICIAN),
        ("Validé par : LEROY Anne", Role.CLINICIAN),
        ("Anne LEROY (Interne)", Role.CLINICIAN),
        ("Personne à prévenir : LEROY Anne", Role.THIRD_PARTY),
        ("Patiente : LEROY Anne", Role.UNKNOWN),
        # A protocol's signature table: the header names the steps, the line under it staff.
        ("Rédaction   Vérification   Approbation\nDr Paul MERCIER   Anne LEROY", Role.CLINICIAN),
        ("Compte rendu de consultation\nAnne LEROY revue ce jour", Role.UNKNOWN),
    ],
)
def test_roles_from_titles_and_relations(text: str, role: Role, patients: list[Patient]) -> None:
    assert _names(text, NameIndex.build(patients))[0][2] == role.value


def test_a_family_name_alone_is_not_a_name(patients: list[Patient]) -> None:
    assert (
        _names("Le patient est revenu durand la nuit, petitjean absent", NameIndex.build(patients))
        == []
    )


def test_detect_document_blocks_rows_and_health(patients: list[Patient]) -> None:
    context = DetectionContext(
        NameIndex.build(patients), ScanSettings(workers=1), date(2026, 11, 29)
    )
    document = ExtractedDocument(
        path="cr.pdf",
        sha256="0" * 64,
        kind=FileKind.PDF,
        status=ReadStatus.READ,
        pages=1,
        blocks=(
            TextBlock(1, "COMPTE RENDU D'ANATOMOPATHOLOGIE\nDUPONT Marie Claire\nNée le 12/03/1965\n"
                         "IPP : 10000001\nBiopsie mammaire : carcinome canalaire infiltrant.\nDr Anne LEROY"),
        ),
        rows=(TableRow("Liste", 1, (("Nom", "ZARKOVIC"), ("Prénom", "Milan"), ("DDN", "10/10/1990"),
                                     ("Examen", "Sérologie VIH"))),),
    )  # fmt: skip
    findings = detect_document(document, context)
    kinds = {(i.kind, i.value) for i in findings.identifiers}
    assert (IdentifierKind.BIRTH_DATE, "1965-03-12") in kinds
    assert (IdentifierKind.IPP, "10000001") in kinds
    assert (IdentifierKind.BIRTH_DATE, "1990-10-10") in kinds
    assert {Category.PATHOLOGY, Category.ONCOLOGY, Category.HEALTH} <= findings.health_categories
    assert Category.SEXUAL_HEALTH not in findings.health_categories  # row-level only
    roles = {(n.family_key, n.role) for n in findings.names}
    assert ("LEROY", Role.CLINICIAN) in roles and ("DUPONT", Role.UNKNOWN) in roles


def test_a_hyphenated_family_name_is_not_a_given_name_plus_family() -> None:
    """ "Noémi NICOLAS-GAUTIER" is not the registry's GAUTIER with given names "Noémi
    Nicolas": the hyphen binds NICOLAS to the family name."""
    registry = [
        Patient("1", "GAUTIER", "", "Frédéric Nicolas", date(1979, 9, 18), "M", *[""] * 6),
        Patient("2", "GAUTIER", "LEGRAND", "Noémi Claire", date(1946, 2, 18), "F", *[""] * 6),
    ]
    index = NameIndex.build(registry)
    assert _names("La Direction - Noémi NICOLAS-GAUTIER", index) == []
    assert _names("La Direction - Noémi NICOLAS GAUTIER", index) == [
        ("GAUTIER", "NOEMI NICOLAS", "unknown")
    ]


def test_an_absence_sheets_rows_are_staff_with_their_leave_as_health(
    patients: list[Patient],
) -> None:
    """Reasons for absence only an employer records ("Longue maladie", "Congé maternité"):
    the rows name employees (role staff), and the reason is their health; a consultation
    planning's "Motif" (why a patient comes) leaves its people patients."""
    context = DetectionContext(NameIndex.build(patients), ScanSettings(), date(2026, 11, 29))
    headers = ("Nom", "Prénom", "Service", "Début", "Fin", "Motif")
    absences = ExtractedDocument(
        "absences.xlsx", "7" * 64, FileKind.XLSX, ReadStatus.READ, pages=1,
        rows=(
            TableRow("Feuil1", 1, tuple(zip(headers, ("LEROY", "Anne", "CARDIO", "06/04/2023",
                                                      "25/04/2023", "Congé maternité"),
                                            strict=True))),
            TableRow("Feuil1", 2, tuple(zip(headers, ("DUPONT", "Marie", "CHIR VISC",
                                                      "08/11/2022", "12/11/2022", "RTT"),
                                            strict=True))),
            TableRow("Feuil1", 3, tuple(zip(headers, ("MARTIN", "Paul", "ONCO", "02/01/2023",
                                                      "20/01/2023", "Accident du travail"),
                                            strict=True))),
        ),
    )  # fmt: skip
    planning = ExtractedDocument(
        "planning.xlsx", "8" * 64, FileKind.XLSX, ReadStatus.READ, pages=1,
        rows=(TableRow("Feuil1", 1, (("Heure", "08h00"), ("Nom", "DUPONT"),
                                      ("Prénom", "Marie"), ("Motif", "Post-op"))),),
    )  # fmt: skip
    found = detect_document(absences, context)
    assert {(n.family_name, n.role) for n in found.names} == {
        ("LEROY", Role.STAFF),
        ("DUPONT", Role.STAFF),
        ("MARTIN", Role.STAFF),
    }
    assert Category.GYNECOLOGY_OBSTETRICS in {e.category for e in found.health}
    # A work accident is an injury; the service is not their care.
    assert {e.term for e in found.health} == {"MATERNITE", "ACCIDENT DU TRAVAIL"}
    assert {n.role for n in detect_document(planning, context).names} == {Role.UNKNOWN}


@pytest.mark.parametrize(
    ("line", "family", "given"),
    [
        (
            "Personne à prévenir : Isabelle LEFÈVRE (voisine) - 06.39.98.93.58",
            "LEFÈVRE",
            "Isabelle",
        ),
        ("Contact : Frédéric LE ROUX (père) - 06 39 98 88 23", "LE ROUX", "Frédéric"),
        ("Personne de confiance : Paul MARTIN, fils", "MARTIN", "Paul"),
        ("Vu ce jour avec Frédéric LE ROUX (père).", "LE ROUX", "Frédéric"),
    ],
)
def test_relatives_named_as_contacts_are_third_parties(
    line: str, family: str, given: str, patients: list[Patient]
) -> None:
    """Whom to call and who is who to the patient: a relative, exposed as a person (an
    unregistered one), never mistaken for the patient, whatever the registry knows."""
    context = DetectionContext(NameIndex.build(patients), ScanSettings(), date(2026, 11, 29))
    document = ExtractedDocument(
        "psy.txt", "9" * 64, FileKind.TXT, ReadStatus.READ, pages=1,
        blocks=(TextBlock(1, f"ENTRETIEN PSYCHIATRIQUE\nEntourage\n{line}\n"),),
    )  # fmt: skip
    names = {
        (n.family_name, n.given_names, n.role) for n in detect_document(document, context).names
    }
    assert (family, given, Role.THIRD_PARTY) in names


@pytest.mark.parametrize(
    "text",
    [
        "Compte rendu validé par M. THOMAS\nSigné électroniquement le 02/03/2024",
        "Courrier de M. PERROT\nPage 1/2",
    ],
)
def test_a_civil_title_does_not_take_the_next_lines_word_as_given_name(
    text: str, patients: list[Patient]
) -> None:
    context = DetectionContext(NameIndex.build(patients), ScanSettings(), date(2026, 11, 29))
    document = ExtractedDocument(
        "cr.txt", "a" * 64, FileKind.TXT, ReadStatus.READ, pages=1, blocks=(TextBlock(1, text),)
    )
    givens = {n.given_names for n in detect_document(document, context).names}
    assert not givens & {"Signé", "Page"}


def _found(text: str, people: list[Patient]) -> DocumentFindings:
    """Detection over one plain-text document, with ``people`` as the registry."""
    context = DetectionContext(NameIndex.build(people), ScanSettings(), date(2026, 11, 29))
    document = ExtractedDocument(
        "doc.txt", "b" * 64, FileKind.TXT, ReadStatus.READ, pages=1, blocks=(TextBlock(1, text),)
    )
    return detect_document(document, context)


def _person(pid: str, family: str, given: str, born: date, birth_name: str = "") -> Patient:
    return Patient(pid, family, birth_name, given, born, "F", *[""] * 6)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("KERGOAT NÉE LAURENT ADÈLE", ("KERGOAT", "ADÈLE", "LAURENT")),
        ("EL AMRANI LUCIE", ("EL AMRANI", "LUCIE", "")),
        ("DOS SANTOS MARC", ("DOS SANTOS", "MARC", "")),
    ],
)
def test_a_capitals_label_above_a_birth_date_reads_particles_and_birth_names(
    label: str, expected: tuple[str, str, str], patients: list[Patient]
) -> None:
    """Unknown to the registry (a patient of another site), read from its shape alone."""
    text = f"CH Kerval - HÉPATO-GASTRO-ENTÉROLOGIE\n{label}\nNE(E) LE 17 FÉVRIER 1990  F\n"
    names = {(n.family_name, n.given_names, n.birth_name) for n in _found(text, patients).names}
    assert expected in names


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("À prévenir : Agnès LEROUX (voisine) - 06 39 98 67 28", Role.THIRD_PARTY),
        ("Entourage : Catherine ROUX (nièce) - +33 1 99 00 09 79", Role.THIRD_PARTY),
        ("Présent à l'entretien : Christophe DURAND (fils).", Role.THIRD_PARTY),
        ("Mme Catherine ROUX épouse LEROUX, née le 03/03/1960", Role.UNKNOWN),
        ("Agnès LEROUX, fille de Mme ROUX, vue ce jour.", Role.UNKNOWN),
    ],
)
def test_a_registry_namesake_named_as_a_relative_is_a_third_party(line: str, role: Role) -> None:
    """The registry knows these names; the words around them say who they are here."""
    people = [
        _person("1", "LEROUX", "Agnès", date(1957, 3, 3)),
        _person("2", "ROUX", "Catherine", date(1960, 3, 3)),
        _person("3", "DURAND", "Christophe", date(1960, 3, 3)),
    ]
    names = _found(f"OBSERVATION\n{line}\n", people).names
    assert names, "control: the name is found"
    assert names[0].role is role


@pytest.mark.parametrize(
    "line", ["Mme DUPONT Lucie née MARTIN, 67 ans", "DUPONT LUCIE NÉE MARTIN\nNE(E) LE 03/03/1957"]
)
def test_a_birth_name_after_the_given_names_is_read(line: str) -> None:
    people = [
        _person("1", "DUPONT", "Lucie", date(1957, 3, 3), birth_name="MARTIN"),
        _person("2", "MARTIN", "Paul", date(1960, 3, 3)),
    ]
    names = _found(f"Compte rendu.\n{line}\n", people).names
    assert [(n.family_name.upper(), n.birth_name.upper()) for n in names] == [("DUPONT", "MARTIN")]


def test_a_document_that_capitalises_given_names_is_read_its_way() -> None:
    """Its label says "Nom : Faure  Prénom : JULIE": the newborn "TIMÉO Faure" below is a
    Faure, not a Timéo."""
    text = (
        "SALLE DE NAISSANCE - Compte rendu\nNom : Faure Prénom : JULIE Âge : 18 ans\n"
        "Nouveau-né : TIMÉO Faure\nNé le 22/06/2020 à 14h44 - sexe : garçon\n"
    )
    found = _found(text, [_person("32433552", "FAURE", "Julie", date(2002, 3, 3))])
    assert {(n.family_name, n.given_names) for n in found.names} == {
        ("Faure", "JULIE"),
        ("Faure", "TIMÉO"),
    }


def test_a_labelled_form_wins_over_a_registry_reading_of_its_given_names() -> None:
    """ROBERT is a registry family name, but after "Prénom(s) :" it is a given name; the
    form's "Id. patient" is the IPP, not a person named Id."""
    people = [
        _person("34356266", "BOYER", "Robert Yannick Nicolas", date(1965, 7, 21)),
        _person("2", "ROBERT", "Yannick", date(1970, 1, 1)),
    ]
    text = (
        "Service Imagerie médicale\nNom de naissance : BOYER\nPrénom(s) : Robert Yannick Nicolas\n"
        "Âge : 55 ans\nSexe : M\nId. patient 3435 6266\nRADIOGRAPHIE THORACIQUE DE FACE\n"
    )
    found = _found(text, people)
    assert [(n.family_name, n.given_names) for n in found.names] == [
        ("BOYER", "Robert Yannick Nicolas")
    ]
    assert ("ipp", "34356266") in {(i.kind.value, i.value) for i in found.identifiers}


def test_a_family_name_followed_by_a_given_name_that_completes_a_compound() -> None:
    """LEMOINE MARTIN is a registry family name, but "LEMOINE Martin (10/05/1979)" in an
    RCP list is Martin LEMOINE: the compound has no given name after it, the shorter name
    has one."""
    people = [
        _person("15983275", "LEMOINE", "Martin", date(1979, 5, 10)),
        _person("2", "LEMOINE MARTIN", "Claire", date(1950, 1, 1)),
    ]
    index = NameIndex.build(people)
    assert _names("LEMOINE Martin (10/05/1979) | Adénocarcinome colique", index) == [
        ("LEMOINE", "MARTIN", "unknown")
    ]
    assert _names("LEMOINE MARTIN Claire", index) == [("LEMOINE MARTIN", "CLAIRE", "unknown")]


@pytest.mark.parametrize(
    "block",
    [
        "Nom de naissance : KERGOAT\nPrénom(s) de naissance : Yvonne Marie\nNom utilisé : LE BIHAN\n"
        "Prénom utilisé : Yvonne\nDate de naissance : 07/03/1948\nSexe : F",
        "NOM DE NAISSANCE KERGOAT\nPRÉNOMS YVONNE MARIE\nNOM UTILISÉ LE BIHAN\nNÉE LE 07/03/1948",
        "Nom de naissance : KERGOAT Nom d'usage : LE BIHAN Prénoms : Yvonne Marie Née le 07/03/1948",
    ],
)
@pytest.mark.parametrize("registered", [True, False])
def test_an_identity_vigilance_block_is_one_person_with_two_names(
    block: str, registered: bool
) -> None:
    """The INS layout's labels ("Prénom(s) de naissance", "Nom utilisé"), in any case:
    Mrs LE BIHAN born KERGOAT, whether or not the registry knows her."""
    people = [_person("00412345", "LE BIHAN", "Yvonne Marie", date(1948, 3, 7), "KERGOAT")]
    found = _found(f"Compte rendu d'hospitalisation.\n{block}\n", people if registered else [])
    assert [
        (n.family_name.upper(), n.given_names.upper(), n.birth_name.upper()) for n in found.names
    ] == [("LE BIHAN", "YVONNE MARIE", "KERGOAT")]


def test_a_spouses_name_hyphenated_to_the_registry_name_is_one_family_name() -> None:
    """The registry knows KERGOAT Yvonne; the letter writes her "KERGOAT-LE BIHAN Yvonne"."""
    people = [_person("00412345", "KERGOAT", "Yvonne", date(1948, 3, 7))]
    found = _found("Compte rendu.\nPatiente : KERGOAT-LE BIHAN Yvonne, 07/03/1948\n", people)
    assert [(n.family_name, n.given_names) for n in found.names] == [("KERGOAT-LE BIHAN", "Yvonne")]


@pytest.mark.parametrize(
    ("line", "registry", "expected"),
    [
        ("Nouveau-né : Le Goff Nathan", False, ("Le Goff", "Nathan")),
        ("Nouveau-né : Nathan Le Goff", True, ("Le Goff", "Nathan")),  # the registry says
        ("Service Gynécologie Obstétrique", False, None),
        ("Mme Rosette Moreau", False, ("Moreau", "Rosette")),  # a known given name first
    ],
)
def test_a_name_in_title_case_above_a_birth_date_is_a_person(
    line: str, registry: bool, expected: tuple[str, str] | None
) -> None:
    """A newborn's name, in title case on its own line above "Né le …": no capitals say
    which word is the family name, the registry's names do (else NOM first)."""
    people = [_person("1", "LE GOFF", "Karine", date(1975, 3, 21))] if registry else []
    found = _found(f"Accouchement\n{line}\nNé le 11-02-2020 à 12:13 - sexe : garçon\n", people)
    names = [(n.family_name, n.given_names) for n in found.names]
    assert names == ([expected] if expected else [])


def test_a_fixed_width_edition_with_dotted_leaders_is_read_by_its_labels() -> None:
    """ "NOM ....... : NEDELEK" / "PRENOM(S) ...... : ROGER": an old system's patient sheet.
    The family name is misspelt (the registry says NÉDÉLEC), so only the labels can name
    the person; the leader and the capital "(S)" must not hide them."""
    text = (
        "CENTRE HOSPITALIER - EDITION DES FICHES PATIENTS - 14/02/2020\n"
        "NOM ............... : NEDELEK\r\n"
        "NOM DE NAISSANCE ... : LE GALL\r\n"
        "PRENOM(S) ......... : ROGER\r\n"
        "NE(E) LE .......... : 05051932\r\n"
        "SEXE .............. : M\r\n"
    )
    found = _found(text, [_person("07066506", "NÉDÉLEC", "Roger", date(1932, 5, 5))])
    assert [(n.family_name, n.given_names, n.birth_name) for n in found.names] == [
        ("NEDELEK", "ROGER", "LE GALL")
    ]


def test_a_given_name_label_ends_at_the_next_name_label() -> None:
    """A lab report's header on one line, "Nom : X Prénom : Y Nom de naissance : Z": the
    given names stop at "Nom", so the form still names Y, born Z."""
    text = (
        "Laboratoire de biologie médicale\n"
        "Nom : MATHIEU Prénom : CHRISTELLE Nom de naissance : LE GOFF\n"
        "Né(e) le : 15/09/1940 Sexe : F\n"
    )
    person = _person("10939318", "MATHIEU", "Christelle", date(1940, 9, 15), birth_name="LE GOFF")
    found = _found(text, [person])
    assert {(n.family_name, n.given_names, n.birth_name) for n in found.names} == {
        ("MATHIEU", "CHRISTELLE", "LE GOFF")
    }


def test_a_call_back_lists_misspelt_name_is_read_before_its_date() -> None:
    """A secretary's list pasted in a mail: "- NOM Prénom, date, phone : motive". The date
    after the name opening the line is the person's birth; a name the registry holds under
    another spelling (ROUSSO for ROUSSEAU) is found there too, with that birth date, for
    linkage to weigh; a line that opens with an exam, not a name, gives no one."""
    context = DetectionContext(
        NameIndex.build([Patient("1", "ROUSSEAU", "", "Georges", date(1964, 1, 31), "M", *[""] * 6)]),
        ScanSettings(workers=1, use_ner=False),
        date(2026, 12, 1),
    )  # fmt: skip
    text = (
        "Patients à rappeler :\n"
        "- ROUSSO Georges, 31/01/1964, +33 (0)1 99 00 43 82 : ivresse aiguë, résultats à donner\n"
        "- SCANNER Thoracique, 12/03/2024 : à reprogrammer\n"
    )
    document = ExtractedDocument(
        "rappels.txt", "9" * 64, FileKind.TXT, ReadStatus.READ, pages=1, blocks=(TextBlock(1, text),)
    )  # fmt: skip
    found = detect_document(document, context)
    assert [(n.family_name, n.given_names) for n in found.names] == [("ROUSSO", "Georges")]
    births = [i.value for i in found.identifiers if i.kind is IdentifierKind.BIRTH_DATE]
    assert births == ["1964-01-31"]
