"""Who writes and receives a mail: their addresses and signatures are not the patient's.

A mail about a patient carries the hospital's people too: the sender, the recipients and
copies on its address lines (``From:``, ``To:``, ``Cc:``… or, in a forwarded chain,
``De :``, ``À :``), and the sender's signature under the closing formula, with the
service's phone and the sender's own address. Grouping gives an identifier to the
nearest name, so these used to become the patient's ``email`` or ``phone`` exposure, and
the recipient, named on the ``To:`` line, became a person exposed with the mail's health
data.

The rule, per block that has address lines (one with an e-mail address on it):

- the names on address lines are correspondents; a name in the text equal to a
  correspondent's (the signature) is that correspondent again;
- a correspondent is the mail's subject only when the mail is about them: no one else
  is named (a patient writing in about their own care, the hospital writing to a
  patient), and their address shares its domain with no other address of the mail (an
  internal mail, ``@chu-…`` to ``@chu-…``, is between staff). The subject is the one the
  text names, else the sender;
- every other correspondent is treated as a clinician: no mention, and the e-mail
  addresses and phones of their address lines and of the sender's signature go with
  them. Only what is printed as the subject's stays the subject's.

What is taken off is not lost: it comes back as the mail's withheld contacts
(``Settled.withheld``), and once the mail's patients are linked, a withheld address or
phone equal to a linked patient's own in the registry is that patient's again
(``link/own_contacts.py``): a doctor's address is nobody's, the patient's own in ``Cc:``
is hers.

The cost, stated: a patient who writes about a relative (naming them) makes no mention
of that mail, so nothing links her there and her address stays withheld.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from leakmap.detect.findings import Identifier, IdentifierKind, NameHit, Role
from leakmap.detect.text import fold
from leakmap.extract.document import ExtractedDocument

RULE = "mail-correspondents.v1"

#: Address fields (RFC 5322 and MSG's ``From-Address``, French Outlook's quoted headers);
#: the first group's are the sender's.
SENDER_FIELDS = ("from", "from-address", "sender", "reply-to", "de", "expediteur", "expéditeur")
RECIPIENT_FIELDS = ("to", "cc", "bcc", "à", "a", "cci", "destinataire", "destinataires")
_ADDRESS_LINE = re.compile(
    r"(?im)^[ \t>]*(?P<field>"
    + "|".join(re.escape(f) for f in SENDER_FIELDS + RECIPIENT_FIELDS)
    + r")[ \t]?:[^\n]*"
)
#: A line that closes a mail's text: what follows is the sender's signature.
_CLOSING = re.compile(
    r"(?im)^[ \t]*(?:(?:bien |tr[èe]s |tr[èe]s bien )?cordialement|bien [àa] (?:toi|vous)"
    r"|bonne (?:journ[ée]e|soir[ée]e|fin de journ[ée]e)|merci\b|(?:sinc[èe]res )?salutations"
    r"|amicalement|bises|--[ \t]*$)[^\n]{0,30}$"
)
_SIGNATURE_LINES = 8  # lines under the closing formula that are the signature
_CONTACTS = frozenset({IdentifierKind.EMAIL, IdentifierKind.PHONE})


@dataclass(frozen=True, slots=True)
class _AddressLine:
    start: int
    end: int
    is_sender: bool


@dataclass(frozen=True, slots=True)
class _MailBlock:
    """One block's address lines and its signatures (one per message of a chain)."""

    block: int
    lines: tuple[_AddressLine, ...]
    signatures: tuple[tuple[int, int], ...]

    def line_at(self, start: int) -> _AddressLine | None:
        return next((line for line in self.lines if line.start <= start < line.end), None)

    def in_signature(self, start: int) -> bool:
        return any(first <= start < end for first, end in self.signatures)


@dataclass(frozen=True, slots=True)
class Settled:
    """A document's names and identifiers once its mails' correspondents are settled.

    ``withheld`` are the contacts taken off (correspondents' addresses and phones): kept
    apart rather than dropped, because one of them may be a linked patient's own.
    """

    names: list[NameHit]
    identifiers: list[Identifier]
    withheld: tuple[Identifier, ...] = ()


def settle_correspondents(
    document: ExtractedDocument | None,
    names: list[NameHit],
    identifiers: list[Identifier],
) -> Settled:
    """The names with the mail's correspondents made clinicians (its subject excepted),
    the identifiers without the correspondents' addresses and phones, and those apart."""
    if document is None:
        return Settled(names, identifiers)
    found = identifiers
    for index, block in enumerate(document.blocks):
        mail = _mail_block(index, block.text)
        if mail is not None:
            names, identifiers = _settle_block(mail, names, identifiers)
    kept = {id(i) for i in identifiers}
    return Settled(names, identifiers, tuple(i for i in found if id(i) not in kept))


def _mail_block(index: int, text: str) -> _MailBlock | None:
    """The block's address lines and signature, or None when it is no mail."""
    lines = tuple(
        _AddressLine(m.start(), m.end(), fold(m.group("field")).strip().lower() in _SENDERS)
        for m in _ADDRESS_LINE.finditer(text)
    )
    if not any("@" in text[line.start : line.end] for line in lines):
        return None
    bodies = zip(
        (line.end for line in lines),
        [line.start for line in lines[1:]] + [len(text)],
        strict=True,
    )
    signatures = (_signature(text, start, end) for start, end in bodies)
    return _MailBlock(index, lines, tuple(s for s in signatures if s is not None))


_SENDERS = frozenset(fold(f).strip().lower() for f in SENDER_FIELDS)


def _signature(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The lines under the last closing formula between ``start`` and ``end`` (a body:
    after one message's address lines, before the next message's in a chain)."""
    closings = list(_CLOSING.finditer(text, start, end))
    if not closings:
        return None
    first = last = closings[-1].end()
    for _ in range(_SIGNATURE_LINES + 1):
        newline = text.find("\n", last + 1, end)
        last = end if newline < 0 else newline
    return first, last


def _settle_block(
    mail: _MailBlock, names: list[NameHit], identifiers: list[Identifier]
) -> tuple[list[NameHit], list[Identifier]]:
    here = [n for n in names if n.location.block == mail.block and n.location.row < 0]
    correspondents = [n for n in here if mail.line_at(n.location.start) is not None]
    if not correspondents:
        return names, [i for i in identifiers if not _on_mail_lines(mail, i)]
    subjects = _subjects(mail, here, correspondents, identifiers)
    others = [c for c in correspondents if c not in subjects]
    settled = [
        _as_correspondent(n)
        if n in others or (n not in subjects and _same_person_in(n, others))
        else n
        for n in names
    ]
    kept = [
        i for i in identifiers if not _on_mail_lines(mail, i) or _is_subjects(mail, i, subjects)
    ]
    return settled, kept


def _is_subjects(mail: _MailBlock, identifier: Identifier, subjects: list[NameHit]) -> bool:
    """A contact on a subject's address line, or the sender's (their lines and signature)
    when the sender is a subject."""
    start = identifier.location.start
    line = mail.line_at(start)
    if any(mail.line_at(s.location.start) == line for s in subjects if line is not None):
        return True
    sender_is_subject = any(_is_sender(mail, s) for s in subjects)
    return sender_is_subject and (mail.in_signature(start) or (line is not None and line.is_sender))


def _is_sender(mail: _MailBlock, name: NameHit) -> bool:
    line = mail.line_at(name.location.start)
    return line is not None and line.is_sender


def _subjects(
    mail: _MailBlock,
    here: list[NameHit],
    correspondents: list[NameHit],
    identifiers: list[Identifier],
) -> list[NameHit]:
    """The correspondents the mail is about: none when it names anyone else."""
    told = [n for n in here if n not in correspondents and n.role is not Role.CLINICIAN]
    if any(not _same_person_in(n, correspondents) for n in told):
        return []
    shared = _shared_domains(mail, identifiers)
    candidates = [
        c
        for c in correspondents
        if c.role is not Role.CLINICIAN and not _domains_of(mail, c, identifiers) & shared
    ]
    named = [c for c in candidates if any(_same_person(c, n) for n in told)]
    if len({(c.family_key, c.given_key[:1]) for c in named}) > 1:
        # The hospital writing to a patient signs: a sender named only in the signature
        # writes the mail, the recipient the text names is who it is about.
        addressed = [c for c in named if not _only_signs(mail, c, told)]
        named = addressed or named
    if named:
        return [c for c in candidates if any(_same_person(c, n) for n in named)]
    return [c for c in candidates if _is_sender(mail, c)]


def _only_signs(mail: _MailBlock, sender: NameHit, told: list[NameHit]) -> bool:
    """A sender whose name the text gives only in the signature."""
    return _is_sender(mail, sender) and all(
        mail.in_signature(n.location.start) for n in told if _same_person(sender, n)
    )


def _shared_domains(mail: _MailBlock, identifiers: list[Identifier]) -> set[str]:
    """Domains of two or more distinct addresses on the mail's address lines."""
    addresses = {
        i.value
        for i in identifiers
        if i.kind is IdentifierKind.EMAIL
        and i.location.block == mail.block
        and mail.line_at(i.location.start) is not None
    }
    counts = Counter(address.rpartition("@")[2] for address in addresses)
    return {domain for domain, n in counts.items() if n > 1}


def _domains_of(mail: _MailBlock, name: NameHit, identifiers: list[Identifier]) -> set[str]:
    line = mail.line_at(name.location.start)
    return {
        i.value.rpartition("@")[2]
        for i in identifiers
        if i.kind is IdentifierKind.EMAIL
        and i.location.block == mail.block
        and mail.line_at(i.location.start) == line
        and i.location.start >= name.location.start
    }


def _on_mail_lines(mail: _MailBlock, identifier: Identifier) -> bool:
    """A contact printed on an address line or in the signature of this mail block."""
    location = identifier.location
    if identifier.kind not in _CONTACTS or location.block != mail.block or location.row >= 0:
        return False
    return mail.line_at(location.start) is not None or mail.in_signature(location.start)


def _same_person_in(name: NameHit, others: list[NameHit]) -> bool:
    return any(_same_person(name, other) for other in others)


def _same_person(a: NameHit, b: NameHit) -> bool:
    """Same family name, and given names that agree when both are known: on their initial
    where one is an initial ("L. BERNARD" signs for Léa BERNARD), else the one's first
    given name beginning the other's ("Flo" for Florence). Lucie BERNARD on a call-back
    list is not the Léa BERNARD the mail is sent to: same initial, another person."""
    if not a.family_key or a.family_key != b.family_key:
        return False
    if not a.given_key or not b.given_key:
        return True
    first, second = a.given_key.split()[0], b.given_key.split()[0]
    if len(first) == 1 or len(second) == 1:
        return first[0] == second[0]
    return first.startswith(second) or second.startswith(first)


def _as_correspondent(name: NameHit) -> NameHit:
    return replace(name, role=Role.CLINICIAN, role_cue="mail correspondent")
