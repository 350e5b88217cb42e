"""Contacts that belong to the institution, not to the person they were printed beside.

A hospital prints its own address, switchboard and secretariat e-mail in every letterhead
and footer. Within one document, grouping cannot always tell the letterhead's address from
the patient's (both sit near the patient's name), so the hospital's address ends up on
dozens of mentions: a false ``address`` exposure for each, and a postcode that disagrees
with the registry for linkage. Across the whole dump the institution gives itself away:
the same contact printed beside many different people. A person's own contact is printed
beside that person and a few relatives at most.

The rule, over the mentions of the whole case: a street address, phone or e-mail seen
beside at least ``min_people`` distinct people (family name and first initial) on at
least ``min_documents`` files is the institution's; so is a postcode most of whose
mentions carry such an address (a CEDEX code). Those values are taken off every mention,
and the category they gave with them. A mention printed at the address the registry
gives that very person is not counted: the registry knows who lives there, and a hamlet
("Lieu-dit Kervéguen") or a tower block is home to dozens of patients. The cost, stated: residents of one care home
unknown to the registry at that address lose it as an exposure and as linkage evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from leakmap.detect.text import fold
from leakmap.group.mention import PersonMention
from leakmap.vocabulary import Category

RULE = "shared-contacts.v1"
#: Share of a postcode's mentions that must carry an institutional address for the
#: postcode itself to be the institution's.
POSTCODE_SHARE = 0.8

#: (family name, first initial) and address key of a registry patient who lives there.
Resident = tuple[tuple[str, str], str]


@dataclass(frozen=True, slots=True)
class SharedContacts:
    """The contact values found to be the institution's, by field."""

    addresses: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.addresses or self.postcodes or self.phones or self.emails)


def find_shared_contacts(
    mentions: Sequence[PersonMention],
    *,
    residents: frozenset[Resident] = frozenset(),
    min_people: int = 6,
    min_documents: int = 6,
) -> SharedContacts:
    """The contacts printed beside too many different people to be any one's
    (``residents``: who the registry says lives where, see ``resident_keys``)."""

    def shared(field: str) -> frozenset[str]:
        people: dict[str, set[tuple[str, str]]] = defaultdict(set)
        documents: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            value = _key(getattr(mention, field))
            if not value:
                continue
            person = _person(mention)
            if field == "address" and (person, value) in residents:
                continue  # the person's own home, as the registry has it
            people[value].add(person)
            documents[value].add(mention.sha256)
        return frozenset(
            v for v in people if len(people[v]) >= min_people and len(documents[v]) >= min_documents
        )

    addresses = shared("address")
    return SharedContacts(
        addresses=addresses,
        postcodes=_institutional_postcodes(mentions, addresses),
        phones=shared("phone"),
        emails=shared("email"),
    )


def without_shared_contacts(
    mentions: Iterable[PersonMention], contacts: SharedContacts
) -> list[PersonMention]:
    """The mentions with the institution's contacts taken off (and their categories)."""
    if not contacts:
        return list(mentions)
    return [_cleaned(m, contacts) for m in mentions]


def _cleaned(mention: PersonMention, contacts: SharedContacts) -> PersonMention:
    changes: dict[str, object] = {}
    removed: set[Category] = set()
    if _key(mention.address) in contacts.addresses:
        changes["address"] = changes["postcode"] = ""  # the postcode printed with it
        removed.add(Category.ADDRESS)
    elif mention.postcode and mention.postcode in contacts.postcodes and not mention.address:
        changes["postcode"] = ""
        removed.add(Category.ADDRESS)
    if _key(mention.phone) in contacts.phones:
        changes["phone"] = ""
        removed.add(Category.PHONE)
    if _key(mention.email) in contacts.emails:
        changes["email"] = ""
        removed.add(Category.EMAIL)
    if not changes:
        return mention
    left = replace(mention, **changes)  # type: ignore[arg-type]
    # A category stays when the mention still carries a value of that kind.
    still = {
        Category.ADDRESS: bool(left.address or left.postcode),
        Category.PHONE: bool(left.phone),
        Category.EMAIL: bool(left.email),
    }
    gone = {c for c in removed if not still[c]}
    return replace(left, categories=left.categories - gone)


def _institutional_postcodes(
    mentions: Sequence[PersonMention], addresses: frozenset[str]
) -> frozenset[str]:
    total: dict[str, int] = defaultdict(int)
    beside_shared: dict[str, int] = defaultdict(int)
    for mention in mentions:
        if mention.postcode:
            total[mention.postcode] += 1
            if _key(mention.address) in addresses:
                beside_shared[mention.postcode] += 1
    return frozenset(p for p, n in beside_shared.items() if n >= POSTCODE_SHARE * total[p])


def resident_keys(people: Iterable[tuple[str, str, str]]) -> frozenset[Resident]:
    """Residents from (family or birth name, given names, address) triples of a registry."""
    return frozenset(
        (_person_key(family, given), _key(address))
        for family, given, address in people
        if family and address
    )


def _key(value: str) -> str:
    return " ".join(fold(value).split()) if value else ""


def _person(mention: PersonMention) -> tuple[str, str]:
    return _person_key(mention.family_name, mention.given_names)


def _person_key(family: str, given: str) -> tuple[str, str]:
    """(family name, first initial): how people beside a contact are told apart."""
    return fold(family).strip(), fold(given)[:1]
