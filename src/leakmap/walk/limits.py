"""How much one leaked file may expand into: members, bytes, nesting depth.

A budget is shared by a file on disk and everything nested in it, so that a bomb built
of nested archives (``42.zip``: each level small, the product huge) runs out of budget as
surely as one giant member. The checks read the ZIP headers first (cheap, but they may
lie) and the actual read is bounded as well, so a bomb never fills memory.
"""

from __future__ import annotations

from leakmap.settings import MIB, ScanSettings
from leakmap.vocabulary import Reason
from leakmap.walk.leaked_file import LeakPath

#: Below this size a high compression ratio is harmless (a page of blanks compresses
#: 1000:1), so the ratio cap only applies to members that expand past it.
RATIO_FLOOR_BYTES = 1 * MIB


class ExpansionBudget:
    """What is left to expand under one file on disk; mutable, private to one walk."""

    __slots__ = ("_members_left", "_bytes_left", "_settings")

    def __init__(self, settings: ScanSettings) -> None:
        self._settings = settings
        self._members_left = settings.max_archive_members
        self._bytes_left = settings.max_archive_expanded_bytes

    def is_too_deep(self, container: LeakPath) -> bool:
        """True when members of ``container`` would be nested deeper than allowed."""
        return container.depth >= self._settings.max_archive_depth

    def can_hold(self, count: int) -> bool:
        """True when ``count`` more members stay within the member cap."""
        return count <= self._members_left

    def take_member(self) -> bool:
        """Count one more member; false once the member cap is spent."""
        self._members_left -= 1
        return self._members_left >= 0

    def refuse(self, declared_size: int, compressed_size: int) -> tuple[Reason, str] | None:
        """Why a member of this declared size must not be read, or ``None`` when it may."""
        settings = self._settings
        if (
            declared_size > RATIO_FLOOR_BYTES
            and declared_size > settings.max_compression_ratio * max(compressed_size, 1)
        ):
            return Reason.ARCHIVE_BOMB, "compression ratio over the cap"
        if declared_size > settings.max_file_bytes:
            return Reason.TOO_LARGE, "member larger than the file size cap"
        if declared_size > self._bytes_left:
            return Reason.ARCHIVE_BOMB, "expanded size over the archive cap"
        return None

    def ratio_limit(self, compressed_size: int) -> int:
        """Most bytes ``compressed_size`` bytes may expand to before they count as a bomb."""
        return self._settings.max_compression_ratio * max(compressed_size, 1)

    @property
    def read_limit(self) -> int:
        """Most bytes the next member may be read to: the actual read stops here."""
        return max(0, min(self._settings.max_file_bytes, self._bytes_left))

    def spend(self, size: int) -> None:
        """Count bytes actually expanded."""
        self._bytes_left -= size
