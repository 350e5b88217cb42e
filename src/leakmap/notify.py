"""After the scan: letters, complaint kits and the regulator report of a case.

Reads the case's stored results (as the last ``scan`` or ``report`` left them) and writes
everything inside the case directory; nothing is sent anywhere. A patient whose leaked
files include a death certificate or an autopsy is treated as deceased: their letter goes
to the heirs, never to them.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.i18n import N_, _
from leakmap.link.attribution import Attribution
from leakmap.link.registry import Patient
from leakmap.report.case_outputs import document_rows
from leakmap.report.earlier_letters import keep_earlier_letters
from leakmap.report.lookup import CallerAnswer, CallerQuery, LookupRefused, answer_caller
from leakmap.report.not_sent import NotSentReason, count_by_reason
from leakmap.report.notification_outputs import NotificationOutputs, write_notification_outputs
from leakmap.report.recipients import AddresseeKind
from leakmap.store import Case
from leakmap.store.lookups import record_lookup
from leakmap.store.waves import news_since
from leakmap.vocabulary import Category

#: Case meta entry: the last ``notify``'s kind and language, so ``report`` can rewrite
#: the letters its decisions change the same way.
NOTIFY_META = "notify"


def write_notifications(
    case_dir: Path,
    *,
    today: date,
    kind: str = "initial",
    language: str = "fr",
    progress: Callable[[str], None] = lambda step: None,
    since_wave: str | None = None,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> NotificationOutputs:
    """Letters, complaint kits and the regulator report, from the case as it stands.

    ``progress`` is told each step as it starts (reading the case, letters, kits...);
    ``counted(done, total)`` as the letters (with their kits and drafts) are written.
    ``since_wave`` (a wave's number or name): letters only for the people that wave and
    later ones newly expose or worsen, and the regulator report lists those waves
    (``store.waves.news_since``); the other people's earlier letters are kept.
    """
    progress(_("reading the case"))
    with Case.open(case_dir) as case:
        exposures = case.load_records("exposures", Exposure)
        unregistered = case.load_records("unregistered", UnregisteredPerson)
        attributions = case.load_records("attributions", Attribution)
        patients = case.load_patients(Patient)
        documents = document_rows(list(case.documents()), attributions, unregistered)
        news = news_since(case, since_wave) if since_wave else None
    if news is not None:  # what each of them was sent first stays in the case
        keep_earlier_letters(case_dir, news)
    deceased = frozenset(e.patient_id for e in exposures if Category.DEATH in e.categories)
    outputs = write_notification_outputs(
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
        progress=progress,
        news=news,
        counted=counted,
    )
    with Case.open(case_dir) as case:  # once written: ``report`` then rewrites them
        last = {"kind": kind, "language": language, "since_wave": since_wave}
        case.set_meta(NOTIFY_META, last)
    return outputs


#: The summary's words (English msgids, said in the user's language by ``_()``).
_KIND_WORDS = {
    AddresseeKind.PATIENT: N_("to the patients themselves"),
    AddresseeKind.PARENTS: N_("to the parents of minors"),
    AddresseeKind.HEIRS: N_("to the heirs of deceased patients"),
    AddresseeKind.STAFF: N_("to staff (found in staff files, not in the registry)"),
}
_REASON_WORDS = {
    NotSentReason.AWAITING_REVIEW: N_("decision 'review', waiting for a reviewer"),
    NotSentReason.MINOR_CONFIDENTIAL_CARE: N_("minor with confidential care, held for review"),
    NotSentReason.NOT_IN_REGISTRY: N_("patient_id no longer in the registry"),
    NotSentReason.UNREGISTERED: N_("found in the leak, in no registry: no address"),
    NotSentReason.NO_ADDRESS_NOR_EMAIL: N_("no postal address and no e-mail"),
    NotSentReason.DECEASED_NO_HEIRS_ADDRESS: N_("deceased, no address for the heirs"),
}


def format_notify_summary(outputs: NotificationOutputs) -> list[str]:
    """What ``notify`` wrote, and why letters differ from people to notify: counts only."""
    letters = outputs.letters
    lines = [
        _("people to notify: {count} (registry patients, decision notify)").format(
            count=outputs.people_to_notify
        ),
        _("letters written: {count}").format(count=letters.written),
        *(f"  {n} {_(_KIND_WORDS[kind])}" for kind, n in letters.by_kind),
        _("e-mail drafts: {count} (only for addressees with an e-mail address)").format(
            count=outputs.drafts
        ),
        _("complaint kits: {count} (one with each letter)").format(count=outputs.kits),
        _("not reached: {count} people, by patient_id and reason in {path}").format(
            count=len(outputs.not_sent), path=outputs.not_sent_file
        ),
    ]
    lines += [
        f"  {n} {_(_REASON_WORDS[reason])}" for reason, n in count_by_reason(outputs.not_sent)
    ]
    return lines


def rewrite_notifications(case_dir: Path, *, today: date) -> NotificationOutputs | None:
    """Rewrite the letters as the last ``notify`` did, if it ran; ``None`` if it never did.

    ``report`` calls it after applying review decisions: a letter written before a
    decision must not keep a category, or a person, the reviewer ruled out.
    """
    with Case.open(case_dir, writer=False) as case:
        last = case.get_meta(NOTIFY_META)
    if not last:
        return None
    return write_notifications(
        case_dir, today=today, kind=str(last["kind"]), language=str(last["language"]),
        since_wave=last.get("since_wave"),
    )  # fmt: skip


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
                query,
                exposures=exposures,
                patients=patients,
                unregistered=unregistered,
                on=date.today(),
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
