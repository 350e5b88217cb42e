"""FHIR R4 Patient resources as a French server exports them (FR Core profiles).

From the FR Core implementation guide (hl7.fr): identifiers with the INS-NIR under
``urn:oid:1.2.250.1.213.1.4.8`` (type ``INS-NIR``) and the hospital's IPP (type ``PI``)
under its own OID; names by ``use``: ``official`` is the birth name, with the list of
birth given names in FR Core's extension, ``usual`` the name in use (married women have
both); ``birthDate``, ``gender``, ``telecom``, ``address``. Files are a search or
collection ``Bundle`` (some with Encounter and Observation resources referencing the
patient: a stay reveals its unit, a result its analysis) or a bulk-data NDJSON of
Patients, one resource a line.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, time
from typing import Any

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES
from leakmap.synth.families.clinical import ANALYSES, pick_finding
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
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_FR_CORE = "https://hl7.fr/ig/fhir/core"
_BIRTH_GIVEN_LIST = f"{_FR_CORE}/StructureDefinition/fr-core-patient-birth-list-given-name"
_V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
_FR_0203 = f"{_FR_CORE}/CodeSystem/fr-core-cs-v2-0203"
#: Analysis codes of ``clinical.ANALYSES`` as LOINC codes.
_LOINC = {"NFS": "58410-2", "CRP": "1988-5", "IONO": "24326-1", "HBA1C": "4548-4", "TSH": "3016-3",
          "TROPO": "67151-1", "BHCG": "21198-7", "HCGQ": "19080-1", "VIH": "56888-1", "CHLAM": "43304-5",
          "CA153": "6875-9", "PSA": "2857-1", "LITH": "14334-7", "ETOH": "5640-5"}  # fmt: skip
JsonObject = dict[str, Any]


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """A Bundle (JSON) or an NDJSON bulk export of 5 to 60 patients."""
    day = working_day(rng)
    people = registry_patients(cast, rng.randint(5, 60), day)
    resources: list[JsonObject] = []
    exposures: list[Exposure] = []
    bulk = rng.random() < 0.4
    with_clinical = not bulk and rng.random() < 0.6
    for person in people:
        patient, exposure = _patient(rng, person)
        resources.append(patient)
        if with_clinical:
            clinical, health = _clinical(rng, person, patient["id"], day)
            resources += clinical
            exposure = row_exposure(person, exposure.categories, health, families=exposure.families, given=exposure.given, ipp=exposure.shows_patient_id)  # fmt: skip
        exposures.append(exposure)
    if bulk:
        data = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in resources).encode()  # fmt: skip
        name = f"{rng.choice(('Interfaces/FHIR/bulk', 'exports/fhir'))}/{day:%Y%m%d}/Patient{rng.choice(('', f'_{rng.randint(1, 20)}'))}.ndjson"  # fmt: skip
    else:
        data = json.dumps(_bundle(rng, resources), ensure_ascii=False, indent=rng.choice((None, 2))).encode()  # fmt: skip
        name = f"{rng.choice(('Interfaces/FHIR/export', 'exports/api/fhir', 'Informatique/EAI/fhir'))}/bundle_{rng.randint(1, 99999):05d}.json"  # fmt: skip
    return LeakedItem(name, FileKind.JSON.value, data, tuple(exposures))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _bundle(rng: random.Random, resources: list[JsonObject]) -> JsonObject:
    kind = rng.choice(("searchset", "collection"))
    bundle: JsonObject = {"resourceType": "Bundle", "id": _uuid(rng), "type": kind}
    if kind == "searchset":
        bundle["total"] = sum(r["resourceType"] == "Patient" for r in resources)
    bundle["entry"] = [{"fullUrl": f"urn:uuid:{_uuid(rng)}", "resource": r} for r in resources]
    return bundle


def _patient(rng: random.Random, person: Person) -> tuple[JsonObject, Exposure]:
    shown: set[Category] = {Category.BIRTH_DATE}
    identifiers: list[JsonObject] = []
    has_ipp = rng.random() < 0.9
    if has_ipp:
        identifiers.append({"use": "usual", "type": {"coding": [{"system": _V2_0203, "code": "PI"}]}, "system": f"urn:oid:{IPP_OID}", "value": person.patient_id})  # fmt: skip
    if person.nir and rng.random() < 0.6:
        identifiers.append({"use": "official", "type": {"coding": [{"system": _FR_0203, "code": "INS-NIR"}]}, "system": f"urn:oid:{INS_NIR_OID}", "value": person.nir})  # fmt: skip
        shown.add(Category.NATIONAL_ID)
    names, families, given = _names(rng, person)
    resource: JsonObject = {"resourceType": "Patient", "id": str(rng.randint(10000, 9999999)),
                            "meta": {"profile": [f"{_FR_CORE}/StructureDefinition/fr-core-patient"]},
                            "identifier": identifiers, "name": names,
                            "gender": "female" if person.sex.value == "F" else "male",
                            "birthDate": person.birth_date.isoformat()}  # fmt: skip
    telecom = []
    if person.phone and rng.random() < 0.7:
        telecom.append({"system": "phone", "value": person.phone, "use": "mobile" if person.phone.startswith(("06", "07")) else "home"})  # fmt: skip
        shown.add(Category.PHONE)
    if person.email and rng.random() < 0.6:
        telecom.append({"system": "email", "value": person.email})
        shown.add(Category.EMAIL)
    if telecom:
        resource["telecom"] = telecom
    if person.address is not None and rng.random() < 0.7:
        a = person.address
        resource["address"] = [{"use": "home", "line": [a.street, *([a.extra] if a.extra else [])], "postalCode": a.postcode, "city": a.city, "country": "FRA"}]  # fmt: skip
        shown.add(Category.ADDRESS)
    return resource, row_exposure(person, shown, (), families=families, given=given, ipp=has_ipp)


def _names(rng: random.Random, person: Person) -> tuple[list[JsonObject], tuple[str, ...], str]:
    """``official`` (birth name, the birth given names listed) and ``usual`` names."""
    birth = person.birth_name or person.family_name
    given = person.given_names.split(" ")
    official: JsonObject = {
        "use": "official",
        "family": upper(birth, keep_accents=True),
        "given": given[:1],
    }
    if len(given) > 1 and rng.random() < 0.7:
        official["extension"] = [{"url": _BIRTH_GIVEN_LIST, "valueString": person.given_names}]
        shown_given = person.given_names
    else:
        shown_given = person.first_given
    names = [official]
    if person.birth_name:
        names.append(
            {
                "use": "usual",
                "family": upper(person.family_name, keep_accents=True),
                "given": given[:1],
            }
        )
        return names, (person.family_name, person.birth_name), shown_given
    return names, (person.family_name,), shown_given


def _clinical(rng: random.Random, person: Person, patient_id: str, day: date) -> tuple[list[JsonObject], set[Category]]:  # fmt: skip
    """An Encounter (its unit) or a laboratory Observation, referencing the patient."""
    subject = {"reference": f"Patient/{patient_id}"}
    stamp = (
        datetime.combine(day, time(rng.randint(6, 20), rng.randint(0, 59))).isoformat() + "+01:00"
    )
    if rng.random() < 0.5:
        service = rng.choice([s for s in ADMISSION_SERVICES if Category.GYNECOLOGY_OBSTETRICS not in s.categories or person.sex.value == "F"])  # fmt: skip
        encounter = {"resourceType": "Encounter", "id": _uuid(rng), "status": "finished",
                     "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
                     "serviceType": {"text": service.name}, "subject": subject, "period": {"start": stamp}}  # fmt: skip
        return [encounter], set(service.categories)
    finding = pick_finding(rng, ANALYSES, person, day)
    observation = {"resourceType": "Observation", "id": _uuid(rng), "status": "final",
                   "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
                   "code": {"coding": [{"system": "http://loinc.org", "code": _LOINC.get(finding.code, "")}], "text": finding.label},
                   "subject": subject, "effectiveDateTime": stamp, "valueString": rng.choice(("Positif", "Négatif", "12.1", "0.4"))}  # fmt: skip
    return [observation], set(finding.categories)
