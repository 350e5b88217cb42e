"""Problems found in a registry, collected so that the hospital fixes its export once.

Every reader (CSV, mapped CSV, FHIR, HL7) notes each problem where it is (row, resource
or message number, column) with what to fix, keeps reading, and raises one
``RegistryError`` at the end. A message never holds a person's name or an identifier's
value: registries are personal data, and error messages end up in logs and tickets.
"""

from __future__ import annotations

from leakmap.errors import RegistryError

#: Past this many problems the registry is clearly of another layout: stop and report.
MAX_PROBLEMS = 1000


class RegistryProblems:
    """The problems of one registry file, in the order found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        """Note a problem ``where`` ("row 12", "resource 3", "message 7")."""
        self.messages.append(f"{self.source} {where}: {message}")

    def add_file(self, message: str) -> None:
        """Note a problem of the whole file (encoding, header, layout)."""
        self.messages.append(f"{self.source}: {message}")

    @property
    def too_many(self) -> bool:
        """Whether reading on would only repeat the same mistake."""
        return len(self.messages) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        """Raise ``RegistryError`` with every problem noted, if there is any."""
        if self.messages:
            if self.too_many:
                self.messages.append(
                    f"{self.source}: stopped after {MAX_PROBLEMS} problems; fix these first"
                )
            raise RegistryError(self.messages)
