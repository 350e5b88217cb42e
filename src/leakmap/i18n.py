"""The language leakmap speaks to its user: the CLI's messages, the review app, ``lookup``.

Why one language per user: a DPO reading a French letter, an English refusal and a
``lookup`` answer mixing both cannot tell which one the hotline should read out. The
messages are gettext catalogs, one ``.po`` file per language under
``locale/<lang>/LC_MESSAGES/leakmap.po``, built from the code by Babel's extraction
(``make messages``); the English msgids are the English text, so English needs no
translation and a French msgstr left empty would show English (a test forbids it).
The ``.po`` files are compiled in memory on first use: no generated ``.mo`` is shipped.

Who picks the language, first found wins: ``--language`` on the ``leakmap`` command,
then ``$LEAKMAP_LANGUAGE``, then ``language`` in the case's ``case.toml``, then French
(the letters, the contract and the demo case are French). The active language is a
context variable: the CLI sets it for the run of a command, the review app per request.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: The languages leakmap speaks; the first is the default.
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_VARIABLE = "LEAKMAP_LANGUAGE"
#: The gettext domain: ``locale/<lang>/LC_MESSAGES/<domain>.po``.
DOMAIN = "leakmap"
#: The case file whose ``language`` key sets the case's language (``report/output_files``).
_CASE_FILE = "case.toml"

_active: ContextVar[str | None] = ContextVar("leakmap_language", default=None)


class UnknownLanguage(ValueError):
    """A language leakmap has no catalog for."""


def check_language(language: str) -> str:
    """``language`` when leakmap speaks it; raises ``UnknownLanguage`` naming the choices."""
    if language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise UnknownLanguage(f"language {language!r} is not one of {choices}")
    return language


@cache
def translations(language: str) -> Translations:
    """The compiled catalog of ``language``, read from its ``.po`` once per process."""
    source = resources.files("leakmap") / "locale" / check_language(language)
    with (source / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def chosen_language() -> str | None:
    """The language the user asked for on this run (option or environment), or None."""
    active = _active.get()
    if active is not None:
        return active
    given = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return given if given in LANGUAGES else None


def active_language() -> str:
    """The language messages are written in now."""
    return chosen_language() or DEFAULT_LANGUAGE


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (one review request, one test)."""
    token = _active.set(check_language(language))
    try:
        yield
    finally:
        _active.reset(token)


def case_language(case_dir: Path) -> str | None:
    """The ``language`` a case's ``case.toml`` sets, or None (no file, no key, unreadable).

    Read here, apart from ``report/case_info``, because every command needs its language
    before anything else and a ``case.toml`` with problems must still be refused in the
    user's language; ``case_info`` checks the key with the rest of the file.
    """
    try:
        data = tomllib.loads((case_dir / _CASE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    language = data.get("language")
    return language if isinstance(language, str) and language in LANGUAGES else None


def adopt_case_language(case_dir: Path) -> AbstractContextManager[None]:
    """A block speaking the case's language, unless the user chose one on this run.

    A block, not a setting: a test process runs many commands on many cases, and one
    case's language must not leak into the next command.
    """
    if chosen_language() is None:
        language = case_language(case_dir)
        if language is not None:
            return speaking(language)
    return nullcontext()


def gettext(message: str) -> str:
    """``message`` in the active language."""
    return translations(active_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message in the active language, as ``count`` asks."""
    return translations(active_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, told apart by ``context`` (a short word)."""
    return translations(active_language()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it, which extraction knows
    """Mark ``message`` for the catalog without translating it now (a table's words).

    The table keeps the English msgid; whoever shows it calls ``_()`` on it then, in the
    language active at that moment.
    """
    return message


_ = gettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "N_",
    "LANGUAGES",
    "LANGUAGE_VARIABLE",
    "UnknownLanguage",
    "_",
    "active_language",
    "adopt_case_language",
    "case_language",
    "check_language",
    "chosen_language",
    "gettext",
    "ngettext",
    "pgettext",
    "speaking",
    "translations",
]
