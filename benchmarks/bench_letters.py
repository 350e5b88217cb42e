"""Letters and complaint kits at scale: letters/s and kits/s on generated people.

The issue's bar: ``notify`` at 200 letters/s per core or more, with the same content. The
fictitious registry comes from ``linkage_population.draw_people`` (seeded); each person
gets an exposure drawn from a few realistic category sets (a death certificate now and
then, so heirs are written to, and children, so parents are), graded as the scan grades
them. Everything is written into a case in a temporary folder (0600 files, the shipped
example ``case.toml``); the regulator report (one per case) is left out.

Same run, same machine: first the way ``notify`` wrote before (reportlab platypus, one
process, one letter at a time) on ``BASELINE_PEOPLE`` people; then the letter press
(``report.letter_press`` + ``report.mailing``, the worker pool, one worker per core,
fonts gathered over everyone's characters) on a fifth of the people for letters alone,
kits alone and notify's pass (letter, kit and e-mail draft per person, print-shop file
streamed), each pass in a case of its own. Rates are per CPU second (one core's rate,
true on a machine shared with other work) and per wall second.

Run: ``python benchmarks/bench_letters.py [--people N] [--profile]``; the default is
``LEAKMAP_BENCH_LETTERS`` people, or 100,000 (``make bench``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from linkage_population import draw_people  # noqa: E402

from leakmap.assess.enisa import BreachCircumstances, grade_severity  # noqa: E402
from leakmap.assess.exposure import Exposure  # noqa: E402
from leakmap.executors import LocalPoolExecutor  # noqa: E402
from leakmap.link.registry import Patient  # noqa: E402
from leakmap.report.case_info import CaseInfo, load_case_info  # noqa: E402
from leakmap.report.letter_context import template_context  # noqa: E402
from leakmap.report.letter_press import LetterPress, addressee_characters  # noqa: E402
from leakmap.report.mailing import write_mailing  # noqa: E402
from leakmap.report.output_files import write_output  # noqa: E402
from leakmap.report.recipients import Addressee, route_letters  # noqa: E402
from leakmap.report.templating import template_environment  # noqa: E402
from leakmap.report.text_blocks import parse_rendered  # noqa: E402
from leakmap.vocabulary import IDENTITY_CATEGORIES, Category, Decision  # noqa: E402

PEOPLE_VARIABLE = "LEAKMAP_BENCH_LETTERS"
DEFAULT_PEOPLE = 100_000
TARGET_PER_CORE = 200.0
#: Letters the platypus baseline writes (it runs at about 15 a second).
BASELINE_PEOPLE = 200
#: The passes write the files of this share (1/N) of the people: at 100,000 people,
#: notify's pass on everyone writes about 14 GB (55 KB a letter or kit, drafts with both
#: attached), and a shared virtual disk then sets the pace, not the letter press.
SPLIT_SHARE = 5
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


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(label: str, work: Callable[[], int], *, profile: bool) -> float:
    """Run ``work``; print its count, wall rate and rate per CPU second; return the latter.

    Per CPU second is the rate of one core: the figure that holds on a machine shared
    with other work (wall time then counts the waits for the cores and the disk).
    """
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), _cpu_s()
    if profiler:
        profiler.enable()
    count = work()
    if profiler:
        profiler.disable()
    elapsed, used = time.perf_counter() - started, _cpu_s() - cpu
    if profiler:
        print(f"--- profile: {label} (this process only)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    wall_rate = count / elapsed if elapsed else 0.0
    cpu_rate = count / used if used else 0.0
    print(
        f"{label}: {count} in {elapsed:.1f} s wall ({wall_rate:.1f}/s), {used:.1f} CPU s "
        f"({cpu_rate:.1f} per CPU second)",
        flush=True,
    )
    return cpu_rate


def _platypus_letters(case_dir: Path, addressees: Sequence[Addressee], info: CaseInfo) -> int:
    """The letters as notify wrote them before this benchmark: platypus, one by one."""
    from leakmap.report.letters import letter_frame
    from leakmap.report.pdf_document import render_text_pdf

    environment = template_environment(case_dir)
    for addressee in addressees:
        rendered = parse_rendered(
            environment.get_template("letter.fr.txt").render(
                template_context(addressee, info, "fr")
            )
        )
        pdf, _ = render_text_pdf(letter_frame(addressee, info, "fr"), rendered)
        write_output(case_dir, case_dir / "letters" / f"{addressee.key}.pdf", pdf)
    return len(addressees)


def _platypus_kits(case_dir: Path, addressees: Sequence[Addressee], info: CaseInfo) -> int:
    """The kits as notify wrote them before: ``kit.render_kit`` on platypus, one by one."""
    from dataclasses import replace

    from leakmap.report.letters import letter_frame
    from leakmap.report.pdf_document import render_text_pdf

    environment = template_environment(case_dir)
    for addressee in addressees:
        rendered = parse_rendered(
            environment.get_template("complaint_kit.fr.txt").render(
                template_context(addressee, info, "fr")
            )
        )
        frame = replace(letter_frame(addressee, info, "fr"), recipient=(), date_line="")
        pdf, _ = render_text_pdf(frame, rendered)
        write_output(case_dir, case_dir / "complaint_kits" / f"{addressee.key}.pdf", pdf)
    return len(addressees)


def run(people_count: int, *, profile: bool) -> None:
    """Time the platypus baseline and the letter press on ``people_count`` people."""
    started = time.perf_counter()
    people = draw_people(people_count, seed=15)
    patients = {p.patient_id: p for p in people}
    exposures = exposures_of(people, seed=15)
    deceased = frozenset(e.patient_id for e in exposures if C.DEATH in e.categories)
    routing = route_letters(exposures, patients, on=LETTER_DAY, deceased=deceased)
    addressees = routing.addressees
    cores = len(os.sched_getaffinity(0))
    print(
        f"{people_count} generated people ({len(addressees)} letters) in "
        f"{time.perf_counter() - started:.1f} s; {cores} cores"
    )
    rates = {}
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
        case_dir = Path(folder)
        info = load_case_info(case_dir, today=LETTER_DAY)
        few = addressees[:BASELINE_PEOPLE]
        rates["before letters"] = _timed(
            "before (platypus, one process): letters",
            lambda: _platypus_letters(case_dir, few, info), profile=profile,
        )  # fmt: skip
        rates["before kits"] = _timed(
            "before (platypus, one process): kits",
            lambda: _platypus_kits(case_dir, few, info), profile=profile,
        )  # fmt: skip
    press_characters = addressee_characters(addressees)
    part = addressees[: max(1, len(addressees) // SPLIT_SHARE)]
    passes = (
        ("letters", f"letters alone, {len(part)}", {"kits": False, "drafts": False}),
        ("kits", f"kits alone, {len(part)}", {"letters": False, "drafts": False}),
        ("notify", f"notify's pass (letter + kit + draft), {len(part)}", {}),
    )
    for key, label, flags in passes:
        with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
            case_dir = Path(folder)  # a case per pass: the disk holds one pass's files
            info = load_case_info(case_dir, today=LETTER_DAY)
            press = LetterPress(case_dir, info, characters=press_characters)
            rates[key] = _timed(
                f"after (letter press, {cores} workers): {label}",
                lambda press=press, flags=flags: write_mailing(
                    press, part, executor=LocalPoolExecutor(cores), **flags
                ).count,
                profile=profile,
            )  # fmt: skip
    _verdict(rates, cores)


def _verdict(rates: dict[str, float], cores: int) -> None:
    per_core = rates["letters"]
    verdict = "meets" if per_core >= TARGET_PER_CORE else "below"
    before = max(rates["before letters"], 1e-9)
    print(
        f"letters/s per core: {per_core:.1f} ({verdict} the {TARGET_PER_CORE:.0f}/s/core "
        f"target; before: {rates['before letters']:.1f}, x{per_core / before:.1f}); "
        f"on {cores} cores: ~{per_core * cores:.0f}/s"
    )
    print(
        f"kits/s per core: {rates['kits']:.1f} (before: {rates['before kits']:.1f}, "
        f"x{rates['kits'] / max(rates['before kits'], 1e-9):.1f})"
    )
    print(f"notify's pass (letter + kit + draft), people/s per core: {rates['notify']:.1f}")


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
