"""People in the leak who are nobody in the registry, clustered across files.

Mentions that no registry patient explains are clustered so that one person in five files
is one row. Two mentions are the same person when

- their family and first given names are equal and their birth dates equal, one part
  off (a typo), or unknown on one side; or
- they print the same birth date and their family names differ by one typing/OCR slip
  ("MARIN" for MARTIN, found through single-deletion variants as in registry blocking),
  or a given name is the other's initial ("J." for Jean). Without that date a slip is not
  trusted (MARIN is someone's name too); given names otherwise must agree, since twins
  share family name and birth date (Louis and Louise). Two birth dates are two people.

A mention that says less (no birth date, an initial) joins a person only when exactly one
fits (otherwise "MARTIN Jean" without a date could be any of them); undated mentions of
the same name form one person. Links are transitive (union–find), but a cluster never
holds two birth dates more than one slip apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.link.comparisons import compare_birth_date
from leakmap.link.placeholders import is_placeholder_only
from leakmap.link.registry_index import deletion_variants

_MIN_FUZZY_LENGTH = 4  # shorter family names are one slip from too many others


class _Person:
    """A mention reduced to what clustering compares."""

    __slots__ = ("birth", "family", "given", "mention")

    def __init__(self, mention: PersonMention) -> None:
        self.mention = mention
        self.family = name_key(mention.family_name)
        self.given = name_key(mention.given_names).split()[0]
        self.birth: date | None = mention.birth_date


def unregistered_clusters(attributions: Iterable[Attribution]) -> list[list[PersonMention]]:
    """Clusters of unattributed, fully named mentions, largest first."""
    people = [
        _Person(a.mention)
        for a in attributions
        if a.patient_id is None
        and a.mention.family_name
        and name_key(a.mention.given_names)
        and not is_placeholder_only(a.mention)
    ]
    parent = list(range(len(people)))
    births: list[set[date]] = [{p.birth} if p.birth else set() for p in people]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b and _dates_agree(births[a] | births[b]):
            parent[b] = a
            births[a] |= births[b]

    fits: dict[int, set[int]] = defaultdict(set)  # a vaguer mention → the people it fits
    for i, j in sorted(_candidate_pairs(people)):
        if not _same_person(people[i], people[j]):
            continue
        vaguer = _vaguer(people[i], people[j])
        if vaguer is None:
            union(i, j)
        else:
            fits[i if vaguer is people[i] else j].add(j if vaguer is people[i] else i)
    for vague, fitting in sorted(fits.items()):
        roots = {find(j) for j in fitting}
        if len(roots) == 1:
            union(roots.pop(), vague)
    clusters: dict[int, list[PersonMention]] = defaultdict(list)
    for i, person in enumerate(people):
        clusters[find(i)].append(person.mention)
    return sorted(clusters.values(), key=lambda c: (-len(c), c[0].key))


def _dates_agree(births: set[date]) -> bool:
    """At most one birth date, or dates one part apart (a typo, not another person)."""
    return all(compare_birth_date(a, b) in ("exact", "close") for a in births for b in births)


def _candidate_pairs(people: list[_Person]) -> set[tuple[int, int]]:
    """Pairs of people whose family names share a deletion variant and whose given names
    start alike (``_same_person`` asks no less: a common name's mentions are not all paired
    with one another)."""
    by_variant: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, person in enumerate(people):
        family = person.family
        variants = deletion_variants(family) if len(family) >= _MIN_FUZZY_LENGTH else {family}
        for variant in variants:
            by_variant[(variant, person.given[:1])].append(i)
    pairs = set()
    for members in by_variant.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _same_person(a: _Person, b: _Person) -> bool:
    if a.family == b.family and a.given == b.given:
        if a.birth is None or b.birth is None:
            return True
        return compare_birth_date(a.birth, b.birth) in ("exact", "close")
    # MARIN and MARTIN are both real names: a slip only with the same birth date. Given
    # names must agree but for an initial: twins share the rest (Louis and Louise).
    if a.birth is None or a.birth != b.birth:
        return False
    return (a.family == b.family or _one_slip(a.family, b.family)) and (
        a.given == b.given or _is_initial_of(a.given, b.given)
    )


def _vaguer(a: _Person, b: _Person) -> _Person | None:
    """The one that says less (no birth date, an initial), when one does: it joins a person
    only if it fits a single one (else "J. MARTIN" would merge Jean and Jeanne)."""
    if bool(a.birth) != bool(b.birth):
        return b if a.birth else a
    if len(a.given) != len(b.given) and min(len(a.given), len(b.given)) == 1:
        return a if len(a.given) == 1 else b
    return None


def _one_slip(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= _MIN_FUZZY_LENGTH and bool(
        deletion_variants(a) & deletion_variants(b)
    )


def _is_initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]
