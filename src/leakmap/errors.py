"""What can stop a scan, and what the user should do next.

The tree::

    LeakmapError                 exit 1
    ├── ScanCannotRun            exit 2   the scan never starts
    │   ├── InputProblems        exit 3   every problem of an input file, listed at once
    │   │   ├── RegistryError             ... of the registry
    │   │   └── StaffDirectoryError       ... of the --staff directory
    │   ├── DumpNotFound         exit 4
    │   ├── CaseLocked           exit 5   another scan holds the case
    │   ├── CaseKeyError         exit 6   LEAKMAP_KEY missing or wrong for this case
    │   └── MissingDependency    exit 7   a system tool (tesseract) is not installed
    └── CaseError                exit 8   the case store is damaged or of another version

A problem with one *leaked file* is never an exception that crosses a stage: it becomes an
``unreadable`` row in ``documents.csv``. Messages name files, rows and patient ids, never a
person's name or identifier value.
"""

from __future__ import annotations

from leakmap.i18n import N_, _, ngettext

#: The refusal of a DUMP path that is not there (``scan``, the walk): ``{path}`` to fill.
DUMP_NOT_FOUND = N_("{path}: no such file or directory; give the leaked dump's path")


class LeakmapError(Exception):
    """Base of every error leakmap raises on purpose."""

    exit_code = 1


class ScanCannotRun(LeakmapError):
    """The scan cannot start; nothing was written to the case."""

    exit_code = 2


class InputProblems(ScanCannotRun):
    """An input file has problems; ``problems`` lists every one of them, row by row."""

    exit_code = 3

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5])
        left = len(self.problems) - 5
        more = " " + _("(and {count} more)").format(count=left) if left > 0 else ""
        message = self.headline(len(self.problems))
        super().__init__(message.format(count=len(self.problems), shown=shown, more=more))

    def headline(self, count: int) -> str:
        """The message in the user's language, ``{count}``, ``{shown}`` and ``{more}`` to fill."""
        return ngettext(
            "input has {count} problem: {shown}{more}",
            "input has {count} problems: {shown}{more}",
            count,
        )


class RegistryError(InputProblems):
    """The registry has problems; ``problems`` lists every one of them, row by row."""

    def headline(self, count: int) -> str:
        return ngettext(
            "registry has {count} problem: {shown}{more}",
            "registry has {count} problems: {shown}{more}",
            count,
        )


class StaffDirectoryError(InputProblems):
    """The staff directory (``--staff``) has problems; ``problems`` lists every one."""

    def headline(self, count: int) -> str:
        return ngettext(
            "staff directory has {count} problem: {shown}{more}",
            "staff directory has {count} problems: {shown}{more}",
            count,
        )


class DumpNotFound(ScanCannotRun):
    """The DUMP path does not exist or cannot be read."""

    exit_code = 4


class CaseLocked(ScanCannotRun):
    """Another leakmap process is writing this case."""

    exit_code = 5


class CaseKeyError(ScanCannotRun):
    """The case key is missing, or does not open this case."""

    exit_code = 6


class MissingDependency(ScanCannotRun):
    """A system program leakmap needs is not installed."""

    exit_code = 7


class CaseError(LeakmapError):
    """The case store is damaged or was written by an incompatible version."""

    exit_code = 8
