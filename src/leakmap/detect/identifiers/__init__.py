"""Identifier detectors: each finds one kind, validates it, and scores it in context."""

from __future__ import annotations

from leakmap.detect.identifiers.address import find_addresses
from leakmap.detect.identifiers.bank import find_cards, find_ibans
from leakmap.detect.identifiers.contact import find_emails, find_phones
from leakmap.detect.identifiers.hospital_ids import find_hospital_ids
from leakmap.detect.identifiers.nir import find_nirs, nir_key_is_valid

__all__ = [
    "find_addresses",
    "find_cards",
    "find_emails",
    "find_hospital_ids",
    "find_ibans",
    "find_nirs",
    "find_phones",
    "nir_key_is_valid",
]
