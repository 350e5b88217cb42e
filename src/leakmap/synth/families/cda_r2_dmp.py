"""CDA R2 documents as a hospital sends them to the French DMP (CI-SIS volet structuration).

From HL7 CDA R2 and the ANS CI-SIS rules: ``ClinicalDocument`` in ``urn:hl7-org:v3`` with
``realmCode FR``, the CI-SIS and IHE templateIds, a LOINC document ``code``, ``title``,
``effectiveTime``; ``recordTarget/patientRole`` holds the INS (``id root`` the INS-NIR
OID 1.2.250.1.213.1.4.8, ``extension`` the NIR) and the IPP under the hospital's OID,
``addr``, ``telecom value="tel:..."``; ``patient/name`` has the birth name as
``family qualifier="BR"`` and the name in use as ``family qualifier="SP"`` (older
documents: no qualifier), ``given`` one or more, ``administrativeGenderCode`` (``F``/``M``
in 2.16.840.1.113883.5.1) and ``birthTime value="YYYYMMDD"``. The ``author`` and
``legalAuthenticator`` are staff; the body is a ``structuredBody`` with one or two
narrative sections. One patient per document.
"""

from __future__ import annotations

import random
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import FINESS, HOSPITAL, IMAGING, LABORATORY
from leakmap.synth.families.clinical import ANALYSES, DIAGNOSES, Finding, pick_finding
from leakmap.synth.families.cohort import (
    INS_NIR_OID,
    IPP_OID,
    registry_patients,
    row_exposure,
    upper,
    working_day,
)
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.vocabulary import Category, FileKind

HL7 = "urn:hl7-org:v3"
_GENDER_SYSTEM = "2.16.840.1.113883.5.1"
_LOINC = "2.16.840.1.113883.6.1"
_CISIS_TEMPLATE = "1.2.250.1.213.1.1.1.1"
_IMAGING_STUDIES = ("Scanner thoracique", "IRM cérébrale", "Échographie abdominale", "Scanner abdomino-pelvien")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Kind:
    """A document type: LOINC code, title, section title, findings table, categories."""

    code: str
    title: str
    section: str
    findings: tuple[Finding, ...]
    categories: frozenset[Category]


_KINDS = (
    _Kind(
        "11490-0",
        "Lettre de liaison à la sortie d'un établissement de santé",
        "Diagnostic de sortie",
        DIAGNOSES,
        frozenset(),
    ),  # fmt: skip
    _Kind(
        "11502-2",
        "Compte rendu d'examens biologiques",
        "Résultats",
        ANALYSES,
        LABORATORY.categories,
    ),  # fmt: skip
    _Kind(
        "18748-4", "Compte rendu d'imagerie médicale", "Conclusion", (), IMAGING.categories
    ),  # fmt: skip
    _Kind(
        "34133-9", "Synthèse d'épisode de soins", "Problèmes actifs", DIAGNOSES, frozenset()
    ),  # fmt: skip
)


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One CDA document about one patient, UTF-8 (sometimes declared ISO-8859-1)."""
    day = working_day(rng)
    (person,) = registry_patients(cast, 1, day)
    kind = rng.choice(_KINDS)
    author = cast.physician()
    document, shown, families, given = _document(rng, kind, person, author, day)
    finding = pick_finding(rng, kind.findings, person, day) if kind.findings else None
    _body(rng, document, kind, finding)
    latin1 = rng.random() < 0.2
    ET.register_namespace("", HL7)
    data = ET.tostring(document, encoding="ISO-8859-1" if latin1 else "UTF-8", xml_declaration=True)  # fmt: skip
    health = set(kind.categories) | (set(finding.categories) if finding else set())
    exposure = row_exposure(person, shown, health, families=families, given=given, ipp=Category.HOSPITAL_ID in shown)  # fmt: skip
    folder = rng.choice(("Interfaces/DMP/envoyes/{day:%Y%m}", "DMP/archives", "Informatique/EAI/cda_out", "Interfaces/MSSante/pj"))  # fmt: skip
    stem = rng.choice((f"CDA_{person.patient_id if rng.random() < 0.3 else rng.randint(100000, 999999)}_{day:%Y%m%d}", f"doc{rng.randint(1, 99999):05d}", f"{_uuid(rng)}"))  # fmt: skip
    name = f"{folder.format(day=day)}/{stem}{rng.choice(('.xml', '.xml', '.cda'))}"
    return LeakedItem(name, FileKind.XML.value, data, (exposure,))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{HL7}}}{tag}", attributes)
    if text:
        element.text = text
    return element


def _document(rng: random.Random, kind: _Kind, person: Person, author: Person, day: date) -> tuple[ET.Element, set[Category], tuple[str, ...], str]:  # fmt: skip
    stamp = datetime.combine(day, time(rng.randint(8, 19), rng.randint(0, 59)))
    root = ET.Element(f"{{{HL7}}}ClinicalDocument")
    _sub(root, "realmCode", code="FR")
    _sub(root, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    _sub(root, "templateId", root=_CISIS_TEMPLATE)
    _sub(root, "id", root=f"1.2.250.1.999.29.2.{rng.randint(1, 9)}", extension=str(rng.randint(10**8, 10**9)))  # fmt: skip
    _sub(root, "code", code=kind.code, codeSystem=_LOINC, displayName=kind.title)
    _sub(root, "title", kind.title)
    _sub(root, "effectiveTime", value=f"{stamp:%Y%m%d%H%M%S}+0100")
    _sub(root, "confidentialityCode", code="N", codeSystem="2.16.840.1.113883.5.25")
    _sub(root, "languageCode", code="fr-FR")
    role = _sub(_sub(root, "recordTarget"), "patientRole")
    shown: set[Category] = set()
    ids = []
    if person.nir and rng.random() < 0.7:
        ids.append({"root": INS_NIR_OID, "extension": person.nir})
        shown.add(Category.NATIONAL_ID)
    if rng.random() < 0.85 or not ids:
        ids.append({"root": IPP_OID, "extension": person.patient_id})
        shown.add(Category.HOSPITAL_ID)
    rng.shuffle(ids)
    for attributes in ids:
        _sub(role, "id", **attributes)
    if person.address is not None and rng.random() < 0.6:
        a = person.address
        addr = _sub(role, "addr", use="H")
        _sub(addr, "streetAddressLine", a.street)
        if a.extra:
            _sub(addr, "streetAddressLine", a.extra)
        _sub(addr, "postalCode", a.postcode)
        _sub(addr, "city", a.city)
        shown.add(Category.ADDRESS)
    if person.phone and rng.random() < 0.5:
        _sub(role, "telecom", value=f"tel:{person.phone}", use="MC" if person.phone.startswith(("06", "07")) else "HP")  # fmt: skip
        shown.add(Category.PHONE)
    patient = _sub(role, "patient")
    families, given = _name(rng, _sub(patient, "name"), person)
    _sub(patient, "administrativeGenderCode", code=person.sex.value, codeSystem=_GENDER_SYSTEM)
    born = f"{person.birth_date:%Y%m%d}" + ("0000" if rng.random() < 0.2 else "")
    _sub(patient, "birthTime", value=born)
    shown.add(Category.BIRTH_DATE)
    _author(root, author, stamp)
    return root, shown, families, given


def _name(rng: random.Random, name: ET.Element, person: Person) -> tuple[tuple[str, ...], str]:
    """Birth name (``BR``) and name in use (``SP``); old documents give one unqualified."""
    keep = rng.random() < 0.6
    qualified = rng.random() < 0.8
    birth = person.birth_name or person.family_name
    if qualified:
        _sub(name, "family", upper(birth, keep_accents=keep), qualifier="BR")
        families: tuple[str, ...] = (birth,)
        if person.birth_name:
            _sub(name, "family", upper(person.family_name, keep_accents=keep), qualifier="SP")
            families = (person.birth_name, person.family_name)
    else:
        _sub(name, "family", upper(person.family_name, keep_accents=keep))
        families = (person.family_name,)
    given = person.given_names.split(" ")
    shown = given if rng.random() < 0.5 else given[:1]
    for part in shown:
        _sub(name, "given", part)
    return families, " ".join(shown)


def _author(root: ET.Element, author: Person, stamp: datetime) -> None:
    """The author and legal authenticator (staff, exposing nobody) and the custodian."""
    for tag in ("author", "legalAuthenticator"):
        block = _sub(root, tag)
        _sub(block, "time", value=f"{stamp:%Y%m%d%H%M%S}+0100")
        if tag == "legalAuthenticator":
            _sub(block, "signatureCode", code="S")
        assigned = _sub(block, "assignedAuthor" if tag == "author" else "assignedEntity")
        _sub(assigned, "id", root="1.2.250.1.71.4.2.1", extension=f"8{author.key:010d}")
        person = _sub(assigned, "assignedPerson")
        name = _sub(person, "name")
        _sub(name, "prefix", author.title or "Dr")
        _sub(name, "given", author.first_given)
        _sub(name, "family", upper(author.family_name, keep_accents=True))
    custodian = _sub(_sub(_sub(root, "custodian"), "assignedCustodian"), "representedCustodianOrganization")  # fmt: skip
    _sub(custodian, "id", root="1.2.250.1.71.4.2.2", extension=f"1{FINESS}")
    _sub(custodian, "name", HOSPITAL)


def _body(rng: random.Random, root: ET.Element, kind: _Kind, finding: Finding | None) -> None:
    structured = _sub(_sub(root, "component"), "structuredBody")
    section = _sub(_sub(structured, "component"), "section")
    _sub(section, "code", code=rng.choice(("29548-5", "30954-2", "11348-0")), codeSystem=_LOINC)
    _sub(section, "title", kind.section)
    text = _sub(section, "text")
    if finding is None:
        _sub(text, "paragraph", f"{rng.choice(_IMAGING_STUDIES)} : examen sans particularité notable.")  # fmt: skip
    elif finding.code and kind.findings is ANALYSES:
        _sub(text, "paragraph", f"{finding.label} ({finding.code}) : résultat transmis au prescripteur.")  # fmt: skip
    else:
        _sub(text, "paragraph", f"{finding.label} ({finding.code})")
