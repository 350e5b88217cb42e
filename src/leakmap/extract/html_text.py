"""Markup → the text a reader sees: HTML as rendered, XML as its values.

Mail bodies are often HTML only, and dumps hold saved web pages and XML exports (CDA
documents, HPRIM-XML). For HTML, block tags start lines and table cells stay on one line
("Nom :<td>DUPONT" reads "Nom : DUPONT"), which keeps a label next to its value. For XML,
every element and attribute value gets its own line (``<family>DUPONT</family>
<given>Marie</given>`` must not read "DUPONTMarie").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "br", "div", "footer", "h1", "h2", "h3", "h4", "h5",
     "h6", "header", "hr", "li", "p", "pre", "section", "table", "title", "tr", "ul", "ol"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"script", "style"})
_SPACES = re.compile(r"[ \t\xa0]+")
#: Characters of a text looked at to tell a markup document.
_SNIFF_CHARS = 512


def markup_to_text(text: str) -> str | None:
    """The readable text when ``text`` is an HTML or XML document, else ``None``."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")):
        return html_to_text(text)
    if head.startswith("<?xml") or (head.startswith("<") and text.rstrip().endswith(">")):
        return xml_to_text(text)
    return None


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment (entities decoded)."""
    return _run(_VisibleText(xml=False), html)


def xml_to_text(xml: str) -> str:
    """Element texts and attribute values of an XML document, one per line."""
    return _run(_VisibleText(xml=True), xml)


def _run(parser: _VisibleText, markup: str) -> str:
    parser.feed(markup)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.chunks).split("\n"))
    return "\n".join(line for line in lines if line)


class _VisibleText(HTMLParser):
    def __init__(self, *, xml: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._xml = xml
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._xml:
            self.chunks.extend(f"\n{value}\n" for _, value in attrs if value)
            self.chunks.append("\n")
        elif tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag in _CELL_TAGS:
            self.chunks.append(" \t ")

    def handle_endtag(self, tag: str) -> None:
        if self._xml or tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    """Each ``<table>``'s grid of cell texts (a nested table is a grid of its own), so
    that an exported list ("Nom | Prénom | DDN") is read by its headers like a sheet."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return [grid for grid in parser.done if any(any(cell for cell in row) for row in grid)]


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []  # the tables being read, innermost last
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "table":
            self._end_cell()
            self._open.append([])
        elif tag == "tr" and self._open:
            self._end_cell()
            self._open[-1].append([])
        elif tag in _CELL_TAGS and self._open:
            self._end_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _CELL_TAGS or tag == "tr":
            self._end_cell()
        elif tag == "table" and self._open:
            self._end_cell()
            self.done.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._open and self._open[-1]:
            self._open[-1][-1].append(_SPACES.sub(" ", "".join(self._cell)).strip())
        self._cell = None
