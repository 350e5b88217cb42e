"""Registry-guided name search: every registry family name, found in any written form.

Text is folded (accents, case, hyphens and apostrophes normalised) and tokenised; an
Aho-Corasick automaton of every registry family and birth name scans the token stream in
one pass, so the cost does not grow with the registry (about 20 MB/s over 1 M names). A
family-name hit counts only when given names of a registry patient with that name stand
right after or before it ("DUPONT Marie", "Marie DUPONT", "DURAND épouse MARTIN Jeanne"),
or when a "Nom :" label introduces it. OCR-mangled names are left to the pattern detector
and to fuzzy linkage.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol

import ahocorasick

from leakmap.detect.findings import NameHit
from leakmap.detect.identifiers.place import Place
from leakmap.detect.roles import role_of
from leakmap.detect.text import Token, joined_tokens, name_key

RULE = "registry-names.v1"
PARTICLES = frozenset(
    {"DE", "DU", "DES", "LE", "LA", "LES", "D", "L", "DI", "DA", "DEL", "VAN", "VON", "DOS", "DAS",
     "EL", "AL", "BEN", "AIT"}
)  # fmt: skip
#: Words between a married and a birth name ("DURAND épouse MARTIN", "née", "ép.").
NAME_MARKERS = frozenset({"EPOUSE", "EP", "NEE", "NE", "EPSE", "DITE", "DIT", "VEUVE", "VVE"})
#: Of those, the ones after which comes the spouse's name, the one in use: "DURAND épouse
#: MARTIN" is Mrs MARTIN, born DURAND (after "née" comes the birth name instead).
SPOUSE_MARKERS = frozenset({"EPOUSE", "EP", "EPSE", "VEUVE", "VVE"})
_BIRTH_MARKERS = frozenset({"NEE", "NE"})  # before a birth name
_TITLES = frozenset({"M", "MR", "MME", "MLLE", "MELLE", "MONSIEUR", "MADAME", "MADEMOISELLE"})
_GIVEN_RUN = 4
_JOINERS = frozenset({"-", "\u2010", "\u2011", "\u2013"})  # between two parts of one family name
#: Capitalised words that are labels or units, not names.
_ACRONYMS = frozenset(
    [
        "IPP",
        "NDA",
        "NIR",
        "NIP",
        "DDN",
        "TEL",
        "CP",
        "SS",
        "CHU",
        "CH",
        "CHR",
        "RDV",
        "IRM",
        "TDM",
        "NFS",
        "CRP",
        "VIH",
        "IDE",
        "DR",
        "PR",
        "MR",
        "MME",
        "UF",
        "SAMU",
        "SMUR",
        "HDJ",
        "URG",
        "CONS",
        "MED",
        "CR",
        "CRH",
        "ORL",
        "ATCD",
        "TTT",
        "HTA",
        "RCP",
        "EHPAD",
        "PMI",
    ]
)
_NOM_LABEL = (
    "NOM", "PATIENT", "PATIENTE", "NOM USUEL", "NOM DE NAISSANCE", "NOM UTILISE", "NOM D USAGE",
    "NOM MARITAL", "NOM DE FAMILLE", "NOM DE JEUNE FILLE", "IDENTITE",
)  # fmt: skip
_NOM_ENDINGS = tuple(" " + label for label in _NOM_LABEL)


class RegisteredPerson(Protocol):
    """What name search needs of a registry patient (``link.registry.Patient`` has it)."""

    @property
    def patient_id(self) -> str: ...
    @property
    def family_name(self) -> str: ...
    @property
    def birth_name(self) -> str: ...
    @property
    def given_names(self) -> str: ...


@dataclass(slots=True)
class NameIndex:
    """The registry's names, ready for scanning. Built once per scan, shared by workers."""

    automaton: ahocorasick.Automaton
    given_tokens: dict[str, frozenset[str]]
    patient_ids: frozenset[str]
    #: Every given-name word of the registry: what a column of given names is made of.
    given_words: frozenset[str] = frozenset()
    #: The registry's towns (folded): what a column of towns is made of.
    cities: frozenset[str] = frozenset()

    @classmethod
    def build(cls, patients: Iterable[RegisteredPerson]) -> NameIndex:
        """Index the family and birth names, and the given names that go with them."""
        given: dict[str, set[str]] = defaultdict(set)
        ids = set()
        cities: set[str] = set()
        for patient in patients:
            ids.add(patient.patient_id)
            cities.add(name_key(getattr(patient, "city", "") or ""))
            given_tokens = set(name_key(patient.given_names).split())
            for family in {patient.family_name, patient.birth_name} - {""}:
                for key in family_keys(family):
                    given[key] |= given_tokens
        automaton = ahocorasick.Automaton()
        for key in given:
            automaton.add_word(f" {key} ", key)
        if given:
            automaton.make_automaton()
        frozen = {k: frozenset(v) for k, v in given.items()}
        words = frozenset().union(*frozen.values()) if frozen else frozenset()
        return cls(automaton, frozen, frozenset(ids), words, frozenset(cities - {""}))


def family_keys(family_name: str) -> set[str]:
    """Keys a family name may be written as: folded, and glued when it starts with particles."""
    key = name_key(family_name)
    if not key:
        return set()
    keys = {key}
    words = key.split()
    if len(words) > 1 and words[0] in PARTICLES:
        keys.add("".join(words))
    return keys


def find_registry_names(
    folded: str, tokens: list[Token], index: NameIndex, place: Place, text: str
) -> list[NameHit]:
    """Registry family names with their given names, in the order they appear."""
    if not index.given_tokens or not tokens:
        return []
    spans, shorter = _family_spans(tokens, index)
    hits = []
    used_until = -1
    for first, last, key in spans:
        if first <= used_until:
            continue
        hit, used_until = _hit_at(first, last, key, tokens, spans, index, place, folded, text)
        # "LEMOINE Martin (10/05/1979)" where LEMOINE MARTIN is a registry family name too:
        # the compound, read first, has no given name after it; the shorter name has one.
        for short_last, short_key in [] if hit is not None else shorter.get(first, []):
            hit, until = _hit_at(
                first, short_last, short_key, tokens, spans, index, place, folded, text
            )
            if hit is not None:
                used_until = until
                break
        if hit is not None:
            hits.append(hit)
    return hits


def _family_spans(
    tokens: list[Token], index: NameIndex
) -> tuple[list[tuple[int, int, str]], dict[int, list[tuple[int, str]]]]:
    """(first token, last token, key) of every family-name match, longest first on overlap;
    and, by first token, the shorter matches a kept one hides (longest first)."""
    joined, starts = joined_tokens(tokens)
    spans = []
    for end, key in index.automaton.iter(joined):
        start = end - len(key) - 1  # the leading space of " KEY "
        first = bisect_left(starts, start + 1)
        spans.append((first, first + len(key.split()) - 1, key))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    shorter: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for span in spans:
        if kept and span[0] <= kept[-1][1]:
            if span[0] == kept[-1][0]:
                shorter[span[0]].append((span[1], span[2]))
            continue
        kept.append(span)
    return kept, shorter


def _hit_at(
    first: int,
    last: int,
    key: str,
    tokens: list[Token],
    spans: list[tuple[int, int, str]],
    index: NameIndex,
    place: Place,
    folded: str,
    text: str,
) -> tuple[NameHit | None, int]:
    given_set = index.given_tokens[key]
    end_token = last
    family_name, family_key = text[tokens[first].start : tokens[last].end], key
    birth_name = ""
    # "DURAND épouse MARTIN Jeanne": take the other name, then look for given names.
    if end_token + 2 < len(tokens) and tokens[end_token + 1].text in NAME_MARKERS:
        other = next((s for s in spans if s[0] == end_token + 2), None)
        if other is not None:
            birth_name = text[tokens[other[0]].start : tokens[other[1]].end]
            if tokens[end_token + 1].text in SPOUSE_MARKERS:
                family_name, birth_name, family_key = birth_name, family_name, other[2]
            given_set = given_set | index.given_tokens[other[2]]
            end_token = other[1]
    joined = _joined_part(tokens, end_token, text)
    if joined > end_token:
        # "KERGOAT-LE BIHAN Yvonne": the registry's name joined to another (a spouse's) by
        # a hyphen is one family name in use; its given names come after the whole of it.
        family_name, end_token = text[tokens[first].start : tokens[joined].end], joined
    after = _given_run(tokens, end_token, 1, given_set, folded, text)
    before = [] if after else _given_run(tokens, first, -1, given_set, folded, text)
    run = after or before
    labelled = _nom_labelled(tokens, first)
    if run and _capitals_elsewhere(tokens, first, end_token, run, text):
        return None, last
    if not run and not labelled:
        return None, last
    lo = min([first, *run])
    hi = max([end_token, *run])
    # "DUPONT Lucie née MARTIN": the birth name after the given names.
    if not birth_name and hi + 2 < len(tokens) and tokens[hi + 1].text in _BIRTH_MARKERS:
        other = next((s for s in spans if s[0] == hi + 2), None)
        if other is not None:
            birth_name = text[tokens[other[0]].start : tokens[other[1]].end]
            hi = other[1]
    start, end = tokens[lo].start, tokens[hi].end
    role, cue = role_of(folded, tokens[lo].start, tokens[hi].end)
    given = " ".join(text[tokens[i].start : tokens[i].end] for i in sorted(run))
    hit = NameHit(
        family_name=family_name,
        given_names=given,
        family_key=family_key,
        given_key=" ".join(tokens[i].text for i in sorted(run)),
        location=place.at(start, end),
        role=role,
        detector="registry_names",
        rule=RULE,
        score=0.95 if run else 0.6,
        birth_name=birth_name,
        role_cue=cue,
    )
    return hit, hi


def _joined_part(tokens: list[Token], last: int, text: str) -> int:
    """The last token of a name hyphenated to the family name at ``last`` ("-LE BIHAN",
    "-Martin"), or ``last`` when none is."""
    i = last
    while i + 1 < len(tokens) and text[tokens[i].end : tokens[i + 1].start] in _JOINERS:
        word = text[tokens[i + 1].start : tokens[i + 1].end]
        if not (word[:1].isupper() and word.isalpha()):
            break
        i += 1
        if tokens[i].text in PARTICLES and i + 1 < len(tokens):
            following = text[tokens[i + 1].start : tokens[i + 1].end]
            if text[tokens[i].end : tokens[i + 1].start] == " " and following[:1].isupper():
                i += 1
    return i


def _capitals_elsewhere(
    tokens: list[Token], first: int, last: int, run: list[int], text: str
) -> bool:
    """True when the hit is written in lower case but a word in capitals stands right next
    to the name: in "André Thomas FERREIRA" the family name is FERREIRA, not André."""
    if _is_capitals(text, tokens[first]):
        return False
    lo, hi = min([first, *run]), max([last, *run])
    neighbours = [i for i in (lo - 1, hi + 1) if 0 <= i < len(tokens)]
    return any(
        _is_capitals(text, tokens[i]) and tokens[i].text not in _TITLES | NAME_MARKERS | _ACRONYMS
        and not _same_line_break(text, tokens, i, lo, hi)
        for i in neighbours
    )  # fmt: skip


def _is_capitals(text: str, token: Token) -> bool:
    word = text[token.start : token.end]
    return len(word) > 1 and word.isupper() and word.isalpha()


def _same_line_break(text: str, tokens: list[Token], i: int, lo: int, hi: int) -> bool:
    """True when a line break separates token ``i`` from the name span."""
    a, b = (tokens[i].end, tokens[lo].start) if i < lo else (tokens[hi].end, tokens[i].start)
    return "\n" in text[a:b]


def _given_run(
    tokens: list[Token], edge: int, step: int, given: AbstractSet[str], folded: str, text: str
) -> list[int]:
    """Given-name tokens next to the name at token ``edge``, on the same line."""
    run = []
    previous, i = edge, edge + step
    while 0 <= i < len(tokens) and len(run) < _GIVEN_RUN and tokens[i].text in given:
        near, far = sorted((previous, i))
        lo, hi = tokens[near].end, tokens[far].start
        if "\n" in folded[lo:hi] or (previous == edge and text[lo:hi] in _JOINERS):
            break  # "NICOLAS-GAUTIER": a compound family name, not given name + family
        run.append(i)
        previous, i = i, i + step
    return run


def _nom_labelled(tokens: list[Token], first: int) -> bool:
    if first > 0 and tokens[first - 1].text in _TITLES:
        return True
    before = " " + " ".join(t.text for t in tokens[max(0, first - 4) : first])
    return before.endswith(_NOM_ENDINGS)
