"""A secretary's e-mail pasting a call-back list into its body, as an RFC 822 ``.eml``.

What such mails hold: staff in From/To/Cc (``Prénom NOM <prenom.nom@...>``, exposing
nobody), a greeting, the list pasted as free-text lines
(``- DUPONT Marie (née MARTIN), 12/03/1961, tél 06 12 34 56 78 : résultats bHCG à
rappeler``), a signature with the service's phone, and sometimes the same list attached
as the CSV it was copied from (semicolon separated, Windows-1252, as Excel saves it).
Each patient is exposed with their line's name, birth date, phone and motive only.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import HOSPITAL, HOSPITAL_PHONE, MAIL_DOMAIN
from leakmap.synth.families.callback_html import phone_text
from leakmap.synth.families.clinical import ANALYSES, CONSULTATIONS, MOTIVES, Finding, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.misspellings import maybe_misspell
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.synth.templates.mails import staff_address
from leakmap.vocabulary import Category, FileKind

_PARIS = timezone(timedelta(hours=1))
_SERVICES = ("Gynécologie", "Consultations externes", "Cardiologie", "Oncologie", "Addictologie", "Médecine interne")  # fmt: skip
_ENDINGS = ("à rappeler", "à rappeler SVP", "RDV à reprogrammer", "résultats à donner", "pas joignable, relancer")  # fmt: skip
_SUBJECTS = ("Liste des rappels {day:%d/%m}", "TR: patients à rappeler", "rappels semaine {week}", "RE: liste rappels", "A rappeler urgent")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One mail listing 3 to 25 patients, the CSV attached in about one mail out of three."""
    day = working_day(rng)
    service = rng.choice(_SERVICES)
    sender = cast.staff("secrétaire médicale")
    recipients = list(dict.fromkeys(staff_address(cast.staff("praticien hospitalier", "infirmière", "secrétaire médicale")) for _ in range(rng.randint(1, 3))))  # fmt: skip
    copies = [staff_address(cast.staff("cadre de santé", "secrétaire médicale")) for _ in range(rng.randint(0, 2))]  # fmt: skip
    lines: list[str] = []
    rows: list[list[str]] = []
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(3, 25), day):
        line, row, exposure = _line(rng, person, day)
        lines.append(line)
        rows.append(row)
        exposures.append(exposure)
    signature = f"{sender.first_given} {upper(sender.family_name, keep_accents=True)}\nSecrétariat {service}\n{HOSPITAL}\nTél. : {HOSPITAL_PHONE[:-2]}{rng.randint(10, 99)}"  # fmt: skip
    body = f"{rng.choice(('Bonjour,', 'Bonjour à tous,', 'Bonjour Docteur,'))}\n\n{rng.choice(('Voici la liste des patients à rappeler :', 'Ci-dessous les rappels du jour.', 'Pouvez-vous rappeler les patients suivants :'))}\n\n" + "\n".join(lines) + f"\n\n{rng.choice(('Merci', 'Bonne journée', 'Cordialement'))}\n\n-- \n{signature}\n"  # fmt: skip
    message = EmailMessage(policy=policy.default)
    message["From"] = staff_address(sender)
    message["To"] = ", ".join(recipients)
    if copies:
        message["Cc"] = ", ".join(dict.fromkeys(copies))
    message["Subject"] = rng.choice(_SUBJECTS).format(day=day, week=day.isocalendar()[1])
    sent = datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=_PARIS)
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{rng.getrandbits(64):016x}.{sent:%Y%m%d%H%M}@{MAIL_DOMAIN}>"
    message.set_content(body)
    members: tuple[LeakedItem, ...] = ()
    if rng.random() < 0.35:
        csv_name = rng.choice((f"rappels_{day:%d%m%Y}.csv", "liste rappels.csv", "export.csv"))
        header = "Nom;Prénom;Date de naissance;Téléphone;Motif"
        data = ("\r\n".join([header, *(";".join(r) for r in rows)]) + "\r\n").encode("cp1252", errors="replace")  # fmt: skip
        message.add_attachment(data, maintype="text", subtype="csv", filename=csv_name)
        message.set_boundary(f"=_kerval_{rng.getrandbits(48):012x}")
        members = (LeakedItem(csv_name, FileKind.CSV.value, data, tuple(exposures)),)
    folder = rng.choice(
        ("Messagerie/Secretariat", "Mails/export", "Utilisateurs/secretariat/Outlook")
    )
    name = f"{folder}/{rng.choice(('Liste des rappels', 'rappels', 'TR patients a rappeler'))} {day:%Y%m%d}-{rng.randint(1, 99)}.eml"  # fmt: skip
    return LeakedItem(name, FileKind.EML.value, message.as_bytes(policy=policy.SMTP), tuple(exposures), members)  # fmt: skip


def _motive(rng: random.Random, person: Person, day: date) -> tuple[Finding, str]:
    table = rng.choice((ANALYSES, CONSULTATIONS, MOTIVES))
    finding = pick_finding(rng, table, person, day)
    label = f"résultats {finding.label}" if table is ANALYSES else finding.label
    return finding, label


def _line(rng: random.Random, person: Person, day: date) -> tuple[str, list[str], Exposure]:
    keep = rng.random() < 0.6
    family = maybe_misspell(rng, upper(person.family_name, keep_accents=keep))
    given = person.first_given if rng.random() < 0.8 else upper(person.first_given, keep_accents=keep)  # fmt: skip
    families: tuple[str, ...] = (person.family_name,)
    text = f"- {family} {given}"
    if person.birth_name and rng.random() < 0.6:
        text += f" (née {upper(person.birth_name, keep_accents=keep)})"
        families = (person.family_name, person.birth_name)
    shown: set[Category] = set()
    born = ""
    if rng.random() < 0.85:
        born = f"{person.birth_date:%d/%m/%Y}" if rng.random() < 0.8 else f"{person.birth_date:%d/%m/%y}"  # fmt: skip
        text += f", {born}"
        shown.add(Category.BIRTH_DATE)
    phone = ""
    if person.phone and rng.random() < 0.9:
        phone = phone_text(rng, person.phone)
        text += f", {rng.choice(('tél', 'tel', 'Tél.', ''))} {phone}".replace(",  ", ", ")
        shown.add(Category.PHONE)
    finding, label = _motive(rng, person, day)
    text += f" : {label} {rng.choice(_ENDINGS)}"
    row = [family, given, born, phone, label]
    exposure = row_exposure(person, shown, finding.categories, families=families, given=person.first_given, ipp=False)  # fmt: skip
    return text, row, exposure
