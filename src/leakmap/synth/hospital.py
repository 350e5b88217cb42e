"""``generate_hospital``: a fictitious hospital's registry, leaked dump and ground truth.

The story, one call per step: draw the population (with its planted hard cases), write
the registry, plan the dump, write its files while the truth book records every file and
exposure, write the truth. Everything is drawn from one ``random.Random(seed)``, and every
file is written with fixed timestamps, so a seed gives the same bytes on every run.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from leakmap.synth.casting import Cast
from leakmap.synth.dummy_patients import (
    add_to_truth,
    append_to_registry,
    draw_dummy_patients,
    dummy_list,
)
from leakmap.synth.dump_plan import DumpPlanner, FamilyFiles, Scanning
from leakmap.synth.families import FAMILY_NAMES
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.people import KeyCounter, build_population
from leakmap.synth.registry_csv import write_registry
from leakmap.synth.truth import GENERATOR, TruthBook

#: Fewer patients than this cannot hold every planted hard case.
MIN_PATIENTS = 100


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What was generated, and where."""

    patients: int
    exposed_patients: int
    files: int
    unregistered: int
    registry: Path
    dump: Path
    truth: Path

    def __str__(self) -> str:
        return (
            f"{self.patients} patients ({self.exposed_patients} exposed), {self.files} leaked files, "  # fmt: skip
            f"{self.unregistered} unregistered people"
        )


def generate_hospital(
    out: Path,
    *,
    seed: int,
    patients: int,
    files: int,
    scanned_share: float = 0.0,
    formats: bool = False,
    hostile: bool = False,
    export_families: tuple[str, ...] = (),
    family_files: int | None = None,
    only_exports: bool = False,
) -> SynthSummary:
    """Write ``registry.csv``, ``dump/`` and ``truth.json`` into ``out``.

    ``files`` counts leaked files including archive members and mail attachments (the
    dump may hold a few more: the last container is written whole). ``scanned_share``
    (0 to 1) of the reports are printed and scanned (image-only PDF, TIFF, JPEG, PNG);
    at the default 0 a seed gives the bytes it gave before scans existed. ``formats``
    adds one file of each other format (HL7, DICOM, SQL, JSON, RTF, ODT, Word 97, ODS,
    XLS, 7z, tar.gz, Outlook); ``hostile`` the files that attack a reader (ZIP bomb,
    ``../`` member, 20 nested ZIPs, billion laughs, encrypted PDF and Office files, a
    cut image). ``export_families`` (names of ``leakmap.synth.families.FAMILY_NAMES``)
    adds ``family_files`` files of each family (default: ``files`` / 20, at least 1),
    drawn after the rest so the rest is unchanged; ``only_exports`` makes them the whole
    dump (default ``family_files``: ``files`` shared among the families). Raises
    ``ValueError`` for fewer than ``MIN_PATIENTS`` patients, ``files`` < 1 or a share
    outside 0..1, and ``FileExistsError`` when ``out/dump`` exists and was not written by
    this generator.
    """
    if patients < MIN_PATIENTS or files < 1:
        raise ValueError(f"need at least {MIN_PATIENTS} patients and 1 file, got {patients} and {files}")  # fmt: skip
    if not 0.0 <= scanned_share <= 1.0:
        raise ValueError(f"scanned_share must be between 0 and 1, got {scanned_share}")
    families = _family_files(export_families, family_files, only_exports, files)
    rng = random.Random(seed)
    keys = KeyCounter()
    population = build_population(rng, patients=patients, keys=keys)
    dump = _fresh_dump(out)
    write_registry(out / "registry.csv", population.patients)
    dummies = draw_dummy_patients(seed)  # their own Random: the rest keeps its bytes
    append_to_registry(out / "registry.csv", dummies)
    scanning = Scanning(scanned_share, random.Random(f"scans/{seed}")) if scanned_share else None
    planner = DumpPlanner(rng, Cast(rng, population, keys), scanning=scanning, formats=formats, hostile=hostile, families=families)  # fmt: skip
    items = planner.plan(files) + ([] if only_exports else [dummy_list(dummies)])
    book = TruthBook(population.patients)
    for item in items:
        _write(dump, item)
        book.record(item, family=planner.family_of(item.name))
    book.write(out / "truth.json", seed=seed)
    add_to_truth(out / "truth.json", dummies)
    return SynthSummary(
        patients=len(population.patients),
        exposed_patients=book.exposed_patients,
        files=book.files,
        unregistered=book.unregistered_people,
        registry=out / "registry.csv",
        dump=dump,
        truth=out / "truth.json",
    )


def _family_files(names: tuple[str, ...], count: int | None, only: bool, files: int) -> FamilyFiles | None:  # fmt: skip
    """What the export-family options ask for, checked (``ValueError`` says what to fix)."""
    unknown = [name for name in names if name not in FAMILY_NAMES]
    if unknown:
        raise ValueError(f"unknown export families {unknown}; choose among {', '.join(FAMILY_NAMES)}")  # fmt: skip
    if not names:
        if only:
            raise ValueError("only_exports needs at least one export family")
        return None
    if count is not None and count < 1:
        raise ValueError(f"family_files must be at least 1, got {count}")
    default = -(-files // len(names)) if only else max(1, files // 20)
    return FamilyFiles(names, count or default, only)


def _fresh_dump(out: Path) -> Path:
    """``out/dump``, emptied only if an earlier run of this generator wrote it."""
    dump = out / "dump"
    if dump.exists() and any(dump.iterdir()):
        if not _written_by_us(out / "truth.json"):
            raise FileExistsError(f"{dump} exists and was not written by leakmap synth; choose another --out")  # fmt: skip
        shutil.rmtree(dump)
    dump.mkdir(parents=True, exist_ok=True)
    return dump


def _written_by_us(truth: Path) -> bool:
    try:
        return json.loads(truth.read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def _write(dump: Path, item: LeakedItem) -> None:
    target = dump / item.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(item.data)
