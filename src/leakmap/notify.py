"""After the scan: letters, complaint kits and the regulator report of a case.

Reads the case's stored results (as the last ``scan`` or ``report`` left them) and writes
everything inside the case directory; nothing is sent anywhere. A patient whose leaked
files include a death certificate or an autopsy is treated as deceased: their letter goes
to the heirs, never to them.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.attribution import Attribution
from leakmap.link.registry import Patient
from leakmap.report.case_outputs import document_rows
from leakmap.report.lookup import CallerAnswer, CallerQuery, LookupRefused, answer_caller
from leakmap.report.notification_outputs import NotificationOutputs, write_notification_outputs
from leakmap.store import Case
from leakmap.store.lookups import record_lookup
from leakmap.vocabulary import Category


def write_notifications(
    case_dir: Path, *, today: date, kind: str = "initial", language: str = "fr"
) -> NotificationOutputs:
    """Letters, complaint kits and the regulator report, from the case as it stands."""
    with Case.open(case_dir) as case:
        exposures = case.load_records("exposures", Exposure)
        unregistered = case.load_records("unregistered", UnregisteredPerson)
        attributions = case.load_records("attributions", Attribution)
        patients = case.load_patients(Patient)
        documents = document_rows(list(case.documents()), attributions, unregistered)
    deceased = frozenset(e.patient_id for e in exposures if Category.DEATH in e.categories)
    return write_notification_outputs(
        case_dir,
        exposures=exposures,
        unregistered=unregistered,
        documents=documents,
        patients=patients,
        today=today,
        kind=kind,
        language=language,
        deceased=deceased,
        staff=[person for person in unregistered if person.staff],
    )


def look_up(case_dir: Path, query: CallerQuery, *, operator: str = "") -> CallerAnswer:
    """The hotline's question: is this one caller affected? (No documents, no one else.)

    Every question is written to the case's lookup log, refused ones too, before the
    answer (or ``LookupRefused``) goes back; ``operator`` names the account asking (by
    default the OS account running leakmap).
    """
    operator = operator or _os_account()
    with Case.open(case_dir, writer=False) as case:
        exposures = case.load_records("exposures", Exposure)
        unregistered = case.load_records("unregistered", UnregisteredPerson)
        patients = case.load_patients(Patient)
        try:
            answer = answer_caller(
                query, exposures=exposures, patients=patients, unregistered=unregistered
            )
        except LookupRefused:
            record_lookup(case, question=query.canonical(), outcome="refused", operator=operator)
            raise
        record_lookup(
            case, question=query.canonical(), outcome=answer.status.value, operator=operator
        )
    return answer


def _os_account() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
