"""A DPI vendor's own XML export of patient files (not HL7, not CDA).

Hospital information systems export patient files for a migration or a research
extraction in their own XML: ``<Export date=".." logiciel="..">`` holding many
``<Patient ipp=".." sexe="F">``, each with ``<Identite>`` (``NomUsuel``, ``NomNaissance``,
``Prenoms``, ``DateNaissance`` in ISO form), ``<Adresse>``, ``<Telephone>``, ``<Sejours>``
(``<Sejour nda uf entree sortie>`` with ``<Diagnostic code libelle>``, ICD-10 with a dot)
and ``<MedecinTraitant>`` (the patient's general practitioner: staff, exposing nobody).
Elements are left out when empty, as exports do. Each patient's diagnoses are theirs only.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES
from leakmap.synth.families.clinical import DIAGNOSES, pick_finding
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_SOFTWARE = ("DxCare 9.2", "Easily 2.14", "Orbis FR 08.04", "Sillage 17", "HM v5")
_FOLDERS = ("Export/DPI/{day:%Y%m%d}", "Migration/extraction_xml", "Recherche/entrepot/export", "DSI/transfert")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One export of 3 to 40 patients, one to three stays each."""
    day = working_day(rng)
    root = ET.Element("Export", {"date": f"{day:%Y-%m-%d}T{rng.randint(0, 5):02d}:{rng.randint(0, 59):02d}:00", "logiciel": rng.choice(_SOFTWARE), "etablissement": "CH KERVAL"})  # fmt: skip
    keep_accents = rng.random() < 0.6
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(3, 40), day):
        exposures.append(_patient(cast, rng, root, person, day, keep_accents))
    ET.indent(root, space="  ")
    encoding = rng.choice(("UTF-8", "ISO-8859-1"))
    data = ET.tostring(root, encoding=encoding, xml_declaration=True)
    folder = rng.choice(_FOLDERS).format(day=day)
    stem = rng.choice((f"export_patients_{day:%Y%m%d}", f"EXPORT_DPI_{rng.randint(1, 999):03d}", "patients"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.xml", FileKind.XML.value, data, tuple(exposures))


def _patient(cast: Cast, rng: random.Random, root: ET.Element, person: Person, day: date, keep_accents: bool) -> Exposure:  # fmt: skip
    element = ET.SubElement(root, "Patient", {"ipp": person.patient_id, "sexe": person.sex.value})
    identity = ET.SubElement(element, "Identite")
    ET.SubElement(identity, "NomUsuel").text = upper(person.family_name, keep_accents=keep_accents)
    families: tuple[str, ...] = (person.family_name,)
    if person.birth_name:
        ET.SubElement(identity, "NomNaissance").text = upper(person.birth_name, keep_accents=keep_accents)  # fmt: skip
        families = (person.family_name, person.birth_name)
    given = person.given_names if rng.random() < 0.5 else person.first_given
    ET.SubElement(identity, "Prenoms").text = upper(given, keep_accents=keep_accents) if rng.random() < 0.5 else given  # fmt: skip
    shown: set[Category] = set()
    if rng.random() < 0.97:
        ET.SubElement(identity, "DateNaissance").text = f"{person.birth_date:%Y-%m-%d}"
        shown.add(Category.BIRTH_DATE)
    if person.address is not None and rng.random() < 0.8:
        a = person.address
        address = ET.SubElement(element, "Adresse")
        ET.SubElement(address, "Ligne1").text = a.street
        if a.extra:
            ET.SubElement(address, "Ligne2").text = a.extra
        ET.SubElement(address, "CodePostal").text = a.postcode
        ET.SubElement(address, "Ville").text = a.city.upper()
        shown.add(Category.ADDRESS)
    if person.phone and rng.random() < 0.6:
        ET.SubElement(element, "Telephone", {"type": "portable" if person.phone[:2] in ("06", "07") else "domicile"}).text = person.phone  # fmt: skip
        shown.add(Category.PHONE)
    stays = ET.SubElement(element, "Sejours")
    health: set[Category] = set()
    for _ in range(rng.randint(1, 3)):
        service = rng.choice(ADMISSION_SERVICES)
        entry = day - timedelta(days=rng.randint(0, 900))
        attributes = {"nda": nda(rng, entry), "uf": service.uf, "entree": f"{entry:%Y-%m-%d}", "sortie": f"{entry + timedelta(days=rng.randint(0, 12)):%Y-%m-%d}"}  # fmt: skip
        stay = ET.SubElement(stays, "Sejour", attributes)
        finding = pick_finding(rng, DIAGNOSES, person, entry)
        code = finding.code if len(finding.code) <= 3 else f"{finding.code[:3]}.{finding.code[3:]}"
        ET.SubElement(stay, "Diagnostic", {"code": code, "libelle": finding.label, "type": "DP"})
        health |= finding.categories  # a bare UF code names no service to a reader
    if rng.random() < 0.7:
        doctor = cast.practitioner()
        gp = ET.SubElement(element, "MedecinTraitant")
        ET.SubElement(gp, "Nom").text = upper(doctor.family_name, keep_accents=True)
        ET.SubElement(gp, "Prenom").text = doctor.first_given
    return row_exposure(person, shown, health, families=families, given=given.split(" ")[0], ipp=True)  # fmt: skip
