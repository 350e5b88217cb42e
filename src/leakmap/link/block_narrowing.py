"""Which patients of a family-name block a mention keeps, found by lookups, not by a loop.

A big family block (MARTIN: hundreds of patients) and a block one slip from the mention's
name are narrowed to the patients who share a given name with the mention (or one slip
from it: "Jeanni" for JEANNINE) or a birth date at most one part off (an OCR'd century, a
typed day). Testing each patient was 3.3 million calls for 8,900 mentions against 20,000
patients. A block's patients indexed once by given-name word, first initial and birth
date answer the same question with a few lookups per mention:

- a shared given name is a lookup per word the mention prints;
- a slip of a given name needs the same first letter, so only the block's given names of
  that initial are compared (each distinct one once);
- a date near the mention's (exact, day and month swapped, one digit off, the century)
  has its year or its day in common with it, unless a year has fewer than four digits
  (``compare_birth_date``'s shortcut), so only those dates are compared.

The answer is the set of patients that ``compare_given`` and ``compare_birth_date``
would keep one by one: the same set, the block's order kept by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from leakmap.link.comparisons import PatientKeys, compare_birth_date, compare_given_words

#: Levels of a birth date "at most one part off" (``compare_birth_date``).
NEAR_DATES = frozenset({"exact", "swapped", "close"})
_FULL_YEAR = 1000  # from here ``compare_birth_date`` answers disagree when year and day differ

#: A patient's given names as ``compare_given`` reads them: the words and the first name.
GivenNames = tuple[tuple[str, ...], str]


@dataclass(frozen=True, slots=True)
class BlockNarrowing:
    """One block's patients by given-name word, by first initial, and by birth date."""

    by_word: dict[str, tuple[int, ...]]
    by_initial: dict[str, dict[GivenNames, tuple[int, ...]]]
    by_date: dict[date, tuple[int, ...]]
    dates_by_year: dict[int, tuple[date, ...]]
    dates_by_day: dict[int, tuple[date, ...]]
    #: Dates whose year has fewer than four digits: always compared.
    short_years: tuple[date, ...]

    @classmethod
    def of(cls, block: Sequence[int], keys: Sequence[PatientKeys]) -> BlockNarrowing:
        """Index a block (registry rows ``block``, read from ``keys``)."""
        by_word: dict[str, list[int]] = defaultdict(list)
        by_initial: dict[str, dict[GivenNames, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_date: dict[date, list[int]] = defaultdict(list)
        for i in block:
            k = keys[i]
            for word in set(k.given):
                by_word[word].append(i)
            if k.given:
                by_initial[k.given[0][:1]][(k.given, k.first_given)].append(i)
            if k.birth_date is not None:
                by_date[k.birth_date].append(i)
        by_year: dict[int, list[date]] = defaultdict(list)
        by_day: dict[int, list[date]] = defaultdict(list)
        for day in by_date:
            by_year[day.year].append(day)
            by_day[day.day].append(day)
        return cls(
            by_word={w: tuple(v) for w, v in by_word.items()},
            by_initial={a: {g: tuple(v) for g, v in n.items()} for a, n in by_initial.items()},
            by_date={d: tuple(v) for d, v in by_date.items()},
            dates_by_year={y: tuple(v) for y, v in by_year.items()},
            dates_by_day={d: tuple(v) for d, v in by_day.items()},
            short_years=tuple(d for d in by_date if d.year < _FULL_YEAR),
        )

    def kept(self, given: Sequence[str], birth_date: date | None) -> set[int]:
        """The block's patients a mention with these given-name words (``name_key``'d,
        in order) and birth date keeps."""
        kept: set[int] = set()
        for word in set(given):
            kept.update(self.by_word.get(word, ()))
        if given:
            words = tuple(given)
            for (patient_given, first), rows in self.by_initial.get(given[0][:1], {}).items():
                if compare_given_words(words, patient_given, first) == "close":
                    kept.update(rows)
        if birth_date is not None:
            for day in self._dates_near(birth_date):
                if compare_birth_date(birth_date, day) in NEAR_DATES:
                    kept.update(self.by_date[day])
        return kept

    def _dates_near(self, birth_date: date) -> set[date]:
        """The block's dates ``compare_birth_date`` could find near ``birth_date``."""
        if birth_date.year < _FULL_YEAR:
            return set(self.by_date)
        return {
            *self.dates_by_year.get(birth_date.year, ()),
            *self.dates_by_day.get(birth_date.day, ()),
            *self.short_years,
        }
