"""Linkage at scale: 100,000 mentions against a 1,000,000-patient registry, truth known.

The issue's bar: training and linking in at most 90 s wall time and 3 GB peak memory on
a two-core machine, the registry import timed apart. The fictitious population and its
mentions come from ``linkage_population`` (seeded). The registry is written as the
contract's CSV and each linker runs in a process of its own, which imports the registry
with ``load_registry_any`` (timed apart) and links: so that peak memory (the process's
maximum resident set, DuckDB included) is each linker's own.

Two linkers: Splink on DuckDB (``linker.link_mentions_with_splink``: Bayes factors from
``splink_scoring.score_pairs``, trained by EM, then decided as the Python linker decides)
and the pure-Python linker (``linker.link_mentions``). For each: time, memory, how often the true
patient is among the candidates, precision and recall of the best candidate at the review
and notify thresholds, false attributions of people not in the registry, and a
reliability table (stated confidence against the share correct).

Run: ``python benchmarks/bench_linkage.py [--patients 1000000 --mentions 100000]
[--linkers splink,python]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from linkage_population import LabelledMention, draw_mentions, draw_people  # noqa: E402

from leakmap.link.registry import Patient  # noqa: E402
from leakmap.settings import ScanSettings  # noqa: E402

#: The date the fictitious documents were written (ages are read against it).
TODAY = date(2026, 6, 1)
BUDGET_S = 90.0
BUDGET_MB = 3 * 1024
HEADER = ("patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
          "address", "postcode", "city", "phone", "email", "nir")  # fmt: skip
#: What a worker hands back per mention: (patient_id, probability) best first.
Ranked = dict[str, list[tuple[str, float]]]


@dataclass(frozen=True, slots=True)
class Run:
    """One linker's run: its timings, memory and ranked candidates."""

    linker: str
    import_s: float
    link_s: float
    peak_mb: float
    ranked: Ranked


def _write_registry(patients: Sequence[Patient], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for p in patients:
            birth = p.birth_date.isoformat() if p.birth_date else ""
            writer.writerow((p.patient_id, p.family_name, p.birth_name, p.given_names, birth,
                             p.sex, p.address, p.postcode, p.city, p.phone, p.email, p.nir))  # fmt: skip


def _link_splink(mentions: list, patients: list[Patient]) -> Ranked:
    """What a scan runs with ``--linker splink``: Splink's Bayes factors (trained by EM),
    decided with the leak's recurrence and bare-name priors and the repetition rule."""
    from leakmap.link.linker import link_mentions_with_splink

    attributions = link_mentions_with_splink(
        mentions, patients, ScanSettings(workers=1), today=TODAY
    )
    return {
        a.mention.key: [(c.patient_id, c.probability) for c in a.candidates[:3]]
        for a in attributions
    }


def _link_python(mentions: list, patients: list[Patient]) -> Ranked:
    from leakmap.link.linker import link_mentions
    from leakmap.link.registry_index import RegistryIndex

    attributions = link_mentions(
        mentions, RegistryIndex.build(patients), ScanSettings(workers=1), today=TODAY
    )
    return {
        a.mention.key: [(c.patient_id, c.probability) for c in a.candidates[:3]]
        for a in attributions
    }


def _worker(linker: str, data: Path) -> None:
    """In a process of its own: import the registry, link, write the ranking and figures."""
    from leakmap.link.registry_formats import load_registry_any

    started = time.perf_counter()
    patients = load_registry_any(data / "registry.csv")
    imported = time.perf_counter()
    with (data / "mentions.pickle").open("rb") as handle:
        mentions = [labelled.mention for labelled in pickle.load(handle)]
    linking = time.perf_counter()
    ranked = (_link_splink if linker == "splink" else _link_python)(mentions, patients)
    done = time.perf_counter()
    figures = {
        "import_s": imported - started,
        "link_s": done - linking,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    (data / f"{linker}.json").write_text(json.dumps(figures))
    with (data / f"{linker}.pickle").open("wb") as handle:
        pickle.dump(ranked, handle)


def _run(linker: str, data: Path) -> Run:
    command = [sys.executable, __file__, "--worker", linker, "--data", str(data)]
    subprocess.run(command, check=True)
    figures = json.loads((data / f"{linker}.json").read_text())
    with (data / f"{linker}.pickle").open("rb") as handle:
        ranked = pickle.load(handle)
    return Run(linker, figures["import_s"], figures["link_s"], figures["peak_mb"], ranked)


def _best(run: Run, key: str) -> tuple[str | None, float]:
    candidates = run.ranked.get(key) or []
    return (candidates[0][0], candidates[0][1]) if candidates else (None, 0.0)


def _accuracy(run: Run, labelled: list[LabelledMention]) -> list[str]:
    """Lines: candidates recall, best-candidate precision/recall, false attributions."""
    registered = [m for m in labelled if m.truth]
    strangers = [m for m in labelled if not m.truth]
    found = sum(
        any(pid == m.truth for pid, _ in run.ranked.get(m.mention.key, [])) for m in registered
    )
    lines = [f"  true patient among the top 3 candidates: {found / len(registered):.1%}"]
    settings = ScanSettings(workers=1)
    for name, threshold in (
        ("review", settings.review_threshold),
        ("notify", settings.notify_threshold),
    ):
        picked = [(m, _best(run, m.mention.key)) for m in labelled]
        attributed = [(m, pid) for m, (pid, p) in picked if pid is not None and p >= threshold]
        right = sum(1 for m, pid in attributed if pid == m.truth)
        wrong_strangers = sum(1 for m, _ in attributed if not m.truth)
        lines.append(
            f"  best candidate at p >= {threshold:.2f} ({name}): precision "
            f"{right / max(1, len(attributed)):.2%}, recall {right / len(registered):.2%}, "
            f"people not in the registry attributed {wrong_strangers / max(1, len(strangers)):.2%}"
        )
    return lines


def _reliability(run: Run, labelled: list[LabelledMention]) -> list[str]:
    """Confidence bins of the best candidate against the share that is the true patient."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(10)]
    for m in labelled:
        pid, p = _best(run, m.mention.key)
        if pid is not None:
            bins[min(9, int(p * 10))].append((p, pid == m.truth))
    lines = ["  confidence    mentions   mean p   share correct"]
    error = 0.0
    total = sum(len(b) for b in bins)
    for i, members in enumerate(bins):
        if not members:
            continue
        mean = sum(p for p, _ in members) / len(members)
        share = sum(ok for _, ok in members) / len(members)
        error += len(members) / total * abs(mean - share)
        lines.append(
            f"  {i / 10:.1f}-{(i + 1) / 10:.1f}   {len(members):>10}   {mean:6.3f}   {share:13.3f}"
        )
    lines.append(f"  expected calibration error: {error:.4f}")
    return lines


def _report(runs: list[Run], labelled: list[LabelledMention], patients: int, gen_s: float) -> bool:
    print(
        f"\n{len(labelled):,} mentions against {patients:,} patients (generated in {gen_s:.0f} s)"
    )
    print(f"{'linker':<8} {'import s':>9} {'train+link s':>13} {'peak MB':>8}   within bar")
    ok = True
    for run in runs:
        within = run.link_s <= BUDGET_S and run.peak_mb <= BUDGET_MB
        ok &= within or run.linker != "splink"
        print(f"{run.linker:<8} {run.import_s:9.1f} {run.link_s:13.1f} {run.peak_mb:8.0f}   "
              f"{'yes' if within else 'NO'}")  # fmt: skip
    for run in runs:
        print(f"\n{run.linker}:")
        print("\n".join(_accuracy(run, labelled) + _reliability(run, labelled)))
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, link with each linker in its own process, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--linkers", default="splink,python")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.data)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-linkage-") as folder:
        data = Path(folder)
        started = time.perf_counter()
        patients = draw_people(args.patients, seed=args.seed)
        strangers = draw_people(
            max(1000, args.mentions // 5), seed=args.seed + 1, first_id=50_000_000
        )
        labelled = draw_mentions(
            patients, strangers, args.mentions, seed=args.seed + 2, today=TODAY
        )
        _write_registry(patients, data / "registry.csv")
        with (data / "mentions.pickle").open("wb") as handle:
            pickle.dump(labelled, handle)
        generated = time.perf_counter() - started
        del patients, strangers
        runs = [_run(linker, data) for linker in args.linkers.split(",") if linker]
        return 0 if _report(runs, labelled, args.patients, generated) else 1


if __name__ == "__main__":
    sys.exit(main())
