"""``leakmap match`` on re-published copies: match rate per variant, false matches, speed.

A generated hospital's text PDFs are fingerprinted as a scan does (``extract_file`` then
``fingerprint_file``, timed per page: the scan-time cost); ``--documents`` of them are
re-published in every ``synth.republished.Variant`` (re-saved PDF, text copy, 30 %
excerpt, JPEG q40, 60 % crop, 3° rotation, noisy rescan, 96 dpi screenshot, phone photo);
``--negatives`` files of another hospital (another seed) are queried too and must match
nothing. Each queried file goes through ``fingerprint.query.match_one``, the worker's
code, in this one process (one core): files/s is per core. Targets (issue 14): >= 95 %
per variant, <= 0.1 % false matches, >= 50 files/s.

Run: ``python benchmarks/bench_match.py [--documents 200 --negatives 1000]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from leakmap.extract.registry import extract_file
from leakmap.fingerprint.compute import fingerprint_file, texts_of
from leakmap.fingerprint.index import FingerprintIndex
from leakmap.fingerprint.query import QueriedFile, install_index, match_one
from leakmap.fingerprint.text_shingles import shingle_hashes, words_of
from leakmap.settings import ScanSettings
from leakmap.synth.republished import Variant, variant_of
from leakmap.vocabulary import ARCHIVE_KINDS, FileKind
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile, LeakPath

SETTINGS = ScanSettings(workers=1)
#: Every shingle (unsampled) of each case content, to judge a text match: a document
#: that truly holds most of the queried text is a right answer, not a false match.
_TEXTS: list[set[int]] = []
#: Documents re-published are those with this many words at least: letters and reports
#: that say something of a patient, not the hospital's blank request forms (identical
#: but for a reference, they are one document to a reader, and to a matcher).
_MIN_WORDS = 80
#: CPU seconds the queries took (this process, all its threads): on shared cores the
#: wall clock counts other processes' time too.
_QUERY_CPU = [0.0]


def main() -> None:
    """Generate, fingerprint, query, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--negatives", type=int, default=1000)
    parser.add_argument("--files", type=int, default=0, help="leaked hospital's files")
    parser.add_argument("--work", type=Path, default=None, help="keep the hospitals here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.work or Path(tmp)
        # About one file in four is a text PDF long enough to re-publish: 4x the documents.
        leaked = _hospital(root / "leaked", seed=3, files=args.files or args.documents * 4)
        other = _hospital(root / "other", seed=11, files=round(args.negatives * 1.2))
        fingerprints, sources, seconds, pages = _fingerprint_case(leaked)
        print(f"case: {len(fingerprints)} contents fingerprinted, {pages} pages hashed, "
              f"{1000 * seconds / max(1, pages):.1f} ms a page (text + page hashes, one core)")  # fmt: skip
        index = FingerprintIndex(fingerprints)
        install_index(index, SETTINGS)
        chosen = sources[: args.documents]
        if len(chosen) < args.documents:
            print(f"only {len(chosen)} documents can be re-published (asked {args.documents}): give --files")  # fmt: skip
        _report(
            *_query_variants(index, chosen, fingerprints),
            *_query_negatives(index, other, args.negatives),
        )


def _hospital(out: Path, *, seed: int, files: int) -> Path:
    if (out / "dump").is_dir():
        return out / "dump"
    command = [sys.executable, "-m", "leakmap", "synth", "--seed", str(seed), "--patients",
               str(max(500, files * 3)), "--files", str(files), "--out", str(out)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return out / "dump"


def _fingerprint_case(dump: Path) -> tuple[list, list[tuple[int, bytes, str]], float, int]:
    """Every content's fingerprint; the text PDFs that can be re-published (bytes, text)."""
    fingerprints, sources, seconds, pages = [], [], 0.0, 0
    seen: set[str] = set()
    for file in walk_dump(dump, SETTINGS):
        if file.problem or file.kind in ARCHIVE_KINDS or file.sha256 in seen:
            continue
        seen.add(file.sha256)
        started = time.perf_counter()
        document = extract_file(file, SETTINGS)
        fingerprint = fingerprint_file(file, document)
        if file.kind is FileKind.PDF:
            seconds += time.perf_counter() - started
            pages += len(fingerprint.pages)
        fingerprints.append(fingerprint)
        text = "\n".join(b.text for b in document.blocks)
        _TEXTS.append(set(shingle_hashes(words_of(" ".join(texts_of(document))))))
        if file.kind is FileKind.PDF and not document.ocr and len(text.split()) >= _MIN_WORDS:
            sources.append((len(fingerprints) - 1, file.read_bytes(), text))
    return fingerprints, sources, seconds, pages


def _query(data: bytes, suffix: str, index: FingerprintIndex) -> QueriedFile:
    """One queried file as the match worker sees it (sniffed from its bytes)."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        file = next(iter(walk_dump(Path(handle.name), SETTINGS)))
        return match_one(replace(file, path=LeakPath((f"query{suffix}",))), index)


def _matched(result: QueriedFile) -> set[int]:
    found = {m.document for m in result.text} | {p.document for p in result.pages if p}
    return found | ({result.exact} if result.exact is not None else set())


def _query_variants(
    index: FingerprintIndex, chosen: list[tuple[int, bytes, str]], fingerprints: list
):
    # Documents holding the same text as a chosen one (a report sent as PDF and as an
    # attachment) are right answers too: "wrong" is a document without its text.
    same = {d: {d} | {m.document for m in index.match_text(fingerprints[d].shingles)}
            for d, _, _ in chosen}  # fmt: skip
    hits: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    ocr: Counter[str] = Counter()
    seconds: defaultdict[str, float] = defaultdict(float)
    for number, (document, pdf, text) in enumerate(chosen):
        for variant in Variant:
            suffix, data = variant_of(pdf, text, variant, seed=number)
            started, cpu = time.perf_counter(), time.process_time()
            result = _query(data, suffix, index)
            seconds[variant] += time.perf_counter() - started
            _QUERY_CPU[0] += time.process_time() - cpu
            found = _matched(result)
            hits[variant] += document in found
            wrong[variant] += bool(found - same[document] - _holding(data, suffix, found))
            ocr[variant] += result.ocr
    return len(chosen), hits, wrong, seconds, ocr


def _holding(data: bytes, suffix: str, found: set[int]) -> set[int]:
    """The found documents that hold at least half of a queried text's shingles."""
    if suffix != ".txt":
        return set()
    query = set(shingle_hashes(words_of(data.decode("utf-8"))))
    return {d for d in found if len(query & _TEXTS[d]) >= 0.5 * max(1, len(query))}


def _query_negatives(index: FingerprintIndex, dump: Path, limit: int):
    """Files of another hospital: any match is false unless the matched case document
    holds the file's very text (``_SAME_TEXT`` of its shingles; the same service note or
    canteen menu issued in both hospitals) or its very bytes (the same blank form)."""
    queried, false, same, seconds = 0, 0, 0, 0.0
    kinds: Counter[tuple[str, str]] = Counter()
    for file in walk_dump(dump, SETTINGS):
        if queried >= limit:
            break
        if file.problem or file.kind in ARCHIVE_KINDS:
            continue
        started, cpu = time.perf_counter(), time.process_time()
        result = match_one(file, index)
        seconds += time.perf_counter() - started
        _QUERY_CPU[0] += time.process_time() - cpu
        queried += 1
        found = _matched(result)
        if found and (result.exact is not None or _holds_text(file, found)):
            same += 1
        elif found:
            false += 1
            kinds[(file.kind.value, "text" if result.text else "page")] += 1
    if kinds:
        print("negatives matched, by kind and method:", dict(kinds))
    return queried, false, same, seconds


#: A negative whose text a matched case document holds this share of is the same text.
_SAME_TEXT = 0.9


def _holds_text(file: LeakedFile, found: set[int]) -> bool:
    """Every found document holds ``_SAME_TEXT`` of the file's (unsampled) shingles."""
    document = extract_file(file, SETTINGS)
    query = set(shingle_hashes(words_of(" ".join(texts_of(document)))))
    return bool(query) and all(len(query & _TEXTS[d]) >= _SAME_TEXT * len(query) for d in found)


def _report(documents, hits, wrong, seconds, ocr, negatives, false, same, negative_s) -> None:
    print(f"{'variant':<16} {'matched':>8} {'rate':>7} {'wrong doc':>9} {'OCR run':>8} "
          f"{'files/s':>8}")  # fmt: skip
    for variant in Variant:
        rate = hits[variant] / max(1, documents)
        speed = documents / max(seconds[variant], 1e-9)
        print(f"{variant:<16} {hits[variant]:>8} {rate:>7.1%} {wrong[variant]:>9} "
              f"{ocr[variant]:>8} {speed:>8.1f}")  # fmt: skip
    queries = documents * len(Variant)
    total_s = sum(seconds.values()) + negative_s
    false_all = false + sum(wrong.values())
    print(f"negatives: {negatives} queried, {false} matched ({false / max(1, negatives):.2%}) "
          f"and {same} matched a case document holding their very text or bytes, "
          f"{negatives / max(negative_s, 1e-9):.1f} files/s")  # fmt: skip
    print(f"false matches: {false_all} of {queries + negatives} queries "
          f"({false_all / max(1, queries + negatives):.2%}); "
          f"{(queries + negatives) / total_s:.1f} queried files/s on one core "
          f"({(queries + negatives) / max(_QUERY_CPU[0], 1e-9):.1f} a CPU second)")  # fmt: skip


if __name__ == "__main__":
    main()
