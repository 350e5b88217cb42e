"""Who is staff, across the whole dump: the staff directory, and names on too many files.

Roles read on a name's own line (``detect/roles.py``) miss the untitled signature, the
copy list, the "Jean MARTIN, service de cardiologie" footer. Two facts of the whole dump
catch them once every document is grouped, before linking:

- the hospital's staff directory (``scan --staff``): a mention named like a staff member
  with nothing of a patient beside it (no birth date, IPP/NDA, NIR, address, age) is that
  staff member at work, not an exposure. With personal data but no hospital number and no
  health (a payroll or HR file whose headers were not recognised) it is staff exposed as
  a person: role ``staff``, reported as an unregistered person, like HR tables. With a
  birth date beside a health record, or an IPP, it is a patient: staff are patients too.
- the dump's own personnel files: an HR or payroll table row (role ``staff``, its
  headers recognised) with a birth date or a NIR is a staff member of record, read like
  a directory line. Ransomware dumps carry the HR share beside the clinical ones; the
  nurse's name bare on an absence sheet or a service note is then the nurse, not her
  namesake in the registry.
- frequency: a name written bare (no patient evidence) in running text on many files,
  beside several other people, is a clinician or a secretary, not a patient. A chronically ill patient may be on fifty files, but his birth date or IPP
  is beside his name on most of them; ``dominance`` keeps him a patient.

Both only ever take bare mentions away from linking; a mention with patient evidence is
never touched, so a physician who is also a patient is still notified for his own file.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from leakmap.detect.findings import Role
from leakmap.detect.text import person_key
from leakmap.group.mention import PersonMention
from leakmap.vocabulary import HEALTH_CATEGORIES

RULE = "staff-roles.v1"
STAFF_DIRECTORY_CUE = "staff_directory"
PERSONNEL_FILE_CUE = "personnel_file"
FREQUENCY_CUE = "frequency"

NameKey = tuple[str, str]  # (family key, first given key)


@dataclass(frozen=True, slots=True)
class StaffMember:
    """One line of the hospital's staff directory; empty strings where not given."""

    family_name: str
    given_names: str
    birth_date: date | None = None
    job: str = ""
    department: str = ""

    @property
    def key(self) -> NameKey:
        """(family key, first given key), the form mentions are compared in."""
        return person_key(self.family_name, self.given_names)


@dataclass(frozen=True, slots=True)
class FrequencyRule:
    """When a name bare on many files is staff.

    ``min_documents`` and ``document_share`` (of the files that name anybody) set how many
    files with the bare name it takes: 5 on a small dump, 0.2 % of a big one, so a
    physician on 200 of 50,000 reports is caught. ``min_other_people``: other people named
    on those files (a signer signs for many patients, a secretary is on notes and
    protocols beside colleagues; a relative sits beside one patient). ``dominance``: bare
    files must outnumber the files where the name carries patient evidence this many
    times (the chronic patient); a file where the name also carries evidence is never a
    bare file ("M. X" in the text under his own label).
    ``min_documents`` 0 turns the rule off.
    """

    min_documents: int = 5
    document_share: float = 0.002
    min_other_people: int = 2
    dominance: int = 3

    def documents_needed(self, named_documents: int) -> int:
        """Files with the bare name from which it is staff, for a dump of this size."""
        return max(self.min_documents, math.ceil(self.document_share * named_documents))


@dataclass(frozen=True, slots=True)
class RoleCall:
    """A mention whose role the whole dump decided: ``role`` and the ``cue`` that did."""

    mention: str
    role: Role
    cue: str


def call_roles(
    mentions: Sequence[PersonMention],
    *,
    staff: Iterable[StaffMember] = (),
    rule: FrequencyRule | None = None,
) -> tuple[RoleCall, ...]:
    """The role calls of the whole case (computed; ``apply_role_calls`` applies them)."""
    calls = {c.mention: c for c in _frequency_calls(mentions, rule or FrequencyRule())}
    found = personnel_file_staff(mentions)
    claimed = _claimed_by_personnel(mentions, found)
    calls.update((c.mention, c) for c in _directory_calls(claimed, found, PERSONNEL_FILE_CUE))
    calls.update((c.mention, c) for c in _directory_calls(mentions, staff, STAFF_DIRECTORY_CUE))
    return tuple(calls.values())


def personnel_file_staff(mentions: Iterable[PersonMention]) -> tuple[StaffMember, ...]:
    """Staff members of record found in the dump's personnel files.

    A row read as staff (HR or payroll headers) that prints a birth date or a NIR is a
    person's own HR record; a bare name on a staff list (a rota) is not enough, since a
    misread patient list must not turn its patients into staff.
    """
    members = {
        (m.family_name, m.given_names, m.birth_date)
        for m in mentions
        if m.role is Role.STAFF and m.location.row >= 0 and (m.birth_date or m.nir)
    }
    return tuple(StaffMember(f, g, b) for f, g, b in sorted(members, key=str))


def apply_role_calls(
    mentions: Iterable[PersonMention], calls: Iterable[RoleCall]
) -> list[PersonMention]:
    """Mentions to link: those called clinicians left out, those called staff so marked."""
    by_key = {c.mention: c for c in calls}
    kept = []
    for mention in mentions:
        call = by_key.get(mention.key)
        if call is None:
            kept.append(mention)
        elif call.role is Role.STAFF:
            kept.append(replace(mention, role=Role.STAFF))
    return kept


def has_patient_evidence(mention: PersonMention) -> bool:
    """Whether something beside the name marks a patient (or a person's own record)."""
    return bool(
        mention.birth_date or mention.ipp or mention.nda or mention.nir or mention.address
        or mention.age is not None
    )  # fmt: skip


def mention_name_key(mention: PersonMention) -> NameKey | None:
    """(family key, first given key), or ``None`` when the mention lacks either."""
    family, given = person_key(mention.family_name, mention.given_names)
    return (family, given) if family and given else None


def _directory_calls(
    mentions: Sequence[PersonMention], staff: Iterable[StaffMember], cue: str
) -> Iterator[RoleCall]:
    births: dict[NameKey, set[date | None]] = defaultdict(set)
    for member in staff:
        births[member.key].add(member.birth_date)
    if not births:
        return
    for mention in mentions:
        key = mention_name_key(mention)
        if key is None or key not in births or mention.role is not Role.UNKNOWN:
            continue
        known = births[key]
        if mention.birth_date and None not in known and mention.birth_date not in known:
            continue  # a patient who shares a staff member's name, born another day
        if not has_patient_evidence(mention):
            yield RoleCall(mention.key, Role.CLINICIAN, cue)
        elif _is_personnel_record(mention):
            yield RoleCall(mention.key, Role.STAFF, cue)


def _claimed_by_personnel(
    mentions: Sequence[PersonMention], found: Sequence[StaffMember]
) -> list[PersonMention]:
    """The mentions that staff of the personnel files may claim: outside care anywhere,
    and every one of a staff document, where most people named are staff of record (an
    absence sheet's "congé maternité" is the nurse's, not her namesake patient's)."""
    staff = {member.key for member in found}
    if not staff:
        return []
    named: dict[str, set[NameKey]] = defaultdict(set)
    for mention in mentions:
        key = mention_name_key(mention)
        if key is not None:
            named[mention.sha256].add(key)
    staff_documents = {
        sha
        for sha, keys in named.items()
        if (len(keys & staff) >= 2 or len(keys) == 1) and 2 * len(keys & staff) >= len(keys)
    }
    return [m for m in mentions if m.sha256 in staff_documents or _outside_care(m)]


def _outside_care(mention: PersonMention) -> bool:
    """Nothing of care beside the name: no health, no patient evidence, and not a table
    row with the person's own phone or e-mail (a survey's or a billing list's patients).

    Staff found in the dump's personnel files only claim such mentions: the generated and
    real dumps alike name staff and patients from the same population, and a namesake's
    row in a consultation planning is a patient's.
    """
    if mention.categories & HEALTH_CATEGORIES or has_patient_evidence(mention):
        return False
    return not (mention.location.row >= 0 and (mention.phone or mention.email))


def _is_personnel_record(mention: PersonMention) -> bool:
    """Personal data with no hospital number and no health: an HR record, not a patient's."""
    return not (mention.ipp or mention.nda) and not (mention.categories & HEALTH_CATEGORIES)


def _frequency_calls(mentions: Sequence[PersonMention], rule: FrequencyRule) -> list[RoleCall]:
    bare: dict[NameKey, list[PersonMention]] = defaultdict(list)
    evidenced: dict[NameKey, set[str]] = defaultdict(set)
    people_in: dict[str, set[NameKey]] = defaultdict(set)
    for mention in mentions:
        key = mention_name_key(mention)
        if key is None:
            continue
        people_in[mention.sha256].add(key)
        if has_patient_evidence(mention):
            evidenced[key].add(mention.sha256)
        elif mention.role is Role.UNKNOWN and mention.location.row < 0:
            bare[key].append(mention)  # a table row's name is that row's subject: never
    if rule.min_documents <= 0:
        return []
    needed = rule.documents_needed(len({m.sha256 for m in mentions}))
    calls = []
    for key, found in bare.items():
        files = {m.sha256 for m in found} - evidenced[key]
        others = set().union(*(people_in[f] for f in files)) - {key}
        if (
            len(files) >= needed
            and len(others) >= rule.min_other_people
            and len(files) >= rule.dominance * len(evidenced[key])
        ):
            calls += [RoleCall(m.key, Role.CLINICIAN, FREQUENCY_CUE) for m in found]
    return calls
