"""Letters: discharge letters to the GP (``Cher confrère``) and appointment letters.

A discharge letter names three or four people: the patient (exposed), the GP it is
addressed to, the signing physician and a colleague in copy (professionals: not exposed,
and sometimes named like a registry patient). An appointment letter is addressed to the
patient's home, so it exposes the postal address.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import (
    ADDICTION,
    GENERAL_SERVICES,
    HOSPITAL_SHORT,
    INFECTIOLOGY,
    ONCOLOGY,
    PSYCHIATRY,
    Service,
    letterhead,
)
from leakmap.synth.french_dates import format_time
from leakmap.synth.labels import civility_word
from leakmap.synth.person import Person, Sex
from leakmap.synth.plan import Block, Exposure, Report, Style, Text, exposure_of
from leakmap.synth.printed_names import print_name, print_professional
from leakmap.synth.templates.desk import Desk, Section, clinical_report, mention
from leakmap.vocabulary import Category

#: What a stay was for, per service (the service decides the extra categories).
_STAYS = {
    "Cardiologie": (
        "un syndrome coronarien aigu ST+ traité par angioplastie de l'IVA",
        "une décompensation cardiaque globale",
        "une fibrillation atriale rapide",
    ),  # fmt: skip
    "Pneumologie": (
        "une pneumopathie franche lobaire aiguë",
        "une exacerbation de BPCO",
        "une embolie pulmonaire",
    ),  # fmt: skip
    "Neurologie": ("un AVC ischémique sylvien droit thrombolysé", "une première crise comitiale"),
    "Endocrinologie-Diabétologie": (
        "un déséquilibre de diabète de type 2 (HbA1c 11 %)",
        "une acidocétose diabétique inaugurale",
    ),  # fmt: skip
    "Oncologie médicale": (
        "une cure de chimiothérapie (FOLFIRINOX, C3) pour un adénocarcinome pancréatique",
        "une neutropénie fébrile sous chimiothérapie",
    ),  # fmt: skip
    "Psychiatrie adulte": (
        "un épisode dépressif sévère avec idées suicidaires",
        "une décompensation psychotique",
    ),  # fmt: skip
    "Addictologie - CSAPA": (
        "un sevrage alcoolique compliqué de crise convulsive",
        "une intoxication aux opiacés",
    ),  # fmt: skip
    "Maladies infectieuses - CeGIDD": (
        "une pneumocystose révélant une infection VIH",
        "une syphilis secondaire",
    ),  # fmt: skip
}
#: Share of discharge letters without a label block (the patient named in the text only).
INLINE_SHARE = 0.3
_DEFAULT_STAYS = ("une chute avec fracture du col fémoral", "une pyélonéphrite aiguë", "une altération de l'état général")  # fmt: skip


def discharge_letter(desk: Desk) -> Report:
    """A letter to the GP after a stay, with the stay's reason, treatment and follow-up."""
    service = desk.rng.choice((*GENERAL_SERVICES, ONCOLOGY, PSYCHIATRY, ADDICTION, INFECTIOLOGY))
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=16))
    gp = desk.cast.practitioner()
    reason = desk.rng.choice(_STAYS.get(service.name, _DEFAULT_STAYS))
    admitted = when - timedelta(days=desk.rng.randint(1, 15))
    patient_word = "votre patiente" if person.sex is Sex.F else "votre patient"
    inline = desk.rng.random() < INLINE_SHARE
    if inline:  # no label: the letter names the patient in its first sentence
        named, exposure = mention(desk, person, Category.HEALTH, *service.categories, with_birth_date=desk.rng.random() < 0.7)  # fmt: skip
        patient_word = f"{patient_word}, {named}"
    sections: list[Section] = [
        ("", (_greeting(desk, gp),)),
        (
            "",
            (
                f"J'ai pris en charge {patient_word}, hospitalisé{'e' if person.sex is Sex.F else ''} dans le service de {service.name} du {desk.date(admitted)} au {desk.date(when)} pour {reason}.",
            ),
        ),  # fmt: skip
        (
            "Antécédents",
            (
                desk.pick(
                    "HTA, dyslipidémie.",
                    "Diabète de type 2 sous metformine.",
                    "Appendicectomie dans l'enfance.",
                    "Pas d'antécédent notable.",
                ),
            ),
        ),  # fmt: skip
        (
            "Traitement de sortie",
            (
                desk.pick(
                    "Bisoprolol 2,5 mg, ticagrélor 90 mg x2, atorvastatine 80 mg.",
                    "Amoxicilline 1 g x3 pendant 7 jours.",
                    "Paracétamol si douleurs.",
                    "Insuline glargine 20 UI le soir.",
                ),
            ),
        ),  # fmt: skip
        (
            "Suivi",
            (
                f"Consultation de contrôle le {desk.date(when + timedelta(days=desk.rng.randint(20, 90)))}.",
                desk.pick(
                    "Je reste à votre disposition.",
                    "Bien confraternellement.",
                    "Je vous prie de croire, cher confrère, en mes sentiments les meilleurs.",
                ),
            ),
        ),  # fmt: skip
    ]
    copy_to = Text((f"Copie : {print_professional(desk.rng, desk.cast.physician())}",), Style.SMALL)
    if inline:
        return _unlabelled_letter(desk, service, when, sections, (_addressee(desk, gp), copy_to), exposure)  # fmt: skip
    return clinical_report(
        desk,
        service=service,
        title=desk.pick(
            "COMPTE RENDU D'HOSPITALISATION", "Lettre de liaison - sortie", "Courrier de sortie"
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        extra_blocks=(_addressee(desk, gp), copy_to),
        stem_prefix=desk.pick("courrier", "CRH", "lettre_sortie", "LL"),
    )


def _unlabelled_letter(
    desk: Desk,
    service: Service,
    when: date,
    sections: list[Section],
    head: tuple[Block, ...],
    exposure: Exposure,
) -> Report:
    """A letter whose only mention of the patient is in its running text."""
    blocks: list[Block] = [*head, Text((f"Quimper, le {desk.date(when)}",))]
    for heading, lines in sections:
        if heading:
            blocks.append(Text((heading,), Style.HEADING))
        blocks.append(Text(lines))
    blocks.append(desk.signature(when=when))
    return Report(
        stem=desk.stem(desk.pick("courrier", "lettre"), exposure.person, when),
        letterhead=letterhead(desk.rng, service),
        blocks=tuple(blocks),
        exposures=(exposure,),
        when=when,
    )


def _greeting(desk: Desk, gp: Person) -> str:
    if gp.sex is Sex.F:
        return desk.pick("Chère consœur,", "Chère Consœur,", f"Chère Madame {gp.family_name},")
    return desk.pick("Cher confrère,", "Cher Confrère,", "Cher ami,", f"Cher Docteur {gp.family_name},")  # fmt: skip


def _addressee(desk: Desk, gp: Person) -> Text:
    """The GP's block: a professional address, not an exposure."""
    address = gp.address
    lines = [print_professional(desk.rng, gp), "Médecin généraliste"]
    if address is not None:
        lines += [address.street, f"{address.postcode} {address.city}"]
    return Text(tuple(lines), Style.ADDRESS)


def appointment_letter(desk: Desk) -> Report:
    """A convocation to the patient's home: name and postal address, what and when."""
    service = desk.rng.choice((*GENERAL_SERVICES, ONCOLOGY, PSYCHIATRY, ADDICTION))
    when = desk.day()
    person = _patient_with_address(desk, when)
    name = print_name(desk.rng, person, desk.habits.names)
    address = person.address
    assert address is not None  # _patient_with_address guarantees it
    lines = [f"{civility_word(desk.rng, person.sex.value)} {name.text}".strip(), address.street]
    if address.extra:
        lines.append(address.extra)
    lines.append(f"{address.postcode} {address.city.upper() if desk.rng.random() < 0.5 else address.city}")  # fmt: skip
    categories = {Category.NAME, Category.ADDRESS, Category.HEALTH, *service.categories}
    shows_id = bool(person.patient_id) and desk.rng.random() < 0.4
    reference = [f"Réf. : {person.patient_id}"] if shows_id else []
    if shows_id:
        categories.add(Category.HOSPITAL_ID)
    blocks, what = _appointment_blocks(desk, person, service, when, tuple(lines), reference)
    categories |= _APPOINTMENT_REVEALS.get(what, set())
    exposure = exposure_of(
        person, categories, families=name.families, given=name.given, shows_patient_id=shows_id
    )
    return Report(
        stem=desk.stem(desk.pick("convocation", "RDV", "courrier_rdv"), person, when),
        letterhead=letterhead(desk.rng, service),
        blocks=blocks,
        exposures=(exposure,),
        when=when,
    )


def _patient_with_address(desk: Desk, when: date) -> Person:
    for _ in range(50):
        person = desk.cast.patient(when, Fit(min_age=1), other_site_share=0.0)
        if person.address is not None:
            return person
    raise RuntimeError("no registry patient with an address")


def _appointment_blocks(
    desk: Desk,
    person: Person,
    service: Service,
    when: date,
    address: tuple[str, ...],
    reference: list[str],  # fmt: skip
) -> tuple[tuple[Block, ...], str]:
    """The letter's blocks, and what the appointment is for."""
    rng: random.Random = desk.rng
    appointment = when + timedelta(days=rng.randint(7, 60))
    what = desk.pick("une consultation", "un scanner", "une IRM", "une hospitalisation de jour", "une séance de chimiothérapie" if service is ONCOLOGY else "un bilan sanguin")  # fmt: skip
    dear = "Madame," if person.sex is Sex.F else "Monsieur,"
    body = (
        dear,
        f"Nous vous prions de bien vouloir vous présenter le {desk.date(appointment)} à {format_time(rng)} au service de {service.name} ({HOSPITAL_SHORT}, {rng.choice(('bâtiment B', 'niveau 2', 'hall principal'))}) pour {what}.",  # fmt: skip
        desk.pick(
            "Merci de vous munir de votre carte Vitale et de votre pièce d'identité.",
            "Vous devez être à jeun depuis 6 heures.",
            "En cas d'empêchement, merci de prévenir le secrétariat 48 h à l'avance.",
        ),  # fmt: skip
        "Veuillez agréer l'expression de nos salutations distinguées.",
    )
    secretary = desk.cast.staff("secrétaire médicale")
    blocks = (
        Text(address, Style.ADDRESS),
        Text((f"Quimper, le {desk.date(when)}", *reference), Style.BODY),
        Text(
            (f"Objet : {desk.pick('Convocation', 'Rendez-vous', 'Votre prochain rendez-vous')}",),
            Style.HEADING,
        ),  # fmt: skip
        Text(body, Style.BODY),
        Text(
            (f"Le secrétariat - {secretary.first_given} {secretary.family_name.upper()}",),
            Style.SIGNATURE,
        ),  # fmt: skip
    )
    return blocks, what


#: What an appointment's purpose reveals beyond the service's own categories.
_APPOINTMENT_REVEALS = {
    "un scanner": {Category.IMAGING},
    "une IRM": {Category.IMAGING},
    "un bilan sanguin": {Category.LABORATORY},
    "une séance de chimiothérapie": {Category.ONCOLOGY},
}
