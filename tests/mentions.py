"""Person mentions for tests that start after grouping: every field empty unless given."""

from __future__ import annotations

from typing import Any

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.vocabulary import Category

_EMPTY: dict[str, Any] = {
    "document": "f.txt", "sha256": "0" * 64, "index": 0, "family_name": "", "given_names": "",
    "birth_name": "", "birth_date": None, "ipp": "", "nda": "", "nir": "", "phone": "",
    "email": "", "postcode": "", "role": Role.UNKNOWN, "location": Location(page=1),
    "categories": frozenset({Category.NAME}),
}  # fmt: skip


def mention(**fields: Any) -> PersonMention:
    """A ``PersonMention`` with ``fields`` set and the rest empty."""
    return PersonMention(**{**_EMPTY, **fields})
