"""E-mails: a colleague writing about a patient, a patient writing in, a list forwarded,
a notice to all staff.

A mail exposes whoever its body names (with what the body says of them); its attachments
are documents of their own, planned here by catalogue name and made by the orchestrator,
often about the same patient as the body (``Cast.prefer_next``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leakmap.synth.contacts import ascii_fold
from leakmap.synth.establishment import HOSPITAL_SHORT, MAIL_DOMAIN
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure, exposure_of
from leakmap.synth.printed_names import print_name
from leakmap.synth.templates.desk import Desk, mention
from leakmap.vocabulary import Category

#: What a colleague writes about, the categories it reveals, the report attached.
_TOPICS = (
    (
        "sa biopsie mammaire revient positive (carcinome infiltrant), à présenter en RCP",
        (Category.PATHOLOGY, Category.ONCOLOGY),
        "breast_biopsy",
    ),  # fmt: skip
    (
        "le scanner de réévaluation montre une progression, on en parle au staff",
        (Category.IMAGING, Category.ONCOLOGY),
        "ct_scan",
    ),  # fmt: skip
    (
        "la sérologie VIH est positive, il faut la/le reconvoquer rapidement",
        (Category.LABORATORY, Category.SEXUAL_HEALTH),
        "serology",
    ),  # fmt: skip
    ("je te transmets le courrier de sortie pour le médecin traitant", (), "discharge_letter"),
    ("peux-tu relire le CR de coloscopie avant envoi ?", (), "colonoscopy"),
    (
        "hospitalisé(e) en psychiatrie depuis hier soir (SDT), la famille appelle sans cesse",
        (Category.MENTAL_HEALTH,),
        "psychiatry_note",
    ),  # fmt: skip
    ("résultats du caryotype à transmettre au couple", (Category.GENETICS,), "genetics_report"),
    ("bilan biologique ci-joint, la créatinine remonte", (Category.LABORATORY,), "biochemistry"),
    (
        "l'échographie du 2e trimestre est à refaire",
        (Category.IMAGING, Category.GYNECOLOGY_OBSTETRICS),
        "obstetric_ultrasound",
    ),  # fmt: skip
    ("reprise du sevrage prévue lundi au CSAPA", (Category.ADDICTION,), "addiction_note"),
)


@dataclass(frozen=True, slots=True)
class MailPlan:
    """A mail's headers and body, who the body exposes, and the attachments to make."""

    sender: str
    recipients: tuple[str, ...]
    subject: str
    when: date
    body: str
    exposures: tuple[Exposure, ...]
    attachments: tuple[str, ...]
    about: Person | None = None


def staff_address(person: Person) -> str:
    """``Prénom NOM <prenom.nom@ch-kerval.example>`` for a staff member."""
    local = ascii_fold(f"{person.first_given}.{person.family_name}").lower().replace(" ", "").replace("'", "")  # fmt: skip
    return f"{person.first_given} {person.family_name.upper()} <{local}@{MAIL_DOMAIN}>"


def about_patient(desk: Desk) -> MailPlan:
    """A colleague writes about a patient and attaches the report."""
    when = desk.day()
    topic, categories, attachment = desk.rng.choice(_TOPICS)
    person = desk.cast.patient(when, other_site_share=0.0)
    text, exposure = mention(desk, person, Category.HEALTH, *categories, with_birth_date=desk.rng.random() < 0.35)  # fmt: skip
    if desk.rng.random() < 0.3 and person.patient_id:
        text += f" (IPP {person.patient_id})"
        exposure = exposure_of(person, exposure.categories | {Category.HOSPITAL_ID}, families=exposure.families, given=exposure.given, shows_patient_id=True)  # fmt: skip
    sender, recipient = desk.signer(), desk.cast.staff("secrétaire médicale", "praticien hospitalier", "interne")  # fmt: skip
    body = "\n".join((desk.pick("Bonjour,", f"Salut {recipient.first_given},", "Chère collègue,", "Bonjour à tous,"), "", f"Concernant {text} : {topic}.", desk.pick("Merci d'avance.", "Bonne journée.", "Je te laisse voir avec elle/lui."), "", staff_address(sender).split(" <")[0], f"{HOSPITAL_SHORT} - poste {desk.rng.randint(2000, 4999)}"))  # fmt: skip
    subject = desk.pick(f"CR {print_name(desk.rng, person, desk.habits.names).family_text}", "Patient(e) à revoir", "urgent", "RE: dossier", f"TR: résultats {when:%d/%m}")  # fmt: skip
    attachments = (attachment,) if desk.rng.random() < 0.75 else ()
    return MailPlan(staff_address(sender), (staff_address(recipient),), subject, when, body, (exposure,), attachments, person)  # fmt: skip


def patient_writes(desk: Desk) -> MailPlan:
    """A patient writes from their own address about their care (name, e-mail, health)."""
    when = desk.day()
    person = desk.cast.patient(when, other_site_share=0.0)
    for _ in range(20):
        if person.email:
            break
        person = desk.cast.patient(when, other_site_share=0.0)
    if not person.email:
        return notice(desk)
    request, categories = desk.rng.choice((("obtenir la copie de mon dossier médical suite à ma mammographie", (Category.IMAGING,)), ("décaler mon rendez-vous de consultation d'addictologie", (Category.ADDICTION,)), ("avoir les résultats de ma prise de sang", (Category.LABORATORY,)), ("savoir si mon IRM est bien programmée", (Category.IMAGING,))))  # fmt: skip
    signed = f"{person.first_given} {person.family_name}"
    body = f"Bonjour,\n\nJe souhaiterais {request}.\nMerci de me répondre à cette adresse.\n\nCordialement,\n{signed}"  # fmt: skip
    exposure = exposure_of(person, {Category.NAME, Category.EMAIL, Category.HEALTH, *categories}, families=(person.family_name,), given=person.first_given)  # fmt: skip
    secretariat = f"secretariat.consultations@{MAIL_DOMAIN}"
    return MailPlan(f"{signed} <{person.email}>", (secretariat,), desk.pick("Demande", "rendez-vous", "Mon dossier", ""), when, body, (exposure,), ())  # fmt: skip


def list_forward(desk: Desk) -> MailPlan:
    """A list forwarded between services: the body names nobody, the attachment does."""
    when = desk.day()
    attachment = desk.pick("lab_worklist", "or_planning", "admissions_export", "tumour_board", "staff_list")  # fmt: skip
    sender, recipient = desk.cast.staff("secrétaire médicale", "cadre de santé"), desk.signer()
    body = f"Bonjour,\n\nVeuillez trouver ci-joint {desk.pick('la liste demandée', 'l extraction du jour', 'le programme de la semaine')}.\n\nCordialement,\n{sender.first_given} {sender.family_name.upper()}"  # fmt: skip
    return MailPlan(staff_address(sender), (staff_address(recipient),), desk.pick("liste", "Extraction", "programme"), when, body, (), (attachment,))  # fmt: skip


def notice(desk: Desk) -> MailPlan:
    """A notice to all staff, sometimes with a protocol or a menu attached."""
    when = desk.day()
    sender = desk.cast.staff("cadre de santé", "agent administratif")
    subject, attachment = desk.rng.choice((("Nouveau protocole AES", "protocol"), ("Menu de la semaine", "menu"), ("Réunion de service", ""), ("Note de service", "service_note")))  # fmt: skip
    body = f"Bonjour à tous,\n\n{subject} : voir pièce jointe.\n\n{sender.first_given} {sender.family_name.upper()}"  # fmt: skip
    return MailPlan(staff_address(sender), (f"tous@{MAIL_DOMAIN}",), subject, when, body, (), (attachment,) if attachment else ())  # fmt: skip
