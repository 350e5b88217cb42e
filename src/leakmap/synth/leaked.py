"""A generated leaked file: its name, bytes, who it exposes, and what it contains.

Containers (ZIP, e-mail) hold ``members``: the truth walks the tree and writes
``outer.zip!/inner/report.pdf`` paths, exactly as the contract spells them.
``reason`` is empty for a readable file, else ``empty``, ``corrupt`` or ``encrypted``.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.synth.plan import Exposure


@dataclass(frozen=True, slots=True)
class LeakedItem:
    """One file of the dump (or of a container), before it is written."""

    name: str
    kind: str
    data: bytes
    exposures: tuple[Exposure, ...] = ()
    members: tuple[LeakedItem, ...] = ()
    reason: str = ""

    def count(self) -> int:
        """Files in this tree, the item itself included."""
        return 1 + sum(member.count() for member in self.members)
