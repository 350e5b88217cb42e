"""The registry, indexed for blocking and for term frequencies.

Blocking keeps recall: a mention's candidates are every patient who shares its IPP, its
NIR, one of its family names, or its birth date with a given name — so an OCR-mangled
family name is still compared when the birth date and first name agree. A family name one
slip away (a letter doubled, dropped, changed or two swapped: "BERNNARD", "RICAHRD") is
found through its single-deletion variants (the symmetric-delete scheme of SymSpell),
indexed over the registry's distinct family names, not its patients.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from leakmap.link.block_narrowing import BlockNarrowing
from leakmap.link.comparisons import PatientKeys
from leakmap.link.registry import Patient


def ipp_key(ipp: str) -> str:
    """An IPP as compared: spreadsheets that stored it as a number lost its leading zeros."""
    stripped = ipp.strip().lstrip("0")
    return stripped or ipp.strip()


@dataclass(frozen=True, slots=True)
class RegistryIndex:
    """Patients with their normalised keys, blocking tables and frequencies."""

    patients: tuple[Patient, ...]
    keys: tuple[PatientKeys, ...]
    by_ipp: dict[str, int]
    by_nir: dict[str, tuple[int, ...]]
    by_family: dict[str, tuple[int, ...]]
    by_birth_given: dict[tuple[date, str], tuple[int, ...]]
    by_family_variant: dict[str, tuple[str, ...]]
    family_tf: dict[str, float]
    given_tf: dict[str, float]
    birth_tf: dict[date, float]
    #: Family blocks indexed for narrowing, as the linker first asks for each.
    narrowings: dict[str, BlockNarrowing] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        """Number of registry patients (at least 1, to keep priors finite)."""
        return max(1, len(self.patients))

    def narrowing(self, family: str) -> BlockNarrowing:
        """The patients of family key ``family``'s block, indexed to be narrowed by given
        name and birth date (built once, the first time a mention asks)."""
        found = self.narrowings.get(family)
        if found is None:
            found = self.narrowings[family] = BlockNarrowing.of(self.by_family[family], self.keys)
        return found

    def families_near(self, key: str) -> set[str]:
        """Registry family keys one typing or OCR slip from ``key`` (itself excluded).

        Only registry names of ``_MIN_FUZZY_LENGTH`` letters or more are indexed, so a
        three-letter key finds the longer names it is one dropped letter of ("NËL" for
        NOËL), never another three-letter name."""
        if len(key) < _MIN_FUZZY_LENGTH - 1:
            return set()
        found: set[str] = set()
        for variant in deletion_variants(key):
            found.update(self.by_family_variant.get(variant, ()))
        return found - {key}

    @classmethod
    def build(cls, patients: Sequence[Patient]) -> RegistryIndex:
        """Index a registry."""
        keys = tuple(PatientKeys.of(p) for p in patients)
        by_family: dict[str, list[int]] = defaultdict(list)
        by_nir: dict[str, list[int]] = defaultdict(list)
        by_birth_given: dict[tuple[date, str], list[int]] = defaultdict(list)
        family_count: Counter[str] = Counter()
        for i, k in enumerate(keys):
            for family in k.family:
                by_family[family].append(i)
                family_count[family] += 1
            if k.nir:
                by_nir[k.nir].append(i)
            if k.birth_date and k.first_given:
                by_birth_given[(k.birth_date, k.first_given.split()[0])].append(i)
        n = max(1, len(keys))
        given_count = Counter(k.first_given for k in keys)
        birth_count = Counter(k.birth_date for k in keys if k.birth_date)
        return cls(
            patients=tuple(patients),
            keys=keys,
            by_ipp={ipp_key(k.patient_id): i for i, k in enumerate(keys)},
            by_nir={k: tuple(v) for k, v in by_nir.items()},
            by_family={k: tuple(v) for k, v in by_family.items()},
            by_family_variant=_variant_index(by_family),
            by_birth_given={k: tuple(v) for k, v in by_birth_given.items()},
            family_tf={k: c / n for k, c in family_count.items()},
            given_tf={k: c / n for k, c in given_count.items()},
            birth_tf={k: c / n for k, c in birth_count.items()},
        )


_MIN_FUZZY_LENGTH = 4  # shorter names are one slip from too many others


def deletion_variants(key: str) -> set[str]:
    """``key`` and every string made by deleting one of its characters.

    Two words one edit apart (insertion, deletion, substitution, adjacent swap) always
    share a variant, so an index of variants finds them without comparing every pair.
    """
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _variant_index(by_family: dict[str, list[int]]) -> dict[str, tuple[str, ...]]:
    variants: dict[str, list[str]] = defaultdict(list)
    for family in by_family:
        if len(family) >= _MIN_FUZZY_LENGTH:
            for variant in deletion_variants(family):
                variants[variant].append(family)
    return {k: tuple(v) for k, v in variants.items()}
