"""Detection measured on real-world wording: precision, recall and F1 per type, and speed.

Two labelled corpora, in the eds-pseudo ``[text](LABEL)`` format:

- the eds-pseudo templates (AP-HP's fictitious clinical sentences), read from
  ``shared/external/eds-pseudo/templates.txt`` beside the repository, never copied into it
  (skipped with a message where absent);
- leakmap's own snippets: the hand-written hard cases of ``tests/data/detection_snippets.tsv``
  and the fictitious hospital's patient labels (``leakmap.synth.labelled_lines``), labelled
  from what the generator printed.

Each is scored four ways: with a registry (the people and IPPs the corpus labels stand in
for the hospital's registry: how a scan with ``--registry`` runs), without one (patterns
only: how unregistered people are found), and each of those with spaCy NER. Then the
cost and benefit of each NER policy, and the throughput of detection with a
1,000,000-patient synthetic registry loaded: over the labelled corpora repeated (dense in
identifiers and names, a worst case) and over a generated hospital's documents as the
extract stage hands them over (realistic text, what the 1 MB/s target is judged on).

Run: ``python benchmarks/bench_detection.py [--misses NOM,PRENOM --variant registry]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leakmap.detect.detection_scores import (
    Comparison,
    LabelScore,
    compare,
    detect_labelled,
    score_date_roles,
    score_labels,
    spans_found,
)
from leakmap.detect.document import DetectionContext, detect_text
from leakmap.detect.identifiers.nir import nir_key_is_valid
from leakmap.detect.identifiers.place import Place
from leakmap.detect.labelled_text import (
    Label,
    LabelledPerson,
    LabelledText,
    parse_labelled,
    people_of,
    read_snippets,
    read_templates,
)
from leakmap.detect.names import NameIndex
from leakmap.detect.ner import (
    DEFAULT_POLICY,
    NerPolicy,
    find_ner_names,
    load_pipeline,
    ner_windows,
)
from leakmap.settings import ScanSettings
from leakmap.synth.labelled_lines import labelled_labels

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO.parent / "shared/external/eds-pseudo/templates.txt"
SNIPPETS = REPO / "tests/data/detection_snippets.tsv"
#: Fixed, so that the dates the corpora hold are judged the same on every run.
TODAY = date(2026, 6, 1)
PLACE = Place(1, block=0)
#: eds-pseudo's published token-level F1 (model card of AP-HP/eds-pseudo-public, AP-HP's
#: private test set); the card gives 0.97-0.99 for the other types too.
PUBLISHED_F1 = {
    Label.ADRESSE: 0.976,
    Label.DATE: 0.987,
    Label.DATE_NAISSANCE: 0.972,
    Label.IPP: 0.913,
}
#: The card gives 0.97-0.99 per type without listing every one; shown for the rest.
PUBLISHED_RANGE = "0.97-0.99"
GENERATOR_SEED = 4
GENERATOR_SNIPPETS = 150
THROUGHPUT_BYTES = 2_000_000
HOSPITAL_SEED = 11
HOSPITAL_FILES = 300
HOSPITAL_ROUNDS = 2
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bou",
    "ca",
    "ce",
    "ci",
    "co",
    "cha",
    "che",
    "da",
    "de",
    "di",
    "do",
    "dou",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "gi",
    "go",
    "gui",
    "la",
    "le",
    "li",
    "lo",
    "lou",
    "ma",
    "me",
    "mi",
    "mo",
    "mou",
    "na",
    "ne",
    "ni",
    "no",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "rou",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "tou",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zi",
    "bran",
    "dar",
    "gal",
    "ler",
    "mar",
    "nier",
    "rand",
    "son",
    "tin",
    "vet",
]


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of running detection: a registry or none, NER or none."""

    name: str
    context: DetectionContext
    ner: NerPolicy | None = None


def main(argv: Sequence[str] | None = None) -> int:
    """Score every corpus, compare NER policies, measure throughput."""
    args = _arguments(argv)
    corpora = _corpora()
    for title, texts in corpora:
        variants = _variants(texts)
        results = {v.name: _run(texts, v) for v in variants}
        _print_scores(title, {name: score_labels(c) for name, c in results.items()})
        _print_secu_note(results["registry"])
        _print_date_roles(results)
        if args.misses:
            _print_misses(results[args.variant], args.misses.split(","))
    if corpora:
        _print_ner_policies(corpora[0][1])
    if not args.no_throughput:
        _print_throughput([t.text for _, texts in corpora for t in texts], args.registry_size)
    return 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", default="", help="labels whose misses to list, e.g. NOM,DATE")
    parser.add_argument("--variant", default="registry", help="registry, no registry, + NER")
    parser.add_argument("--registry-size", type=int, default=1_000_000)
    parser.add_argument("--no-throughput", action="store_true")
    return parser.parse_args(argv)


def _corpora() -> list[tuple[str, list[LabelledText]]]:
    corpora = []
    if TEMPLATES.is_file():
        corpora.append(("eds-pseudo templates", read_templates(TEMPLATES)))
    else:
        print(f"eds-pseudo templates not found at {TEMPLATES}: skipped\n")
    generated = [
        parse_labelled(text, source=f"generator:{number}")
        for number, text in enumerate(labelled_labels(GENERATOR_SEED, GENERATOR_SNIPPETS))
    ]
    hand = read_snippets(SNIPPETS)
    title = f"leakmap snippets ({len(hand)} hand-written + {len(generated)} generator)"
    corpora.append((title, hand + generated))
    return corpora


def _variants(texts: list[LabelledText]) -> list[Variant]:
    settings = ScanSettings(workers=1, use_ner=False)
    registry = DetectionContext(NameIndex.build(people_of(texts)), settings, TODAY)
    bare = DetectionContext(NameIndex.build([]), settings, TODAY)
    return [
        Variant("registry", registry),
        Variant("no registry", bare),
        Variant("registry + NER", registry, DEFAULT_POLICY),
        Variant("no registry + NER", bare, DEFAULT_POLICY),
    ]


def _run(texts: list[LabelledText], variant: Variant) -> list[Comparison]:
    return [detect_labelled(t, variant.context, ner=variant.ner) for t in texts]


def _print_scores(title: str, scores: dict[str, tuple[LabelScore, ...]]) -> None:
    names = list(scores)
    print(f"== {title}: precision / recall / F1 per type (span overlap)")
    header = f"{'type':15} {'n':>4} " + " ".join(f"{n:^17}" for n in names) + "  eds-pseudo F1"
    print(header + "\n" + f"{'':20} " + " ".join(f"{'P':>5} {'R':>5} {'F1':>5}" for _ in names))
    for row in zip(*scores.values(), strict=True):
        cells = " ".join(f"{_f(s.precision)} {_f(s.recall)} {_f(s.f1)}" for s in row)
        published = PUBLISHED_F1.get(row[0].label)
        shown = _f(published) if published is not None else PUBLISHED_RANGE
        if row[0].label in (Label.IBAN, Label.CARTE):
            shown = "-"  # not an eds-pseudo type
        print(f"{row[0].label:15} {row[0].support:>4} {cells}  {shown}")
    print(_CLINICIANS_NOTE)
    print()


def _print_secu_note(comparisons: list[Comparison]) -> None:
    """SECU recall over labelled NIRs whose key is valid: the template NIRs are random digits."""
    valid = [
        (s, c)
        for c in comparisons
        for s in c.labelled
        if s.label is Label.SECU and nir_key_is_valid("".join(c for c in s.text if c.isalnum()))
    ]
    found = sum(1 for s, c in valid if s not in c.missed)
    total = sum(1 for c in comparisons for s in c.labelled if s.label is Label.SECU)
    print(f"SECU: {len(valid)} of {total} labelled NIRs have a valid key; {found} of those found\n")


def _print_date_roles(results: dict[str, list[Comparison]]) -> None:
    """Birth date vs other date: accuracy over labelled dates found as dates, per variant."""
    cells = []
    for name, comparisons in results.items():
        roles = score_date_roles(comparisons)
        cells.append(
            f"{name} {_f(roles.accuracy)} ({roles.right}/{roles.found} of {roles.labelled})"
        )
    print("birth date vs other date, accuracy: " + "; ".join(cells) + "\n")


def _print_misses(comparisons: list[Comparison], labels: list[str]) -> None:
    for comparison in comparisons:
        for span in comparison.missed:
            if span.label in labels:
                print(f"missed    {comparison.source:28} {span.label:15} {span.text!r}")
        for span in comparison.spurious:
            if span.label in labels:
                print(f"spurious  {comparison.source:28} {span.label:15} {span.text!r}")
    print()


_CLINICIANS_NOTE = (
    f"(NER's default policy, {DEFAULT_POLICY}: a clinician's name after a title or role "
    "('Dr Guillaume LEGRAND', 'Interne : ...') is\n not sought by NER, by design: it exposes "
    "no one; it is read as a clinician from its words alone. The eds-pseudo\n templates label "
    "clinicians NOM/PRENOM, so the NER rows' NOM/PRENOM figures there may fall.)"
)


def _print_ner_policies(texts: list[LabelledText]) -> None:
    """Cost (KB/s of NER over the corpus, share of text read) and benefit (name recall)."""
    load_pipeline()
    find_ner_names("Patiente : Mme Jeanne Exemple", PLACE)  # warm up
    context = next(v.context for v in _variants(texts) if v.name == "no registry")
    base = [detect_text(t.text, PLACE, context) for t in texts]
    size = sum(len(t.text.encode()) for t in texts)
    print("== NER policies, no registry: cost and benefit")
    print(f"{'policy':24} {'text read':>9} {'NER KB/s':>9}  NOM P/R      PRENOM P/R")
    for policy in (None, *NerPolicy):
        comparisons, read, elapsed = [], 0, 0.0
        for labelled, (identifiers, names, _) in zip(texts, base, strict=True):
            extra = []
            if policy is not None:
                read += sum(
                    b - a for a, b in ner_windows(labelled.text, known=names, policy=policy)
                )
                started = time.perf_counter()
                extra = find_ner_names(labelled.text, PLACE, known=names, policy=policy)
                elapsed += time.perf_counter() - started
            found = spans_found(labelled.text, identifiers, names + extra)
            comparisons.append(compare(labelled, found))
        scores = {s.label: s for s in score_labels(comparisons)}
        rate = f"{size / 1000 / elapsed:9.1f}" if elapsed else f"{'-':>9}"
        nom, prenom = scores[Label.NOM], scores[Label.PRENOM]
        print(
            f"{policy or 'none':24} {read / max(1, size):9.0%} {rate}  "
            f"{_f(nom.precision)}/{_f(nom.recall)}  {_f(prenom.precision)}/{_f(prenom.recall)}"
        )
    print(_CLINICIANS_NOTE)
    print()


def _print_throughput(blocks: list[str], size: int) -> None:
    """MB of text per second per core (CPU time) of detection as a scan runs it.

    Default settings (NER on), the blocks read by documents of ``per_document`` blocks as
    ``detect_document`` reads them (NER batched per document), a ``size``-patient registry
    loaded, its load time apart. Twice: with a registry that also holds the people the text
    names (a hospital's own dump: NER reads only what no registry or pattern hit explains)
    and with one holding none of them (the worst case: every name is left to NER). CPU
    time, not wall time, so that other work on the machine does not count.
    """
    from leakmap.detect.document import detect_texts
    from leakmap.detect.ner import DETECTOR

    per_document = 32
    policy = DEFAULT_POLICY
    named = people_of([t for _, texts in _corpora() for t in texts])
    synthetic = _synthetic_registry(size, seed=7)
    sample = _repeat(blocks, THROUGHPUT_BYTES)
    documents = [
        [(b, Place(1, block=i)) for i, b in enumerate(sample[n : n + per_document])]
        for n in range(0, len(sample), per_document)
    ]
    megabytes = sum(len(b.encode()) for b in sample) / 1e6
    load_pipeline()
    print(f"== throughput: MB of text per second per core (CPU time), {megabytes:.1f} MB")
    for title, people in (
        (f"{size - len(named):,} synthetic + the {len(named)} people the text names", named),
        (f"{size:,} synthetic, none named in the text (worst case)", []),
    ):
        started = time.process_time()
        index = NameIndex.build([*synthetic[: size - len(people)], *people])
        loaded = time.process_time() - started
        print(f"registry of {title}: loaded in {loaded:.1f} s CPU (apart)")
        seconds, read = {}, 0
        chars = sum(len(b) for b in sample)
        for use_ner in (False, True):
            context = DetectionContext(index, ScanSettings(workers=1, use_ner=use_ner), TODAY)
            detect_texts([("Patiente : Mme Jeanne Exemple", PLACE)], context)  # warm up
            started = time.process_time()
            found = [detect_texts(d, context) for d in documents]
            seconds[use_ner] = time.process_time() - started
        for document, results in zip(documents, found, strict=True):
            for (block, _), (_, names, _) in zip(document, results, strict=True):
                known = [n for n in names if n.detector != DETECTOR]
                read += sum(b - a for a, b in ner_windows(block, known=known, policy=policy))
        share = 1 - seconds[False] / seconds[True]
        print(
            f"  default settings (NER on): {megabytes / seconds[True]:5.2f} MB/s per core  "
            f"(NER: {share:.0%} of the CPU time, read {read / chars:.0%} of the text)"
        )
        print(f"  without NER:               {megabytes / seconds[False]:5.2f} MB/s per core")
    print("  (the labelled corpora repeated: dense in identifiers and names, a worst case)\n")
    _print_hospital_throughput(synthetic)
    print("  target: >= 1.0 MB/s per core with the default settings, on the hospital's text\n")


def _print_hospital_throughput(synthetic: list[LabelledPerson]) -> None:
    """The same measure on realistic text: the documents of a generated hospital, as the
    extract stage hands them to detection (text blocks and table rows), with its registry
    loaded beside the synthetic patients, default settings."""
    import tempfile

    from leakmap.detect.document import detect_document
    from leakmap.detect.rows import row_text
    from leakmap.extract.registry import extract_file
    from leakmap.link.registry_formats import load_registry_any
    from leakmap.synth.hospital import generate_hospital
    from leakmap.walk.dump import walk_dump

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate_hospital(out, seed=HOSPITAL_SEED, patients=300, files=HOSPITAL_FILES)
        settings = ScanSettings(workers=1)
        documents = [extract_file(f, settings) for f in walk_dump(out / "dump", settings)]
        patients = load_registry_any(out / "registry.csv")
    size = sum(len(b.text.encode()) for d in documents for b in d.blocks)
    size += sum(len(row_text(r).encode()) for d in documents for r in d.rows)
    megabytes = size / 1e6
    started = time.process_time()
    index = NameIndex.build([*synthetic[: len(synthetic) - len(patients)], *patients])
    loaded = time.process_time() - started
    print(
        f"== throughput on a generated hospital's documents (realistic text): {len(documents)} "
        f"documents, {megabytes:.2f} MB of blocks and rows, {len(synthetic):,}-patient registry "
        f"holding its {len(patients)} patients (loaded in {loaded:.1f} s CPU, apart)"
    )
    # One pass untimed: the per-header and per-word caches a scan fills on its first files
    # would otherwise be charged to whichever setting runs first.
    warm = DetectionContext(index, ScanSettings(workers=1), TODAY)
    for document in documents:
        detect_document(document, warm)
    for use_ner in (True, False):
        context = DetectionContext(index, ScanSettings(workers=1, use_ner=use_ner), TODAY)
        started = time.process_time()
        for _ in range(HOSPITAL_ROUNDS):
            for document in documents:
                detect_document(document, context)
        seconds = (time.process_time() - started) / HOSPITAL_ROUNDS
        title = "default settings (NER on):" if use_ner else "without NER:              "
        print(f"  {title} {megabytes / seconds:5.2f} MB/s per core")


def _rate(blocks: list[str], detect: Callable[[str], object]) -> float:
    started = time.perf_counter()
    for block in blocks:
        detect(block)
    elapsed = time.perf_counter() - started
    return sum(len(b.encode()) for b in blocks) / 1e6 / elapsed


def _repeat(blocks: list[str], size: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < size and blocks:
        for block in blocks:
            out.append(block)
            total += len(block.encode())
            if total >= size:
                break
    return out


def _synthetic_registry(size: int, *, seed: int) -> list[LabelledPerson]:
    """Fictitious patients: random-syllable family names, and one in five a common French
    family name (Faker's list) so that the index also holds the names text is full of."""
    from faker.providers.person.fr_FR import Provider

    rng = random.Random(seed)
    common = list(Provider.last_names)
    given = [*Provider.first_names_male, *Provider.first_names_female]
    people = []
    for number in range(size):
        if number % 5 == 0:
            family = rng.choice(common)
        else:
            family = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        first = " ".join(rng.choice(given) for _ in range(rng.choice((1, 1, 1, 2))))
        people.append(LabelledPerson(f"{10_000_000 + number}", family, "", first))
    return people


def _f(value: float | None) -> str:
    return f"{value:5.3f}" if value is not None else f"{'-':>5}"


if __name__ == "__main__":
    sys.exit(main())
