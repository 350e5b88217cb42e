"""Every person accounted for: ``CASE/letters/not_sent.csv``, whom no letter reaches, and why.

The letters written are not the people to notify: a minor's letter goes to the parents, a
deceased patient's to the heirs, staff found in HR files get a letter though they are not
in the registry, and some people get nothing yet. This file lists each person for whom
no letter can be posted and no e-mail draft was written, by patient_id (or
``unregistered-<row>``, the data row of ``unregistered.csv``) and a reason; no name, so
the file can travel to whoever fixes the addresses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.report.letters import LettersSummary
from leakmap.report.output_files import LETTERS_DIR, write_output_csv
from leakmap.report.recipients import AddresseeKind, HoldReason
from leakmap.vocabulary import Decision

NOT_SENT_FILE = "not_sent.csv"
NOT_SENT_HEADER = ("person", "reason")


class NotSentReason(StrEnum):
    """Why no letter reaches a person (the ``reason`` column)."""

    AWAITING_REVIEW = "awaiting_review"
    MINOR_CONFIDENTIAL_CARE = "minor_confidential_care"
    NOT_IN_REGISTRY = "not_in_registry"
    UNREGISTERED = "unregistered_no_address"
    NO_ADDRESS_NOR_EMAIL = "no_postal_address_nor_email"
    DECEASED_NO_HEIRS_ADDRESS = "deceased_without_heirs_address"


@dataclass(frozen=True, slots=True)
class NotSent:
    """One person no letter reaches: ``person`` is a patient_id or ``unregistered-<row>``."""

    person: str
    reason: NotSentReason


_HELD = {
    HoldReason.CONFIDENTIAL_MINOR_CARE: NotSentReason.MINOR_CONFIDENTIAL_CARE,
    HoldReason.NOT_IN_REGISTRY: NotSentReason.NOT_IN_REGISTRY,
}


def people_not_reached(
    exposures: Sequence[Exposure],
    unregistered: Sequence[UnregisteredPerson],
    letters: LettersSummary,
) -> tuple[NotSent, ...]:
    """Everyone found in the leak whom neither a posted letter nor a draft reaches."""
    rows = [
        NotSent(e.patient_id, NotSentReason.AWAITING_REVIEW)
        for e in exposures
        if e.decision is Decision.REVIEW
    ]
    rows += [NotSent(key, _HELD[reason]) for key, reason in letters.held]
    emailed = set(letters.emailed) | {draft.addressee.key for draft in letters.drafts}
    unposted = set(letters.without_address) - emailed
    rows += [
        NotSent(a.key, _unposted_reason(a.kind)) for a in letters.addressees if a.key in unposted
    ]
    rows += [
        NotSent(f"unregistered-{row}", NotSentReason.UNREGISTERED)
        for row, person in enumerate(unregistered, start=1)
        if not person.staff
    ]
    return tuple(rows)


def count_by_reason(rows: Sequence[NotSent]) -> tuple[tuple[NotSentReason, int], ...]:
    """How many people per reason, in the reasons' order, reasons with none left out."""
    counts = Counter(row.reason for row in rows)
    return tuple((reason, counts[reason]) for reason in NotSentReason if counts[reason])


def write_not_sent(case_dir: Path, rows: Sequence[NotSent]) -> Path:
    """Write ``letters/not_sent.csv`` (header even when empty); return the path written."""
    ordered = sorted(rows, key=lambda row: (row.reason, row.person))
    path = case_dir / LETTERS_DIR / NOT_SENT_FILE
    return write_output_csv(
        case_dir, path, NOT_SENT_HEADER, ((r.person, r.reason.value) for r in ordered)
    )


def _unposted_reason(kind: AddresseeKind) -> NotSentReason:
    if kind is AddresseeKind.HEIRS:
        return NotSentReason.DECEASED_NO_HEIRS_ADDRESS
    return NotSentReason.NO_ADDRESS_NOR_EMAIL
