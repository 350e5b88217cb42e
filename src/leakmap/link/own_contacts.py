"""A mail's withheld contact that is the linked patient's own is that patient's exposure.

Grouping gives no one the addresses and phones of a mail's sender, recipients and copies
(``group/correspondents.py``): they are the hospital's people's. One exception only the
registry can tell: the patient's own address in ``Cc:`` of a mail between two doctors
about her, which her name beside it would not mark as hers. So once a mention is linked,
a withheld contact of its document equal to the linked patient's registry e-mail (case
folded) or phone (its last nine digits: ``+33 6…`` and ``06…`` agree) becomes the
mention's: its ``email`` or ``phone`` and the category, for that document. A contact equal
to no linked patient's, a doctor's, stays no one's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from leakmap.detect.findings import IDENTIFIER_CATEGORY, IdentifierKind
from leakmap.group.mention import PersonMention, WithheldContact
from leakmap.link.attribution import Attribution
from leakmap.link.comparisons import phone_digits
from leakmap.link.registry import Patient


def restore_own_contacts(
    attributions: Sequence[Attribution], patients: Mapping[str, Patient]
) -> list[Attribution]:
    """The attributions, each mention given back the withheld contacts that are its
    linked patient's own in the registry."""
    restored = []
    for attribution in attributions:
        patient = patients.get(attribution.patient_id or "")
        mention = attribution.mention
        if patient is not None and attribution.decision is not None and mention.withheld:
            owned = [c for c in mention.withheld if _is_own(c, patient)]
            if owned:
                attribution = replace(attribution, mention=_with_contacts(mention, owned))
        restored.append(attribution)
    return restored


def _is_own(contact: WithheldContact, patient: Patient) -> bool:
    if contact.kind is IdentifierKind.EMAIL:
        own = patient.email.strip().casefold()
        return bool(own) and contact.value.strip().casefold() == own
    if contact.kind is IdentifierKind.PHONE:
        own = phone_digits(patient.phone)
        return bool(own) and phone_digits(contact.value) == own
    return False


def _with_contacts(mention: PersonMention, owned: list[WithheldContact]) -> PersonMention:
    """The mention with its patient's own contacts: a value it already has is kept."""
    email = next((c.value for c in owned if c.kind is IdentifierKind.EMAIL), "")
    phone = next((c.value for c in owned if c.kind is IdentifierKind.PHONE), "")
    categories = {cat for c in owned if (cat := IDENTIFIER_CATEGORY[c.kind]) is not None}
    return replace(
        mention,
        email=mention.email or email,
        phone=mention.phone or phone,
        categories=mention.categories | categories,
    )
