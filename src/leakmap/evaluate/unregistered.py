"""People the case could not place in the registry, against those the generator planted.

Approximate by design. A case row and a truth person match when their normalised family
name and given names are equal (``name_keys``) and their birth dates are equal, or when one
side has no birth date (a newborn's, or one the leak did not show). Matching is one to one
and greedy: first every exact match, then the birth-date wildcards, in file order. So a
person the case lists twice counts once as found and once as a false row, a spelling
variant ("Marie" for "Marie Claire") counts as a miss and a false row, and a registered
patient the case failed to link lands here as a false row: all three are real defects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from leakmap.evaluate.case_rows import UnregisteredRow
from leakmap.evaluate.name_keys import PersonKey, person_key
from leakmap.evaluate.ratios import PrecisionRecall, ratio
from leakmap.evaluate.truth import TruthUnregistered


@dataclass(frozen=True, slots=True)
class RoleRecall:
    """How many of one role's people (``relative``, ``staff``, ...) the case found."""

    role: str
    people: int
    found: int
    recall: float


@dataclass(frozen=True, slots=True)
class UnregisteredScore:
    """Rows of ``unregistered.csv`` matched to the truth's unregistered people."""

    case_rows: int
    truth_people: int
    agreement: PrecisionRecall
    by_role: tuple[RoleRecall, ...]


def score_unregistered(
    rows: tuple[UnregisteredRow, ...], truth: tuple[TruthUnregistered, ...]
) -> UnregisteredScore:
    """Match rows to truth people one to one and count what was found and what was not."""
    case_keys = [person_key(r.family_name, r.given_names, r.birth_date) for r in rows]
    truth_keys = [person_key(p.family_name, p.given_names, p.birth_date) for p in truth]
    found = match_people(case_keys, truth_keys)
    matched = len(found)
    return UnregisteredScore(
        case_rows=len(rows),
        truth_people=len(truth),
        agreement=PrecisionRecall.from_counts(matched, len(rows) - matched, len(truth) - matched),
        by_role=_by_role(truth, found),
    )


def match_people(case_keys: list[PersonKey], truth_keys: list[PersonKey]) -> set[int]:
    """Indices of truth people matched to some case row, one to one (see module doc)."""
    free = set(range(len(truth_keys)))
    left = _claim(case_keys, truth_keys, free, exact=True)
    _claim(left, truth_keys, free, exact=False)
    return set(range(len(truth_keys))) - free


def _claim(
    case_keys: list[PersonKey], truth_keys: list[PersonKey], free: set[int], *, exact: bool
) -> list[PersonKey]:
    """Give each case key the first free truth person it matches; return keys left over."""
    by_names: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, key in enumerate(truth_keys):
        by_names[key.names].append(index)
    left = []
    for key in case_keys:
        fits = (
            i
            for i in by_names.get(key.names, ())
            if i in free and (key == truth_keys[i] if exact else _date_unknown(key, truth_keys[i]))
        )
        claimed = next(fits, None)
        if claimed is None:
            left.append(key)
        else:
            free.discard(claimed)
    return left


def _date_unknown(case_key: PersonKey, truth_key: PersonKey) -> bool:
    return case_key.birth_date is None or truth_key.birth_date is None


def _by_role(truth: tuple[TruthUnregistered, ...], found: set[int]) -> tuple[RoleRecall, ...]:
    people: dict[str, int] = defaultdict(int)
    hits: dict[str, int] = defaultdict(int)
    for index, person in enumerate(truth):
        people[person.role] += 1
        hits[person.role] += index in found
    return tuple(
        RoleRecall(role, people[role], hits[role], ratio(hits[role], people[role]))
        for role in sorted(people)
    )
