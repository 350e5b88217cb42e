"""Lists of many patients: operating-room planning, lab worklists, admissions exports,
agendas, tumour-board lists, billing, satisfaction-survey contacts, transfers, deaths.

Each row is one exposure; its categories are the identity columns the list has plus the
health the row reveals (the intervention, the analyses asked for, the service of the stay).
A list never names the same person twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from leakmap.synth.casting import Fit
from leakmap.synth.contacts import make_iban
from leakmap.synth.establishment import (
    ADMISSION_SERVICES,
    HOSPITAL_SHORT,
    LABORATORY,
    ONCOLOGY,
    OTHER_SITE,
    Service,
)
from leakmap.synth.labels import make_nda, with_categories
from leakmap.synth.person import Sex
from leakmap.synth.plan import Cell, Exposure, Sheet, exposure_of
from leakmap.synth.templates.columns import Col, header_for, identity_cells
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category

Row = tuple[tuple[Cell, ...], Exposure]
#: intervention, categories it reveals, the sex it concerns ("" for both)
_INTERVENTIONS = (
    ("Cholécystectomie cœlioscopique", (), ""), ("Cure de hernie inguinale", (), ""),
    ("Prothèse totale de hanche", (), ""), ("Arthroscopie du genou", (), ""),
    ("Tumorectomie sein G + ganglion sentinelle (carcinome)", (Category.ONCOLOGY,), "F"),
    ("Mastectomie totale pour cancer du sein", (Category.ONCOLOGY,), "F"),
    ("Colectomie droite pour néoplasie", (Category.ONCOLOGY,), ""),
    ("Prostatectomie totale pour adénocarcinome", (Category.ONCOLOGY,), "M"),
    ("Césarienne programmée", (Category.GYNECOLOGY_OBSTETRICS,), "F"),
    ("Hystérectomie par cœlioscopie", (Category.GYNECOLOGY_OBSTETRICS,), "F"),
    ("Appendicectomie", (), ""), ("Pose de chambre implantable", (), ""),
    ("Ostéosynthèse du poignet", (), ""), ("Thyroïdectomie totale", (), ""),
)  # fmt: skip
_ANALYSES = (
    ("NFS, CRP, ionogramme", ()), ("Bilan hépatique complet", ()), ("HbA1c, glycémie", ()),
    ("Sérologie VIH 1/2", (Category.SEXUAL_HEALTH,)), ("Sérologies VIH, VHB, VHC", (Category.SEXUAL_HEALTH,)),  # fmt: skip
    ("TPHA-VDRL", (Category.SEXUAL_HEALTH,)), ("PCR Chlamydia / gonocoque", (Category.SEXUAL_HEALTH,)),  # fmt: skip
    ("bêta-HCG plasmatiques", (Category.GYNECOLOGY_OBSTETRICS,)), ("TSH", ()), ("Troponine", ()),
    ("Bilan lipidique", ()), ("INR", ()), ("Marqueurs tumoraux (suivi cancer du sein) CA 15-3", (Category.ONCOLOGY,)),  # fmt: skip
)  # fmt: skip


def _rows(desk: Desk, count: int, make_row: Callable[[], Row | None]) -> list[Row]:
    """Up to ``count`` rows, each about a different person."""
    rows: list[Row] = []
    seen: set[int] = set()
    for _ in range(count * 2):
        row = make_row()
        if row is not None and row[1].person.key not in seen:
            seen.add(row[1].person.key)
            rows.append(row)
        if len(rows) == count:
            break
    return rows


def _sheet(desk: Desk, prefix: str, when: date, titles: tuple[str, ...], header: tuple[str, ...], rows: list[Row]) -> Sheet:  # fmt: skip
    return Sheet(
        stem=desk.stem(prefix, None, when),
        title_lines=titles,
        header=header,
        rows=tuple(cells for cells, _ in rows),
        exposures=tuple(exposure for _, exposure in rows),
        when=when,
    )


def _by_time(rows: list[Row]) -> list[Row]:
    """Programmes and agendas list their rows in time order (first column)."""
    return sorted(rows, key=lambda row: str(row[0][0]))


def _health(exposure: Exposure, service: Service, *extra: Category) -> Exposure:
    return with_categories(exposure, Category.HEALTH, *service.categories, *extra)


def or_planning(desk: Desk) -> Sheet:
    """An operating-room programme: time, room, patient, intervention, surgeon."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.IPP), (Col.FULL_NAME, Col.BIRTH_DATE), (Col.FAMILY, Col.GIVEN, Col.IPP), (Col.FULL_NAME, Col.NDA, Col.BIRTH_DATE)))  # fmt: skip
    as_number = desk.rng.random() < 0.3
    surgeons = [desk.signer() for _ in range(3)]

    def row() -> Row | None:
        person = desk.cast.patient(when, Fit(min_age=1))
        cells, exposure = identity_cells(desk, person, ids, nda=make_nda(desk.rng, when), ipp_as_number=as_number)  # fmt: skip
        intervention, extra, sex = desk.rng.choice(_INTERVENTIONS)
        obstetric = extra == (Category.GYNECOLOGY_OBSTETRICS,)
        if (sex and person.sex.value != sex) or (obstetric and not 18 <= person.age_on(when) <= 50):  # fmt: skip
            return None
        surgeon = desk.rng.choice(surgeons)
        time = f"{desk.rng.randint(7, 17):02d}:{desk.rng.choice(('00', '15', '30', '45'))}"
        values = (time, f"Salle {desk.rng.randint(1, 8)}", *(cells[c] for c in ids), intervention, desk.pick("D", "G", "-"), f"Dr {surgeon.family_name.upper()}")  # fmt: skip
        return values, with_categories(exposure, Category.HEALTH, *extra)

    header = ("Heure", "Salle", *(header_for(desk, c) for c in ids), "Intervention", "Côté", "Chirurgien")  # fmt: skip
    titles = (f"{HOSPITAL_SHORT} - BLOC OPÉRATOIRE CENTRAL", f"Programme opératoire du {desk.date(when)}", desk.pick("Version validée", "Provisoire - ne pas diffuser", ""))  # fmt: skip
    return _sheet(desk, desk.pick("planning_bloc", "programme_op", "Bloc"), when, titles, header, _by_time(_rows(desk, desk.rng.randint(10, 30), row)))  # fmt: skip


def lab_worklist(desk: Desk) -> Sheet:
    """A laboratory worklist: request number, patient, analyses (HIV tests among them)."""
    when = desk.day()
    ids = desk.rng.choice(((Col.IPP, Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.SEX), (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE), (Col.FULL_NAME, Col.BIRTH_DATE, Col.IPP), (Col.FAMILY, Col.BIRTH_NAME, Col.GIVEN, Col.BIRTH_DATE, Col.IPP)))  # fmt: skip
    as_number = desk.rng.random() < 0.3

    def row() -> Row | None:
        person = desk.cast.patient(when)
        cells, exposure = identity_cells(desk, person, ids, ipp_as_number=as_number)
        analyses, extra = desk.rng.choice(_ANALYSES)
        if extra == (Category.GYNECOLOGY_OBSTETRICS,) and (person.sex is Sex.M or not 15 <= person.age_on(when) <= 50):  # fmt: skip
            return None
        request = f"{when:%y%m%d}{desk.rng.randint(1000, 9999)}"
        values = (request, *(cells[c] for c in ids), desk.pick("URG", "HDJ", "CONS", "MED"), analyses, desk.pick("Validé", "En cours", "Prélevé"))  # fmt: skip
        return values, _health(exposure, LABORATORY, *extra)

    header = ("N° demande", *(header_for(desk, c) for c in ids), "Prov.", "Analyses", "Statut")
    titles = (f"Laboratoire - liste de travail du {desk.date(when)}",) if desk.rng.random() < 0.5 else ()  # fmt: skip
    return _sheet(desk, desk.pick("worklist", "liste_labo", "LT"), when, titles, header, _rows(desk, desk.rng.randint(15, 60), row))  # fmt: skip


def admissions_export(desk: Desk) -> Sheet:
    """An admissions export: NOM;PRENOM;DDN;IPP;NDA;SERVICE and the stay's dates."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.IPP, Col.NDA), (Col.IPP, Col.NDA, Col.FAMILY, Col.BIRTH_NAME, Col.GIVEN, Col.BIRTH_DATE, Col.SEX), (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.SEX, Col.POSTCODE, Col.CITY, Col.IPP)))  # fmt: skip

    def row() -> Row | None:
        deceased = desk.cast.has_deceased and desk.rng.random() < 0.04
        person = desk.cast.deceased() if deceased else desk.cast.patient(when - timedelta(days=10), other_site_share=0.0)  # fmt: skip
        left = (person.death_date or when) if deceased else when - timedelta(days=desk.rng.randint(0, 9))  # fmt: skip
        service = desk.rng.choice(ADMISSION_SERVICES)
        cells, exposure = identity_cells(desk, person, ids, nda=make_nda(desk.rng, left))
        entered = left - timedelta(days=desk.rng.randint(0, 20))
        exit_mode = "Décès" if deceased else desk.pick("Domicile", "Domicile", "Transfert", "EHPAD")
        values = (*(cells[c] for c in ids), service.short, entered, left, exit_mode)
        extra = (Category.DEATH,) if deceased else ()
        return values, _health(exposure, service, *extra)

    header = (*(header_for(desk, c) for c in ids), "SERVICE", "DATE_ENTREE", "DATE_SORTIE", "MODE_SORTIE")  # fmt: skip
    return _sheet(desk, desk.pick("export_admissions", "extraction_DPI", "mouvements"), when, (), header, _rows(desk, desk.rng.randint(20, 60), row))  # fmt: skip


def consultation_agenda(desk: Desk) -> Sheet:
    """A day's consultations: time, patient (often no birth date), phone, reason."""
    when = desk.day()
    service = desk.rng.choice(ADMISSION_SERVICES)
    ids = desk.rng.choice(((Col.FULL_NAME,), (Col.FULL_NAME, Col.PHONE), (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE), (Col.FULL_NAME, Col.BIRTH_DATE, Col.PHONE), (Col.NAME_AND_BIRTH,), (Col.NAME_AND_BIRTH, Col.PHONE)))  # fmt: skip
    doctor = desk.signer()

    def row() -> Row | None:
        person = desk.cast.patient(when, other_site_share=0.0)
        cells, exposure = identity_cells(desk, person, ids)
        time = f"{desk.rng.randint(8, 17):02d}h{desk.rng.choice(('00', '20', '40'))}"
        values = (time, *(cells[c] for c in ids), desk.pick("1ère consultation", "Suivi", "Résultats", "Post-op"))  # fmt: skip
        return values, _health(exposure, service)

    header = ("Heure", *(header_for(desk, c) for c in ids), "Motif")
    titles = (f"Consultations {service.name} - Dr {doctor.family_name.upper()}", f"Agenda du {desk.date(when)}")  # fmt: skip
    return _sheet(desk, desk.pick("agenda", "RDV", "planning_consult"), when, titles, header, _by_time(_rows(desk, desk.rng.randint(10, 24), row)))  # fmt: skip


def tumour_board(desk: Desk) -> Sheet:
    """A tumour board (RCP) list: patient, diagnosis, proposed treatment (oncology)."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FULL_NAME, Col.BIRTH_DATE), (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.IPP), (Col.NAME_AND_BIRTH,)))  # fmt: skip

    def row() -> Row | None:
        person = desk.cast.patient(when, Fit(min_age=25))
        cells, exposure = identity_cells(desk, person, ids)
        diagnosis = desk.pick("Carcinome canalaire infiltrant sein G, pT1cN0", "Adénocarcinome colique pT3N1", "ADK prostatique Gleason 7", "Carcinome épidermoïde pulmonaire T2N2", "Lymphome B diffus")  # fmt: skip
        values = (*(cells[c] for c in ids), diagnosis, desk.pick("Chimiothérapie adjuvante", "Radiothérapie", "Chirurgie", "Surveillance", "Hormonothérapie"))  # fmt: skip
        return values, _health(exposure, ONCOLOGY)

    header = (*(header_for(desk, c) for c in ids), "Diagnostic", "Proposition RCP")
    titles = (f"RCP {desk.pick('Sein', 'Digestif', 'Uro', 'Thorax')} du {desk.date(when)}", "Présents : " + ", ".join(f"Dr {desk.signer().family_name.upper()}" for _ in range(3)))  # fmt: skip
    return _sheet(desk, desk.pick("RCP", "liste_RCP"), when, titles, header, _rows(desk, desk.rng.randint(8, 20), row))  # fmt: skip


def billing_export(desk: Desk) -> Sheet:
    """Unpaid bills or refunds: name, postal address, IBAN, amount (bank, address)."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FAMILY, Col.GIVEN, Col.ADDRESS, Col.POSTCODE, Col.CITY, Col.IPP), (Col.FULL_NAME, Col.ADDRESS, Col.POSTCODE, Col.CITY)))  # fmt: skip
    with_iban = desk.rng.random() < 0.6

    def row() -> Row | None:
        person = desk.cast.patient(when, Fit(min_age=18), other_site_share=0.0)
        cells, exposure = identity_cells(desk, person, ids)
        service = desk.rng.choice(ADMISSION_SERVICES)
        iban = make_iban(desk.rng) if with_iban else ""
        values = (*(cells[c] for c in ids), service.short, f"{desk.rng.randint(20, 2500)},{desk.rng.randint(0, 99):02d}", iban)  # fmt: skip
        extra = (Category.BANK,) if with_iban else ()
        return values, _health(exposure, service, *extra)

    header = (*(header_for(desk, c) for c in ids), "Service", "Montant", "IBAN" if with_iban else "Observations")  # fmt: skip
    return _sheet(desk, desk.pick("factures", "contentieux", "remboursements"), when, (), header, _rows(desk, desk.rng.randint(10, 40), row))  # fmt: skip


def survey_contacts(desk: Desk) -> Sheet:
    """Contacts for the satisfaction survey: e-mail, phone, service of the stay."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FAMILY, Col.GIVEN, Col.EMAIL, Col.PHONE), (Col.FULL_NAME, Col.EMAIL), (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.EMAIL)))  # fmt: skip

    def row() -> Row | None:
        person = desk.cast.patient(when, Fit(min_age=18), other_site_share=0.0)
        if not person.email:
            return None
        cells, exposure = identity_cells(desk, person, ids)
        service = desk.rng.choice(ADMISSION_SERVICES)
        return (*(cells[c] for c in ids), service.name, when - timedelta(days=desk.rng.randint(1, 30))), _health(exposure, service)  # fmt: skip

    header = (*(header_for(desk, c) for c in ids), "Service", "Date de sortie")
    return _sheet(desk, desk.pick("e-satis", "contacts_enquete"), when, (), header, _rows(desk, desk.rng.randint(10, 30), row))  # fmt: skip


def transfer_list(desk: Desk) -> Sheet:
    """Patients transferred from the partner clinic: mostly not in this registry."""
    when = desk.day()
    ids = (Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE)

    def row() -> Row | None:
        registered = desk.rng.random() < 0.25
        person = desk.cast.patient(when) if registered else desk.cast.other_site_patient(when)
        cells, exposure = identity_cells(desk, person, ids)
        reason = desk.pick("Soins de suite", "Rééducation", "Bilan cardiologique", "Chimiothérapie")  # fmt: skip
        shown = (Category.HEALTH, Category.ONCOLOGY) if reason == "Chimiothérapie" else (Category.HEALTH,)  # fmt: skip
        return (*(cells[c] for c in ids), reason, when), with_categories(exposure, *shown)

    header = (*(header_for(desk, c) for c in ids), "Motif du transfert", "Date")
    titles = (f"Transferts reçus - {OTHER_SITE}", f"Mois de {desk.date(when)}")
    return _sheet(desk, desk.pick("transferts", "liste_clinique"), when, titles, header, _rows(desk, desk.rng.randint(10, 25), row))  # fmt: skip


def death_register(desk: Desk) -> Sheet:
    """The mortuary's register: who died, when, in which service (death)."""
    when = desk.day()
    ids = desk.rng.choice(((Col.FAMILY, Col.GIVEN, Col.BIRTH_DATE, Col.IPP), (Col.FULL_NAME, Col.BIRTH_DATE)))  # fmt: skip

    def row() -> Row | None:
        if not desk.cast.has_deceased:
            return None
        person = desk.cast.deceased()
        cells, exposure = identity_cells(desk, person, ids)
        service = desk.rng.choice(ADMISSION_SERVICES)
        died = person.death_date or when
        return (*(cells[c] for c in ids), died, service.short), _health(exposure, service, Category.DEATH)  # fmt: skip

    header = (*(header_for(desk, c) for c in ids), "Date du décès", "Service")
    return _sheet(desk, "registre_deces", when, ("Chambre mortuaire - registre des admissions",), header, _rows(desk, desk.rng.randint(6, 20), row))  # fmt: skip


def results_export(desk: Desk) -> Sheet:
    """Results keyed by IPP only: no name, yet each row exposes a patient (hospital_id)."""
    when = desk.day()
    as_number = desk.rng.random() < 0.4

    def row() -> Row | None:
        person = desk.cast.patient(when, other_site_share=0.0)
        analyses, extra = desk.rng.choice(_ANALYSES)
        if extra == (Category.GYNECOLOGY_OBSTETRICS,) and (person.sex is Sex.M or not 15 <= person.age_on(when) <= 50):  # fmt: skip
            return None
        ipp: Cell = int(person.patient_id) if as_number else person.patient_id
        values = (ipp, f"{when:%y%m%d}{desk.rng.randint(1000, 9999)}", analyses, desk.pick("Validé", "À valider", "Transmis"), when)  # fmt: skip
        categories = {Category.HOSPITAL_ID, Category.HEALTH, *LABORATORY.categories, *extra}
        return values, exposure_of(person, categories, shows_patient_id=True)

    header = (desk.pick("IPP", "NIP", "num_patient"), "N° demande", "Analyses", "Statut", "Date")
    return _sheet(desk, desk.pick("resultats_export", "extraction_SIL", "HPRIM"), when, (), header, _rows(desk, desk.rng.randint(15, 50), row))  # fmt: skip
