"""HTML → the text a reader sees: tags dropped, blocks on their own lines, cells tabbed.

Mail bodies are often HTML only. Keeping table cells on one line ("Nom :<td>DUPONT")
keeps a label next to its value, which is what detection relies on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "br", "div", "footer", "h1", "h2", "h3", "h4", "h5",
     "h6", "header", "hr", "li", "p", "pre", "section", "table", "tr", "ul", "ol"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title"})
_SPACES = re.compile(r"[ \t\xa0]+")


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment (entities decoded)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.chunks).split("\n"))
    return "\n".join(line for line in lines if line)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag in _CELL_TAGS:
            self.chunks.append(" \t ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks.append(data)
