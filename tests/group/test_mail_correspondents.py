"""Whose contact is it: a mail's correspondents and a letterhead's phones are not the
patient's; what is printed as the patient's is."""

from __future__ import annotations

from datetime import date
from email import policy
from email.message import EmailMessage

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.registry import extract_file
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.synth.render_legacy import outlook_message
from leakmap.vocabulary import Category, FileKind
from leakmap.walk.leaked_file import LeakedFile, LeakPath

SETTINGS = ScanSettings(workers=1)
PEOPLE = (
    ("DUPONT", "Marie", date(1965, 3, 12)),
    ("KERMARREC", "Yann", date(1970, 1, 1)),
    ("LE GALL", "Sophie", date(1975, 1, 1)),
    ("BERNARD", "Luc", date(1950, 5, 4)),
)


def _context(people: tuple[tuple[str, str, date], ...]) -> DetectionContext:
    """Detection against a registry of ``people`` (family, given, birth date)."""
    patients = [
        Patient(f"0012000{i}", family, "", given, born, "F", "", "", "", "", "", "")
        for i, (family, given, born) in enumerate(people)
    ]
    return DetectionContext(NameIndex.build(patients), SETTINGS, date(2026, 12, 1))


CONTEXT = _context(PEOPLE)
STAFF_SIGNATURE = (
    "Bien cordialement,\nDr Yann KERMARREC\nService d'oncologie\n"
    "Secrétariat : 02 98 00 00 00 — Fax 02 98 00 00 01\n"
)


def _mentions(name: str, data: bytes, kind: FileKind) -> tuple[PersonMention, ...]:
    leaked = LeakedFile(LeakPath.parse(name), "ab" * 32, len(data), kind, content=data)
    document = extract_file(leaked, SETTINGS)
    return group_mentions(detect_document(document, CONTEXT), document)


def _mail(sender: str, to: str, body: str, *, cc: str = "", subject: str = "Dossier") -> bytes:
    message = EmailMessage(policy=policy.default)
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 +0100"
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


def _by_family(mentions: tuple[PersonMention, ...]) -> dict[str, PersonMention]:
    return {m.family_name: m for m in mentions}


def test_staff_addresses_and_signature_phones_are_not_the_patients() -> None:
    body = (
        "Bonjour,\n\nConcernant Mme DUPONT Marie née le 12/03/1965 : la biopsie revient "
        "positive (carcinome infiltrant), à présenter en RCP.\n\n" + STAFF_SIGNATURE
    )
    data = _mail(
        "Dr Yann KERMARREC <dr.kermarrec@chu-exemple.fr>",
        "Sophie LE GALL <sophie.legall@chu-exemple.fr>",
        body,
        cc="secretariat.onco@chu-exemple.fr",
    )
    found = _by_family(_mentions("rcp.eml", data, FileKind.EML))
    assert set(found) == {"DUPONT"}  # the sender and the recipient are no exposures
    patient = found["DUPONT"]
    assert (patient.email, patient.phone) == ("", "")
    assert not {Category.EMAIL, Category.PHONE} & patient.categories
    assert Category.ONCOLOGY in patient.categories


def test_an_unsigned_signature_phone_stays_with_the_sender() -> None:
    body = (
        "Salut Sophie,\n\nConcernant M. BERNARD Luc : bilan biologique ci-joint.\n"
        "Merci d'avance.\n\nYann KERMARREC\nCHU - poste 2345\n02 98 11 22 33\n"
        "yann.kermarrec@chu-exemple.fr\n"
    )
    data = _mail(
        "Yann KERMARREC <yann.kermarrec@chu-exemple.fr>",
        "Sophie LE GALL <sophie.legall@chu-exemple.fr>",
        body,
    )
    found = _by_family(_mentions("bilan.eml", data, FileKind.EML))
    assert set(found) == {"BERNARD"}
    assert (found["BERNARD"].email, found["BERNARD"].phone) == ("", "")


def test_a_patient_writing_in_keeps_their_own_address() -> None:
    body = (
        "Bonjour,\n\nJe souhaiterais avoir les résultats de ma prise de sang.\n"
        "Merci de me répondre à cette adresse.\n\nCordialement,\nMarie DUPONT\n"
    )
    data = _mail(
        "Marie DUPONT <marie.dupont65@exemple-mail.fr>",
        "secretariat.consultations@chu-exemple.fr",
        body,
        cc="dr.kermarrec@chu-exemple.fr",
    )
    mentions = _mentions("demande.eml", data, FileKind.EML)
    assert {m.family_name for m in mentions} == {"DUPONT"}
    emails = {m.email for m in mentions} - {""}
    assert emails == {"marie.dupont65@exemple-mail.fr"}  # never the secretariat's
    assert any(Category.EMAIL in m.categories for m in mentions)


def test_the_hospital_writing_to_a_patient_leaves_the_patient_their_address() -> None:
    body = (
        "Madame DUPONT Marie,\n\nVotre rendez-vous de consultation est confirmé.\n\n"
        "Cordialement,\nLe secrétariat\n02 98 00 00 00\n"
    )
    data = _mail(
        "Secrétariat <secretariat.consultations@chu-exemple.fr>",
        "Marie DUPONT <marie.dupont65@exemple-mail.fr>",
        body,
    )
    mentions = _mentions("rdv.eml", data, FileKind.EML)
    assert {m.email for m in mentions} - {""} == {"marie.dupont65@exemple-mail.fr"}
    assert {m.phone for m in mentions} == {""}


def test_letterhead_phones_are_not_the_patients_and_the_identity_block_phone_is() -> None:
    letter = (
        "CHU EXEMPLE — Service de cardiologie\nTél. 02 98 22 33 44\n"
        "cardio.secretariat@chu-exemple.fr\n\nBrest, le 03/03/2026\n\n"
        "M. BERNARD Luc né le 04/05/1950, vu pour une insuffisance cardiaque.\n"
        "Traitement inchangé.\n\nCardiologie - bureau 12\n02 98 22 33 99\n"
    )
    [letterhead] = _mentions("courrier.txt", letter.encode(), FileKind.TXT)
    assert (letterhead.phone, letterhead.email) == ("", "")
    assert Category.PHONE not in letterhead.categories
    label = (
        "Patient : BERNARD Luc\nNé le 04/05/1950\nTél : 06 12 34 56 78\n"
        "Mail : luc.bernard50@exemple-mail.fr\n\nCompte rendu : insuffisance cardiaque.\n"
    )
    [own] = _mentions("etiquette.txt", label.encode(), FileKind.TXT)
    assert (own.phone, own.email) == ("+33612345678", "luc.bernard50@exemple-mail.fr")
    assert {Category.PHONE, Category.EMAIL} <= own.categories


def test_a_forwarded_chain_keeps_every_correspondent_off_the_patient() -> None:
    body = (
        "Pour info, voir ci-dessous.\n\nYann KERMARREC\n\n"
        "De : Sophie LE GALL <sophie.legall@chu-exemple.fr>\n"
        "Envoyé : lundi 2 mars 2026 09:12\nÀ : Yann KERMARREC <yann.kermarrec@chu-exemple.fr>\n"
        "Objet : BERNARD\n\nM. BERNARD Luc né le 04/05/1950 est sorti ce matin.\n"
        "Bonne journée,\nSophie LE GALL\nSecrétariat de cardiologie\n02 98 22 33 44\n"
    )
    data = _mail("Yann KERMARREC <yann.kermarrec@chu-exemple.fr>", "dim@chu-exemple.fr", body)
    found = _by_family(_mentions("tr.eml", data, FileKind.EML))
    assert set(found) == {"BERNARD"}
    assert (found["BERNARD"].email, found["BERNARD"].phone) == ("", "")


def test_a_signed_mail_to_a_patient_is_about_the_patient_not_the_sender() -> None:
    body = (
        "Madame DUPONT Marie,\n\nVos résultats sont disponibles.\n\n"
        "Cordialement,\nSophie LE GALL\nSecrétariat de cardiologie\n"
    )
    data = _mail(
        "Sophie LE GALL <sophie.legall@chu-exemple.fr>",
        "Marie DUPONT <marie.dupont65@exemple-mail.fr>",
        body,
    )
    mentions = _mentions("resultats.eml", data, FileKind.EML)
    assert {m.family_name for m in mentions} == {"DUPONT"}
    assert {m.email for m in mentions} - {""} == {"marie.dupont65@exemple-mail.fr"}


def test_an_outlook_message_between_staff_gives_the_patient_no_address() -> None:
    data = outlook_message(
        sender="Yann KERMARREC <yann.kermarrec@chu-exemple.fr>",
        to="Sophie LE GALL <sophie.legall@chu-exemple.fr>",
        subject="Sortie",
        body="Bonjour,\r\n\r\nM. BERNARD Luc né le 04/05/1950 sort demain.\r\n\r\n"
        "Cordialement,\r\nYann KERMARREC\r\n02 98 11 22 33\r\n",
        attachments={},
    )
    found = _by_family(_mentions("sortie.msg", data, FileKind.MSG))
    assert set(found) == {"BERNARD"}
    assert (found["BERNARD"].email, found["BERNARD"].phone) == ("", "")


def test_a_relatives_phone_goes_to_the_relative_never_to_the_patient() -> None:
    named = (
        "Patient : BERNARD Luc\nNé le 04/05/1950\nTél : 06 55 44 33 22\n"
        "Personne à prévenir : Sophie LE GALL (fille) 06 11 22 33 44\n\nCR : pneumopathie.\n"
    )
    found = _by_family(_mentions("etiquette.txt", named.encode(), FileKind.TXT))
    assert found["BERNARD"].phone == "+33655443322"
    assert found["LE GALL"].phone == "+33611223344"
    assert found["LE GALL"].role.value == "third_party"
    unnamed = "Patient : BERNARD Luc\nNé le 04/05/1950\nPersonne à prévenir : 06 11 22 33 44\n"
    [patient] = _mentions("etiquette.txt", unnamed.encode(), FileKind.TXT)
    assert patient.phone == ""


def test_a_patient_sharing_a_correspondents_family_name_and_initial_stays_a_patient() -> None:
    """The secretary Florence BERNARD sends a call-back list to Léa BERNARD, and M. BERNARD
    Luc is on it: same family name and initial as Léa, another person."""
    body = (
        "Bonjour,\n\nPatients à rappeler :\n"
        "- BERNARD Luc, 04/05/50, tél 06 39 98 91 10 : chute à domicile, RDV à reprogrammer\n"
        "- DUPONT Marie, 12/03/65 : résultats à donner\n\nMerci,\nFlorence BERNARD\nSecrétariat\n"
    )
    data = _mail(
        "Florence BERNARD <florence.bernard@chu-exemple.fr>",
        "Sophie LE GALL <sophie.legall@chu-exemple.fr>, Léa BERNARD <lea.bernard@chu-exemple.fr>",
        body,
        subject="Rappels",
    )
    # Léa BERNARD is a patient of her own hospital too: her name on the To line is read.
    context = _context(
        (*PEOPLE, ("BERNARD", "Léa", date(1990, 2, 2)), ("BERNARD", "Florence", date(1970, 3, 3)))
    )
    leaked = LeakedFile(
        LeakPath.parse("rappels.eml"), "ab" * 32, len(data), FileKind.EML, content=data
    )
    document = extract_file(leaked, SETTINGS)
    mentions = group_mentions(detect_document(document, context), document)
    patients = {(m.family_name, m.given_names) for m in mentions if m.role.value != "clinician"}
    assert patients == {("BERNARD", "Luc"), ("DUPONT", "Marie")}
    luc = next(m for m in mentions if m.given_names == "Luc")
    assert luc.birth_date == date(1950, 5, 4)
