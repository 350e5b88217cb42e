"""The small text format letter and kit templates are written in.

A hospital edits plain text, not PDF layout, so templates render to a few conventions:

* the first line is the subject (the letter's "Objet", the e-mail's Subject);
* a blank line ends a paragraph; lines of one paragraph are joined;
* ``# `` starts a heading, ``- `` a bullet (its continuation lines are joined to it);
* ``| label | value`` is one row of a two-column table (complaint kits).

The same blocks become the PDF (``pdf_document``) and the e-mail body (``plain_text``).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_FRENCH_SPACE = re.compile(r"(?<=«) | (?=[:;?!»])")


class BlockKind(StrEnum):
    """What a block of text is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    ROW = "row"


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph, bullet or table row; ``label`` only for rows."""

    kind: BlockKind
    text: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class RenderedText:
    """A rendered template: its subject line and body blocks."""

    subject: str
    blocks: tuple[Block, ...]


def parse_rendered(text: str) -> RenderedText:
    """Split a rendered template into its subject and blocks.

    A space before ``:;?!»`` or after ``«`` becomes a no-break space (French typography),
    so that a line never starts with a colon.
    """
    lines = _FRENCH_SPACE.sub("\u00a0", text.strip("\n")).splitlines()
    subject = lines[0].strip() if lines else ""
    blocks: list[Block] = []
    current: list[str] = []
    kind = BlockKind.PARAGRAPH

    def flush() -> None:
        if current:
            blocks.append(Block(kind, " ".join(current)))
            current.clear()

    for line in lines[1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith(("# ", "| ", "- ")):
            flush()
        if stripped.startswith("# "):
            blocks.append(Block(BlockKind.HEADING, stripped[2:].strip()))
        elif stripped.startswith("| "):
            blocks.append(_row(stripped))
        elif stripped.startswith("- "):
            kind = BlockKind.BULLET
            current.append(stripped[2:].strip())
        elif stripped:
            kind = kind if current else BlockKind.PARAGRAPH
            current.append(stripped)
    flush()
    return RenderedText(subject, tuple(blocks))


def plain_text(rendered: RenderedText, *, width: int = 72) -> str:
    """The blocks as a plain-text e-mail body, wrapped at ``width`` columns."""
    out: list[str] = []
    for block in rendered.blocks:
        if block.kind is BlockKind.HEADING:
            out += ["", block.text.upper(), ""]
        elif block.kind is BlockKind.BULLET:
            out += _wrap(block.text, width, "- ", "  ")
        elif block.kind is BlockKind.ROW:
            out += _wrap(f"{block.label} : {block.text}", width, "", "    ")
        else:
            out += ["", *_wrap(block.text, width, "", ""), ""]
    return "\n".join(_squeeze_blank(out)).strip() + "\n"


@lru_cache(maxsize=50_000)
def _wrap(text: str, width: int, first: str, rest: str) -> tuple[str, ...]:
    """``textwrap.wrap``, cached: the paragraphs every letter shares are wrapped once."""
    return tuple(textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest))


def _row(line: str) -> Block:
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    label = cells[0] if cells else ""
    return Block(BlockKind.ROW, " | ".join(cells[1:]), label=label)


def _squeeze_blank(lines: list[str]) -> list[str]:
    squeezed: list[str] = []
    for line in lines:
        if line or (squeezed and squeezed[-1]):
            squeezed.append(line)
    return squeezed
