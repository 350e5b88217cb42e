"""Letters and complaint kits at scale: letters/s and kits/s on generated people.

The issue's bar: ``notify`` at 200 letters/s per core or more, with the same content. The
fictitious registry comes from ``linkage_population.draw_people`` (seeded); each person
gets an exposure drawn from a few realistic category sets (a death certificate now and
then, so heirs are written to, and children, so parents are), graded as the scan grades
them. Letters, kits and e-mail drafts are written by the real functions into a case in a
temporary folder (0600 files, the shipped example ``case.toml``), timed apart; the
regulator report (one per case, not per person) is left out.

Run: ``python benchmarks/bench_letters.py [--people N] [--profile]``; the default is
``LEAKMAP_BENCH_LETTERS`` people, or 100,000 (``make bench``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from linkage_population import draw_people  # noqa: E402

from leakmap.assess.enisa import BreachCircumstances, grade_severity  # noqa: E402
from leakmap.assess.exposure import Exposure  # noqa: E402
from leakmap.link.registry import Patient  # noqa: E402
from leakmap.vocabulary import IDENTITY_CATEGORIES, Category, Decision  # noqa: E402

PEOPLE_VARIABLE = "LEAKMAP_BENCH_LETTERS"
DEFAULT_PEOPLE = 100_000
TARGET_PER_CORE = 200.0
LETTER_DAY = date(2026, 6, 1)
C = Category
#: The exposed categories drawn for each person (name is always there).
_CATEGORY_SETS = (
    (C.BIRTH_DATE, C.ADDRESS, C.HEALTH),
    (C.BIRTH_DATE, C.NATIONAL_ID, C.HEALTH, C.LABORATORY),
    (C.ADDRESS, C.PHONE, C.HEALTH, C.IMAGING),
    (C.HOSPITAL_ID, C.HEALTH, C.ONCOLOGY, C.PATHOLOGY),
    (C.BIRTH_DATE, C.BANK, C.ADDRESS),
    (C.EMAIL, C.HEALTH, C.MENTAL_HEALTH),
    (C.BIRTH_DATE, C.HEALTH, C.DEATH),
    (C.PHONE,),
)


def exposures_of(people: list[Patient], *, seed: int) -> list[Exposure]:
    """One ``notify`` exposure per person, its categories drawn from ``_CATEGORY_SETS``."""
    rng = random.Random(seed)
    graded = {}
    exposures = []
    for person in people:
        found = frozenset(rng.choice(_CATEGORY_SETS)) | {C.NAME}
        if found not in graded:
            graded[found] = grade_severity(
                found, identifiers_linked=found & IDENTITY_CATEGORIES, minor=False,
                vulnerable=False, circumstances=BreachCircumstances(),
            )  # fmt: skip
        documents = tuple(f"Service/doc_{i}.pdf" for i in range(1 + rng.randrange(3)))
        exposures.append(
            Exposure(person.patient_id, Decision.NOTIFY, 0.97, graded[found], found, documents, ())
        )
    return exposures


def _timed(label: str, work: Callable[[], int], *, profile: bool) -> tuple[int, float]:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    count = work()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    if profiler:
        print(f"--- profile: {label}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return count, elapsed


def run(people_count: int, *, profile: bool) -> None:
    """Write every letter, kit and draft of ``people_count`` generated people; print rates."""
    from leakmap.report.case_info import load_case_info
    from leakmap.report.email_drafts import write_email_drafts
    from leakmap.report.kit import write_complaint_kits
    from leakmap.report.letters import write_letters

    started = time.perf_counter()
    people = draw_people(people_count, seed=15)
    patients = {p.patient_id: p for p in people}
    exposures = exposures_of(people, seed=15)
    deceased = frozenset(e.patient_id for e in exposures if C.DEATH in e.categories)
    print(f"{people_count} generated people in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
        case_dir = Path(folder)
        info = load_case_info(case_dir, today=LETTER_DAY)
        summary = []

        def letters() -> int:
            summary.append(write_letters(case_dir, exposures, patients, info, deceased=deceased))
            return summary[0].written

        def kits() -> int:
            return write_complaint_kits(case_dir, exposures, patients, info, deceased=deceased)

        def drafts() -> int:
            return len(write_email_drafts(case_dir, summary[0].drafts, info))

        rates = {}
        for label, work in (("letters", letters), ("kits", kits), ("e-mail drafts", drafts)):
            count, elapsed = _timed(label, work, profile=profile)
            rates[label] = count / elapsed if elapsed else 0.0
            print(f"{label}: {count} in {elapsed:.1f} s, {rates[label]:.1f}/s", flush=True)
    cores = len(os.sched_getaffinity(0))
    per_core = rates["letters"] / cores
    verdict = "meets" if per_core >= TARGET_PER_CORE else "below"
    print(
        f"letters/s: {rates['letters']:.1f} ({per_core:.1f} per core on {cores} cores, "
        f"{verdict} the {TARGET_PER_CORE:.0f}/s/core target); kits/s: {rates['kits']:.1f}"
    )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = int(os.environ.get(PEOPLE_VARIABLE, DEFAULT_PEOPLE))
    parser.add_argument("--people", type=int, default=default)
    parser.add_argument("--profile", action="store_true", help="cProfile each phase")
    arguments = parser.parse_args()
    run(arguments.people, profile=arguments.profile)


if __name__ == "__main__":
    main()
