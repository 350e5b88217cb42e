"""HL7 v2.5 ADT messages as an IHE PAM France identity and movement feed sends them.

From HL7 v2.5 chapters 2-3 and IHE PAM (Patient Administration Management) national
extension for France: MSH-1 is the field separator and MSH-2 declares the component,
repetition, escape and subcomponent characters (``^~\\&`` almost everywhere, something
else in about 15 % of files, every value escaped accordingly); PID-3 repeats the IPP
(``ipp^^^AUTH&oid&ISO^PI``) and, for some patients, the INS-NIR under the OID
1.2.250.1.213.1.4.8 (``^INS``); PID-5 repeats names by type (``L`` birth name, ``D``
usual name: married women have both); PID-7 is ``YYYYMMDD`` or ``YYYYMMDDHHMM``; PID-11
the address, PID-13 the phone and e-mail (XTN, ``^PRN^PH^^^^^^^^^0612345678``,
``^NET^Internet^x@y``); NK1 a person to call; PV1 the unit. Segments end with ``\\r``
(the standard), sometimes ``\\n`` or ``\\r\\n``; files hold one message or a batch
(FHS/BHS ... BTS/FTS, or messages simply concatenated).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES, FINESS, Service
from leakmap.synth.families.cohort import (
    INS_NIR_OID,
    IPP_AUTHORITY,
    IPP_OID,
    nda,
    registry_patients,
    row_exposure,
    upper,
    working_day,
)
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure, exposure_of
from leakmap.vocabulary import Category, FileKind

#: (field separator, MSH-2) pairs other than the usual ``|`` and ``^~\&``.
_ODD_DELIMITERS = (("|", "@~\\&"), ("|", "^!\\&"), ("#", "^~\\&"), ("|", "^~\\$"), ("!", "^~\\&"))  # fmt: skip
_ODD_SHARE = 0.15
#: Event, PV1-2 patient class, whether the event concerns a stay (PV1 with the unit).
_EVENTS = (("A01", "I", True), ("A04", "O", True), ("A08", "I", True), ("A03", "I", True),
           ("A05", "I", True), ("A28", "N", False), ("A31", "N", False))  # fmt: skip
#: Relations of ``Cast.relative_of`` as HL7 table 0063 codes.
_RELATIONSHIP = {"fille": "DAU", "épouse": "SPO", "mère": "MTH", "sœur": "SIS", "belle-fille": "EXF",
                 "nièce": "EXF", "voisine": "FND", "compagne": "DOM", "fils": "SON", "époux": "SPO",
                 "père": "FTH", "frère": "BRO", "gendre": "EXF", "neveu": "EXF", "compagnon": "DOM"}  # fmt: skip
_STRUCTURE = {"A03": "ADT_A03", "A05": "ADT_A05", "A28": "ADT_A05", "A31": "ADT_A05"}
_APPLICATIONS = (("GAM", "DPI"), ("PASTEL", "EAI"), ("ADMISSIONS", "SIL"), ("IDENTITO", "RIS"))
_FOLDERS = ("Interfaces/HL7/ADT/archive/{day:%Y%m%d}", "Interfaces/EAI/flux_identite/out",
            "Interfaces/HL7/in/traites", "Informatique/interfaces/logs_{day:%Y}")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Delimiters:
    """MSH-1 and MSH-2 of one file, and how a value is escaped under them."""

    field: str
    component: str
    repetition: str
    escape: str
    subcomponent: str

    @property
    def encoding(self) -> str:
        return self.component + self.repetition + self.escape + self.subcomponent

    def text(self, value: str) -> str:
        """A value with the declared delimiters escaped (``\\F\\``, ``\\S\\`` ...)."""
        e = self.escape
        out = value.replace(e, f"{e}E{e}")
        for char, code in ((self.field, "F"), (self.component, "S"), (self.subcomponent, "T"), (self.repetition, "R")):  # fmt: skip
            out = out.replace(char, f"{e}{code}{e}")
        return out


@dataclass(frozen=True, slots=True)
class _Message:
    segments: tuple[str, ...]
    exposures: tuple[Exposure, ...]


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One feed file: a message, or a batch of a day's messages."""
    delimiters = _draw_delimiters(rng)
    day = working_day(rng)
    count = 1 if rng.random() < 0.45 else rng.randint(5, 40)
    latin1 = rng.random() < 0.5
    patients = registry_patients(cast, count, day)
    messages = [_message(cast, rng, p, day, delimiters, latin1, n) for n, p in enumerate(patients)]
    segments = _framed(rng, messages, delimiters, day, count > 1)
    end = rng.choices(("\r", "\n", "\r\n"), (70, 15, 15))[0]
    text = end.join(segments) + end
    data = text.encode("latin-1" if latin1 else "utf-8", errors="replace")
    folder = rng.choice(_FOLDERS).format(day=day)
    stem = f"ADT_{day:%Y%m%d}_{rng.randint(1, 99999):05d}" if count > 1 else f"msg_{rng.randint(1, 9999999):07d}"  # fmt: skip
    name = f"{folder}/{stem}{rng.choice(('.hl7', '.hl7', '.txt', '.dat'))}"
    return LeakedItem(name, FileKind.HL7.value, data, tuple(e for m in messages for e in m.exposures))  # fmt: skip


def _draw_delimiters(rng: random.Random) -> _Delimiters:
    field, encoding = rng.choice(_ODD_DELIMITERS) if rng.random() < _ODD_SHARE else ("|", "^~\\&")
    return _Delimiters(field, *encoding)


def _framed(rng: random.Random, messages: list[_Message], d: _Delimiters, day: date, batch: bool) -> list[str]:  # fmt: skip
    """A batch in FHS/BHS ... BTS/FTS, or the messages one after another."""
    body = [s for m in messages for s in m.segments]
    if not batch or rng.random() < 0.5:
        return body
    f, stamp = d.field, f"{day:%Y%m%d}{rng.randint(0, 23):02d}0000"
    head = [f"FHS{f}{d.encoding}{f}GAM{f}{FINESS}{f}{f}{f}{stamp}", f"BHS{f}{d.encoding}{f}GAM{f}{FINESS}{f}{f}{f}{stamp}"]  # fmt: skip
    return [*head, *body, f"BTS{f}{len(messages)}", f"FTS{f}1"]


def _message(cast: Cast, rng: random.Random, person: Person, day: date, d: _Delimiters, latin1: bool, number: int) -> _Message:  # fmt: skip
    event, patient_class, is_stay = rng.choice(_EVENTS)
    f, c = d.field, d.component
    stamp = datetime.combine(day, time(rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)))
    sender, receiver = rng.choice(_APPLICATIONS)
    charset = "8859/1" if latin1 else "UNICODE UTF-8"
    control = f"{stamp:%Y%m%d%H%M%S}{number:04d}"
    msh = f.join(("MSH", d.encoding, sender, "CHKERVAL", receiver, "CHKERVAL", f"{stamp:%Y%m%d%H%M%S}", "",
                  f"ADT{c}{event}{c}{_STRUCTURE.get(event, 'ADT_A01')}",
                  control, "P", f"2.5{c}FRA", "", "", "", "", "FRA", charset, "", "", f"2.11{c}IHE_FR"))  # fmt: skip
    pid, exposure = _pid(rng, person, d)
    segments = [msh, f"EVN{f}{f}{stamp:%Y%m%d%H%M%S}", pid]
    exposures = [exposure]
    if rng.random() < 0.4:
        nk1, kin = _nk1(cast, rng, person, d)
        segments.append(nk1)
        exposures.append(kin)
    if is_stay:
        service = _unit_for(rng, person, day)
        segments.append(_pv1(rng, service, patient_class, stamp, d))
        segments.append(f"ZBE{f}{rng.randint(1, 9999999)}{c}{IPP_AUTHORITY}{f}{stamp:%Y%m%d%H%M}{f}{f}INSERT{f}N")  # fmt: skip
        exposures[0] = row_exposure(person, exposure.categories, service.categories, families=exposure.families, given=exposure.given, ipp=True)  # fmt: skip
    else:  # identity events carry a PV1 of class N (no stay), as PAM France asks
        segments.append(f"PV1{f}1{f}N")
    return _Message(tuple(segments), tuple(exposures))


def _pid(rng: random.Random, person: Person, d: _Delimiters) -> tuple[str, Exposure]:
    """PID with its repetitions, and what it exposes."""
    f, c, r, s = d.field, d.component, d.repetition, d.subcomponent
    shown: set[Category] = {Category.BIRTH_DATE}
    ids = [f"{person.patient_id}{c}{c}{c}{IPP_AUTHORITY}{s}{IPP_OID}{s}ISO{c}PI"]
    if person.nir and rng.random() < 0.6:
        ins = f"{person.nir}{c}{c}{c}ASIP-SANTE-INS-NIR{s}{INS_NIR_OID}{s}ISO{c}INS"
        ids.insert(rng.randrange(2), ins)
        shown.add(Category.NATIONAL_ID)
    names, families, given = _names(rng, person, d)
    born = f"{person.birth_date:%Y%m%d}" + (f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}" if rng.random() < 0.3 else "")  # fmt: skip
    address, phones = "", ""
    if person.address is not None and rng.random() < 0.8:
        a = person.address
        address = c.join(
            (d.text(a.street), d.text(a.extra), d.text(a.city), "", a.postcode, "FRA", "H")
        )
        shown.add(Category.ADDRESS)
    telecom = []
    if person.phone and rng.random() < 0.8:
        kind = "CP" if person.phone.startswith(("06", "07")) else "PH"
        telecom.append(f"{c}PRN{c}{kind}" + c * 9 + person.phone)
        shown.add(Category.PHONE)
    if person.email and rng.random() < 0.7:
        telecom.append(f"{c}NET{c}Internet{c}{d.text(person.email)}")
        shown.add(Category.EMAIL)
    phones = r.join(telecom)
    fields = ("PID", "1", "", r.join(ids), "", names, "", born, person.sex.value, "", "", address, "", phones)  # fmt: skip
    return f.join(fields), row_exposure(person, shown, (), families=families, given=given, ipp=True)


def _names(rng: random.Random, person: Person, d: _Delimiters) -> tuple[str, tuple[str, ...], str]:
    """PID-5: the birth name (``L``) and, for a married woman, the usual name (``D``)."""
    c, r = d.component, d.repetition
    first, *others = person.given_names.split(" ")
    all_given = bool(others) and rng.random() < 0.6
    further = d.text(upper(" ".join(others))) if all_given else ""
    prefix = "MME" if person.sex.value == "F" else "M"
    birth = person.birth_name or person.family_name
    legal = c.join((d.text(upper(birth)), d.text(upper(first)), further, "", prefix, "", "L"))
    given = person.given_names if all_given else first
    if not person.birth_name:
        return legal, (person.family_name,), given
    usual = c.join(
        (d.text(upper(person.family_name)), d.text(upper(first)), "", "", prefix, "", "D")
    )
    return r.join((legal, usual) if rng.random() < 0.8 else (usual, legal)), (person.family_name, person.birth_name), given  # fmt: skip


def _nk1(cast: Cast, rng: random.Random, patient: Person, d: _Delimiters) -> tuple[str, Exposure]:
    """A person to call: name, relationship (table 0063), phone; the relative is exposed."""
    relative, relation = cast.relative_of(patient)
    f, c = d.field, d.component
    name = c.join((d.text(upper(relative.family_name)), d.text(upper(relative.first_given)), "", "", "", "", "L"))  # fmt: skip
    shown = {Category.NAME}
    phone = ""
    if relative.phone and rng.random() < 0.7:
        phone = f"{c}PRN{c}PH" + c * 9 + relative.phone
        shown.add(Category.PHONE)
    code = _RELATIONSHIP.get(relation, "OTH")
    fields = ("NK1", "1", name, f"{code}{c}{d.text(relation)}{c}HL70063", "", phone, "", f"C{c}Personne à prévenir{c}HL70131")  # fmt: skip
    kin = exposure_of(relative, shown, families=(relative.family_name,), given=relative.first_given)
    return f.join(fields), kin


def _unit_for(rng: random.Random, person: Person, day: date) -> Service:
    """The stay's unit, plausible for the patient (maternity for women of age ...)."""
    for _ in range(20):
        service = rng.choice(ADMISSION_SERVICES)
        if Category.GYNECOLOGY_OBSTETRICS in service.categories and (person.sex.value != "F" or not 16 <= person.age_on(day) <= 46):  # fmt: skip
            continue
        if service.short == "PEDIA" and person.age_on(day) >= 18:
            continue
        return service
    return ADMISSION_SERVICES[2]


def _pv1(rng: random.Random, service: Service, patient_class: str, stamp: datetime, d: _Delimiters) -> str:  # fmt: skip
    """PV1 with the unit (UF code, room, bed, facility, then the unit's name in PL-9)."""
    f, c, s = d.field, d.component, d.subcomponent
    location = c.join((service.uf, str(rng.randint(100, 450)), str(rng.randint(1, 2)), "CHKERVAL", "", "", "", "", d.text(service.name)))  # fmt: skip
    visit = f"{nda(rng, stamp.date())}{c}{c}{c}{IPP_AUTHORITY}{s}{IPP_OID}{s}ISO{c}AN"
    fields = ["PV1", "1", patient_class, location, "R", "", "", "", "", "", "", "", "", "", "", "", "", "", "", visit]  # fmt: skip
    fields += [""] * 24 + [f"{stamp:%Y%m%d%H%M}"]
    return f.join(fields)
