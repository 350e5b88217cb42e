"""Where in a document a detector is looking, so findings get their ``Location``."""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.detect.findings import Location


@dataclass(frozen=True, slots=True)
class Place:
    """A text block (``block`` ≥ 0) or a table row (``row`` ≥ 0) on a page."""

    page: int
    block: int = -1
    row: int = -1

    def at(self, start: int, end: int) -> Location:
        """The location of a span in this place's text."""
        return Location(page=self.page, block=self.block, row=self.row, start=start, end=end)
