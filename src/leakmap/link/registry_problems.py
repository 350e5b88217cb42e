"""Problems found in a registry, collected so that the hospital fixes its export once.

Every reader (CSV, mapped CSV, FHIR, HL7) notes each problem where it is (row, resource
or message number, column) with what to fix, keeps reading, and raises one
``RegistryProblemsError`` at the end holding every problem as a ``RegistryProblem``: the
command prints them one a line (the first ``SHOWN_PROBLEMS``) and writes them all to
``registry_problems.csv`` in the case folder. A message never holds a person's name or
an identifier's value: registries are personal data, and messages end up in logs and
tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.errors import RegistryError
from leakmap.i18n import _, ngettext

#: Past this many problems the registry is clearly of another layout: stop and report.
MAX_PROBLEMS = 1000
#: Problems printed on the screen; the rest are counted and left to the CSV.
SHOWN_PROBLEMS = 50
#: The file, in the case folder, that lists every problem when the screen shows only some.
REGISTRY_PROBLEMS_FILE = "registry_problems.csv"
#: Its columns.
PROBLEM_COLUMNS = ("file", "where", "problem")


@dataclass(frozen=True, slots=True)
class RegistryProblem:
    """One problem: the registry file's name, where in it ("row 12", "" for the whole
    file) and what is wrong, with what to do."""

    source: str
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.source} {self.where}" if self.where else self.source
        return f"{place}: {self.message}"

    def as_row(self) -> tuple[str, str, str]:
        """The problem as a ``registry_problems.csv`` row."""
        return (self.source, self.where, self.message)


class RegistryProblemsError(RegistryError):
    """Every problem of a registry, typed (``found``) as well as in words (``problems``)."""

    def __init__(self, found: list[RegistryProblem]) -> None:
        self.found = tuple(found)
        super().__init__([str(problem) for problem in found])

    def lines(self, shown: int = SHOWN_PROBLEMS) -> list[str]:
        """The screen's listing: one problem a line (the first ``shown``, under a heading
        when there are several), then how many more."""
        if len(self.found) == 1:
            return [str(self.found[0])]
        count = len(self.found)
        lines = [
            ngettext(
                "the registry has {count} problem; fix the export and run again:",
                "the registry has {count} problems; fix the export and run again:",
                count,
            ).format(count=count)
        ]
        lines += [f"  {problem}" for problem in self.found[:shown]]
        if len(self.found) > shown:
            lines.append("  " + _("... and {count} more").format(count=count - shown))
        return lines


class RegistryProblems:
    """The problems of one registry file, in the order found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[RegistryProblem] = []

    @property
    def count(self) -> int:
        """How many problems were noted so far."""
        return len(self.found)

    @property
    def messages(self) -> list[str]:
        """The problems in words, one each."""
        return [str(problem) for problem in self.found]

    def add(self, where: str, message: str) -> None:
        """Note a problem ``where`` ("row 12", "resource 3", "message 7")."""
        self.found.append(RegistryProblem(self.source, where, message))

    def add_file(self, message: str) -> None:
        """Note a problem of the whole file (encoding, header, layout)."""
        self.found.append(RegistryProblem(self.source, "", message))

    @property
    def too_many(self) -> bool:
        """Whether reading on would only repeat the same mistake."""
        return len(self.found) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        """Raise ``RegistryProblemsError`` with every problem noted, if there is any."""
        if self.found:
            if self.too_many:
                self.add_file(
                    _("stopped after {count} problems; fix these first").format(count=MAX_PROBLEMS)
                )
            raise RegistryProblemsError(self.found)
