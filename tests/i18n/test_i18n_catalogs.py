"""The message catalogs agree with the code: every message has its French, placeholders kept.

The messages are extracted from the code here, with ``babel.cfg``'s mapping (what
``make messages`` runs), so a message added without ``make messages`` and a translation
fails this test, and so does a French msgstr left empty (it would show English).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from leakmap.errors import RegistryError
from leakmap.i18n import LANGUAGES, _, ngettext, speaking, translations

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "leakmap" / "locale"
_PLACEHOLDER = re.compile(r"\{[a-z_]*[^}]*\}|%\([a-z_]+\)[sd]")


def _code_messages() -> dict[str, tuple[str, ...]]:
    """Every message the code and templates send through gettext: msgid -> its forms."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        found[forms[0]] = forms
    return found


def _catalog(language: str):  # noqa: ANN202 - babel's Catalog
    with (LOCALE / language / "LC_MESSAGES" / "leakmap.po").open("rb") as handle:
        return read_po(handle, locale=language, domain="leakmap")


@pytest.fixture(scope="module")
def code_messages() -> dict[str, tuple[str, ...]]:
    return _code_messages()


def test_i18n_catalogs_every_code_message_has_a_french_translation(
    code_messages: dict[str, tuple[str, ...]],
) -> None:
    assert len(code_messages) > 20, "extraction found next to nothing: babel.cfg paths?"
    french = _catalog("fr")
    untranslated = []
    for msgid, forms in code_messages.items():
        entry = french.get(msgid if len(forms) == 1 else forms)
        strings = () if entry is None else (entry.string,) if len(forms) == 1 else entry.string
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(msgid)
    assert untranslated == [], "run `make messages` and translate these in fr: " + repr(
        untranslated
    )


def test_i18n_catalogs_hold_no_message_the_code_dropped(
    code_messages: dict[str, tuple[str, ...]],
) -> None:
    for language in LANGUAGES:
        stale = [m.id for m in _catalog(language) if m.id and _msgid(m.id) not in code_messages]
        assert stale == [], f"{language}: messages no longer in the code (make messages): {stale}"


def test_i18n_catalogs_french_keeps_every_placeholder() -> None:
    for message in _catalog("fr"):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        wanted = sorted(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(_PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_i18n_catalogs_english_is_the_msgid_and_no_compiled_catalog_is_shipped() -> None:
    for message in (m for m in _catalog("en") if m.id):
        strings = (message.string,) if isinstance(message.string, str) else message.string
        assert not any(strings), message.id  # empty: gettext shows the English msgid
    assert list(LOCALE.rglob("*.mo")) == []  # compiled in memory from the .po at run time
    assert translations("fr") is translations("fr")  # compiled once per process


def test_i18n_speaks_the_chosen_language_with_french_plurals() -> None:
    with speaking("fr"):
        assert _("Queue") == "File d'attente"
        one = str(RegistryError(["row 2: birth_date is empty"]))
        two = str(RegistryError(["row 2: x", "row 3: y"]))
        none = ngettext("{seen} ({new} new)", "{seen} ({new} new)", 0).format(seen=3, new=0)
    with speaking("en"):
        assert _("Queue") == "Queue"
        english = str(RegistryError(["row 2: x", "row 3: y"]))
    assert one == "le registre a 1 problème : row 2: birth_date is empty"
    assert two == "le registre a 2 problèmes : row 2: x; row 3: y"
    assert none == "3 (0 nouveau)"  # French counts 0 as singular
    assert english == "registry has 2 problems: row 2: x; row 3: y"


def _msgid(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]
