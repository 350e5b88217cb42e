"""Patient records as the hospital's systems export them: HL7 feeds, DICOM headers, SQL
dumps and JSON exports, each with the exposures the truth records.

Every record prints the patient's used name, first given name, birth date and IPP; being
in a hospital's patient feed is health information. A lab result adds ``laboratory``, an
image ``imaging``; an HL7 next-of-kin segment exposes the relative's name.
"""

from __future__ import annotations

import random

from pydicom.uid import generate_uid

from leakmap.synth.casting import Cast
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure, exposure_of
from leakmap.synth.render_formats import dicom_header, hl7_adt, json_export, sql_dump
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category, FileKind

_RECORD = {Category.NAME, Category.BIRTH_DATE, Category.HOSPITAL_ID, Category.HEALTH}
_RESULTS = ("12.5 g/dL", "9.8 g/dL", "14.1 g/dL", "11.2 g/dL")
_STUDIES = ("Scanner thoracique", "IRM cérébrale", "Scanner abdomino-pelvien")


def _record(person: Person) -> dict[str, str]:
    return {"ipp": person.patient_id, "family": person.family_name, "given": person.first_given,
            "birth": person.birth_date.isoformat(), "sex": person.sex.value}  # fmt: skip


def _exposed(person: Person, *extra: Category) -> Exposure:
    return exposure_of(person, _RECORD | set(extra), families=(person.family_name,),
                       given=person.first_given, shows_patient_id=True)  # fmt: skip


def _patients(cast: Cast, rng: random.Random, count: int) -> list[Person]:
    """Registry patients only: the feeds carry the hospital's own IPPs."""
    desk = Desk(rng, cast, can_draw_barcode=False)
    people: dict[int, Person] = {}
    for _ in range(count):
        person = cast.patient(desk.day(), other_site_share=0.0)
        people.setdefault(person.key, person)
    return list(people.values())


def hl7_message(cast: Cast, rng: random.Random, *, name: str) -> LeakedItem:
    """An ORU^R01 lab result with the next of kin (NK1) named."""
    (patient,) = _patients(cast, rng, 1)
    relative, _ = cast.relative_of(patient)
    kin = exposure_of(relative, {Category.NAME}, families=(relative.family_name,), given=relative.first_given)  # fmt: skip
    data = hl7_adt(_record(patient), relative=_record(relative), result=rng.choice(_RESULTS))
    return LeakedItem(name, FileKind.HL7.value, data, (_exposed(patient, Category.LABORATORY), kin))  # fmt: skip


def dicom_file(cast: Cast, rng: random.Random, *, name: str) -> LeakedItem:
    """A DICOM header of a CT or MRI study (no pixels); the instance UID is seeded."""
    (patient,) = _patients(cast, rng, 1)
    uid = generate_uid(entropy_srcs=[patient.patient_id, str(rng.getrandbits(64))])
    data = dicom_header(_record(patient), study=rng.choice(_STUDIES), instance_uid=uid)
    return LeakedItem(name, FileKind.DICOM.value, data, (_exposed(patient, Category.IMAGING),))


def sql_export(cast: Cast, rng: random.Random, *, name: str) -> LeakedItem:
    """A mysqldump of a few rows of the ``patients`` table."""
    people = _patients(cast, rng, rng.randint(3, 8))
    data = sql_dump([_record(p) for p in people])
    return LeakedItem(name, FileKind.SQL.value, data, tuple(_exposed(p) for p in people))


def json_records(cast: Cast, rng: random.Random, *, name: str) -> LeakedItem:
    """An API export of a few patients."""
    people = _patients(cast, rng, rng.randint(3, 8))
    data = json_export([_record(p) for p in people])
    return LeakedItem(name, FileKind.JSON.value, data, tuple(_exposed(p) for p in people))
