"""Addresses, phone numbers, e-mail addresses and bank accounts of fictitious people.

Phone numbers come from the ranges ARCEP reserves for fiction (01 99 00, 02 61 91,
06 39 98, ...), e-mail addresses from reserved domains (``example.org``, ``*.test``), and
IBANs carry valid keys on a made-up bank code: nothing here can reach a real person.
"""

from __future__ import annotations

import random
import unicodedata

from leakmap.synth.lexicon import draw_commune, street_names
from leakmap.synth.person import Address

#: ARCEP numbers reserved for audiovisual fiction: prefix (6 digits) -> weight.
_FICTION_PREFIXES = (
    ("063998", 40), ("026191", 30), ("019900", 8), ("035301", 6), ("046571", 6),
    ("053649", 6), ("099510", 4),
)  # fmt: skip
_EMAIL_DOMAINS = ("example.org", "example.com", "example.net", "courriel.test", "boite.test")
_STREET_TYPES = (
    ("rue", 50), ("avenue", 10), ("boulevard", 5), ("impasse", 8), ("chemin", 6),
    ("allée", 6), ("place", 3), ("route", 6), ("résidence", 3), ("quai", 2),
)  # fmt: skip
_HAMLETS = ("Kerbriant", "Keramoal", "Penn ar Hoat", "Lestrédiagat", "Kervéguen", "Trévarn")
#: A bank code no French bank uses; RIB and IBAN keys are computed for real.
_FICTION_BANK = "99999"


def make_address(rng: random.Random) -> Address:
    """A plausible postal address in the hospital's catchment area."""
    commune = draw_commune(rng)
    if rng.random() < 0.06:
        street = f"Lieu-dit {rng.choice(_HAMLETS)}"
    else:
        kinds, weights = zip(*_STREET_TYPES, strict=True)
        number = str(rng.randint(1, 180)) + rng.choice(("",) * 12 + (" bis", " ter"))
        street = f"{number} {rng.choices(kinds, weights)[0]} {rng.choice(street_names())}"
    extra = ""
    if rng.random() < 0.12:
        extra = f"Bât. {rng.choice('ABCDE')}, Appt {rng.randint(1, 48)}"
    return Address(street=street, extra=extra, postcode=commune.postcode, city=commune.city)


def make_phone(rng: random.Random) -> str:
    """A ten-digit French number from a fiction range, written packed (``0639981234``)."""
    prefixes, weights = zip(*_FICTION_PREFIXES, strict=True)
    return rng.choices(prefixes, weights)[0] + f"{rng.randint(0, 9999):04d}"


def format_phone(phone: str, style: int) -> str:
    """How a document writes a number: packed, spaced, dotted, or international."""
    pairs = [phone[i : i + 2] for i in range(0, 10, 2)]
    if style == 1:
        return " ".join(pairs)
    if style == 2:
        return ".".join(pairs)
    if style == 3:
        return "+33 " + phone[1] + " " + " ".join(pairs[1:])
    return phone


def ascii_fold(text: str) -> str:
    """Drop diacritics (``Hélène`` → ``Helene``), as many systems and mailboxes do."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_email(rng: random.Random, *, given: str, family: str, year: int) -> str:
    """A personal address built from the name, the way people pick them."""
    first = ascii_fold(given.split(" ")[0]).lower().replace("'", "")
    last = ascii_fold(family).lower().replace(" ", "").replace("'", "")
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{last}.{first}",
            f"{first[0]}.{last}",
            f"{first}{last}{year % 100:02d}",
            f"{first}.{last}{rng.randint(1, 99)}",
            f"{first}_{last}",
        )
    )
    return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"


def make_iban(rng: random.Random) -> str:
    """A French IBAN (27 characters, packed) with valid RIB and IBAN keys."""
    branch = f"{rng.randint(0, 99999):05d}"
    account = f"{rng.randint(0, 10**11 - 1):011d}"
    rib_key = 97 - (89 * int(_FICTION_BANK) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{_FICTION_BANK}{branch}{account}{rib_key:02d}"
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end, F=15, R=27
    return f"FR{check:02d}{bban}"


def format_iban(iban: str, style: int) -> str:
    """Packed, or in groups of four as bank documents print it."""
    if style == 1:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban
