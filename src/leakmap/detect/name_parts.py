"""Which words of a written person name are the family name, and which the given names.

A model that tags "Hommé Jérémy" as a person does not say which word is which, and the
registry lookup needs to know. Case decides first ("DUPONT Marie", "Marie DUPONT",
"J. Dupont"); when every word has the same case, the word lists of Faker's person
providers (first names and last names of every Latin-script locale, French ones counted
twice) say which end looks like a given name; failing that, French running text writes
"Prénom Nom", so the last word is the family name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from functools import cache

from leakmap.detect.text import name_key

PARTICLES = frozenset({"DE", "DU", "DES", "LE", "LA", "D", "L", "VAN", "VON", "DI", "DA", "DEL"})
_FRENCH_LOCALES = frozenset({"fr_FR", "fr_CA", "fr_CH", "fr_BE", "fr_QC"})


def split_person(words: Sequence[str]) -> tuple[list[int], list[int]]:
    """Indexes of the family-name words and of the given-name words of one person."""
    keys = [name_key(w) for w in words]
    if len(words) == 1:
        return ([], [0]) if _leaning(keys[0]) > 0 else ([0], [])
    upper = [i for i, w in enumerate(words) if is_upper(w) and not is_initial(w)]
    if upper and len(upper) < len(words):
        family = _with_particles(upper, words)
        return family, [i for i in range(len(words)) if i not in family]
    initials = [i for i, w in enumerate(words) if is_initial(w)]
    if initials and len(initials) < len(words):
        return [i for i in range(len(words)) if i not in initials], initials
    if _leaning(keys[-1]) > _leaning(keys[0]):
        family = _with_particles([0], words)
        return family, [i for i in range(len(words)) if i not in family]
    family = _with_particles([len(words) - 1], words)
    return family, [i for i in range(len(words)) if i not in family]


def is_given_name(word: str) -> bool:
    """True when ``word`` is listed as a first name (it may be a last name too)."""
    key = name_key(word)
    return bool(key) and key.split()[0] in _lexicon()[0]


def given_leaning(word: str) -> int:
    """Positive when ``word`` looks like a given name, negative when like a family name
    (by how often Faker's person providers list it as either), 0 when neither."""
    return _leaning(name_key(word))


def is_upper(word: str) -> bool:
    """All letters upper case, at least two of them ("DUPONT", "LE", not "J.")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_initial(word: str) -> bool:
    """An initial or two, with its dot ("J.", "P.E.", "Ch.")."""
    letters = [c for c in word if c.isalpha()]
    return 1 <= len(letters) <= 2 and word.endswith(".")


def _leaning(key: str) -> int:
    """Positive when a word looks like a given name, negative when like a family name."""
    first = key.split()[0] if key else ""
    given, family = _lexicon()
    return given.get(first, 0) - family.get(first, 0)


def _with_particles(family: list[int], words: Sequence[str]) -> list[int]:
    """Add the particles written just before the family name ("de", "Le", "d'"), not an
    initial that looks like one ("D. DUPONT"); a family name that is a particle takes the
    word after it ("Le Goff Nathan")."""
    first, last = min(family), max(family)
    while (
        first > 0 and name_key(words[first - 1]) in PARTICLES and not is_initial(words[first - 1])
    ):
        first -= 1
    while last + 1 < len(words) - 1 and name_key(words[last]) in PARTICLES:
        last += 1
    return sorted(set(family) | set(range(first, last + 1)))


def prepare_name_lexicon() -> None:
    """Build the lexicon now: in the scan's parent, before the workers fork (0.3 s each)."""
    _lexicon()


@cache
def _lexicon() -> tuple[dict[str, int], dict[str, int]]:
    """Folded first and last names of Faker's person providers, with a weight each."""
    import faker.providers.person as people

    given: dict[str, int] = {}
    family: dict[str, int] = {}
    for module in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        weight = 2 if module.name in _FRENCH_LOCALES else 1
        for attribute, into in (
            ("first_names", given),
            ("first_names_male", given),
            ("first_names_female", given),
            ("last_names", family),
        ):
            for name in _listed(provider, attribute):
                key = name_key(name)
                if key.isascii() and key:
                    into[key] = max(into.get(key, 0), weight)
    return given, family


def _listed(provider: type, attribute: str) -> list[str]:
    """A provider's own word list (a tuple, or a dict of name to frequency)."""
    value = provider.__dict__.get(attribute, ())
    if isinstance(value, dict):
        return [str(k) for k in value]
    return [str(v) for v in value] if isinstance(value, tuple | list) else []
