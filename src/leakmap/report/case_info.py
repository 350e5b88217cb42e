"""The facts of a case that letters, kits and the regulator report state: ``CASE/case.toml``.

The hospital writes them once (hospital, DPO, dates of the breach, hotline, measures taken)
and every output reads them from here. The first use copies a commented template with
fictitious values into the case; a key the hospital leaves out takes the template's value.
While ``example = true`` every output is stamped as a model not to send, so a letter never
leaves with a fictitious DPO in it. Every problem in the file is reported at once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from leakmap.assess.enisa import BreachCircumstances, Loss
from leakmap.errors import LeakmapError
from leakmap.private_files import write_private_text
from leakmap.report.output_files import CASE_FILE

LANGUAGES = ("fr", "en")


class CaseInfoError(LeakmapError):
    """``case.toml`` cannot be read or has values of the wrong kind; lists every problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{path}: {'; '.join(problems)}; fix the file and run again")


@dataclass(frozen=True, slots=True)
class CaseTexts:
    """The case's free text in one language, written by the hospital."""

    what_happened: str
    where_published: str
    measures: tuple[str, ...]
    hotline_hours: str


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """Everything the outputs say about the hospital and the breach."""

    is_example: bool
    hospital_name: str
    hospital_address: tuple[str, ...]
    hospital_city: str
    signatory: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    dpo_address: tuple[str, ...]
    case_reference: str
    started_on: date | None
    discovered_on: date
    published_on: date | None
    letter_date: date
    hotline_phone: str
    circumstances: BreachCircumstances
    authority_name: str
    initial_notified_on: date | None
    notification_reference: str
    late_reason: str
    other_authorities: tuple[str, ...]
    police_complaint: str
    texts: tuple[tuple[str, CaseTexts], ...]

    def text(self, language: str) -> CaseTexts:
        """The free text in ``language`` (``fr`` or ``en``)."""
        return dict(self.texts)[language]


def default_case_toml() -> str:
    """The template ``case.toml``, with its comments and fictitious values."""
    return _template_file().read_text(encoding="utf-8")


def load_case_info(case_dir: Path, *, today: date) -> CaseInfo:
    """Read ``CASE/case.toml``, writing the template there first when it is absent.

    ``today`` is the letter date unless the file sets ``breach.letter_date``.
    """
    path = case_dir / CASE_FILE
    if not path.exists():
        write_private_text(path, default_case_toml())
    try:
        given = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CaseInfoError(path, [f"cannot be read ({error})"]) from error
    defaults = tomllib.loads(default_case_toml())
    return _case_info(path, _merged(defaults, given), today)


def _template_file() -> Any:
    return resources.files("leakmap") / "data" / "templates" / CASE_FILE


def _merged(defaults: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """``given`` over ``defaults``, table by table."""
    merged = dict(defaults)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


class _Reader:
    """Typed access to the merged TOML that collects problems instead of stopping."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def value(self, dotted: str, kind: type, fallback: Any) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return fallback
        if kind is date and isinstance(node, date):
            return node
        if kind is tuple and isinstance(node, list) and all(isinstance(i, str) for i in node):
            return tuple(node)
        if kind not in (date, tuple) and isinstance(node, kind):
            return node
        self.problems.append(f"{dotted} must be {_kind_name(kind)}")
        return fallback

    def loss(self, dotted: str) -> Loss:
        word = self.value(dotted, str, Loss.NONE.value)
        try:
            return Loss(word)
        except ValueError:
            self.problems.append(
                f"{dotted} must be one of {', '.join(loss.value for loss in Loss)}"
            )
            return Loss.NONE


def _kind_name(kind: type) -> str:
    return {date: "a date YYYY-MM-DD", tuple: "a list of texts", bool: "true or false"}.get(
        kind, "a text"
    )


def _case_info(path: Path, data: dict[str, Any], today: date) -> CaseInfo:
    read = _Reader(data)
    info = CaseInfo(
        is_example=read.value("example", bool, True),
        hospital_name=read.value("hospital.name", str, ""),
        hospital_address=read.value("hospital.address", tuple, ()),
        hospital_city=read.value("hospital.city", str, ""),
        signatory=read.value("hospital.signatory", str, ""),
        dpo_name=read.value("dpo.name", str, ""),
        dpo_email=read.value("dpo.email", str, ""),
        dpo_phone=read.value("dpo.phone", str, ""),
        dpo_address=read.value("dpo.address", tuple, ()),
        case_reference=read.value("breach.reference", str, ""),
        started_on=read.value("breach.started_on", date, None),
        discovered_on=read.value("breach.discovered_on", date, today),
        published_on=read.value("breach.published_on", date, None),
        letter_date=read.value("breach.letter_date", date, today),
        hotline_phone=read.value("breach.hotline_phone", str, ""),
        circumstances=_circumstances(read),
        authority_name=read.value("authority.name", str, ""),
        initial_notified_on=read.value("authority.initial_notified_on", date, None),
        notification_reference=read.value("authority.notification_reference", str, ""),
        late_reason=read.value("authority.late_reason", str, ""),
        other_authorities=read.value("authority.other_authorities", tuple, ()),
        police_complaint=read.value("authority.police_complaint", str, ""),
        texts=tuple((language, _texts(read, language)) for language in LANGUAGES),
    )
    if read.problems:
        raise CaseInfoError(path, read.problems)
    return info


def _circumstances(read: _Reader) -> BreachCircumstances:
    return BreachCircumstances(
        confidentiality_lost_to_unknown=read.value(
            "breach.confidentiality_lost_to_unknown", bool, True
        ),
        confidentiality_lost_to_known=read.value(
            "breach.confidentiality_lost_to_known", bool, False
        ),
        malicious=read.value("breach.malicious", bool, True),
        integrity_lost=read.loss("breach.integrity_lost"),
        availability_lost=read.loss("breach.availability_lost"),
    )


def _texts(read: _Reader, language: str) -> CaseTexts:
    return CaseTexts(
        what_happened=read.value(f"text.{language}.what_happened", str, ""),
        where_published=read.value(f"text.{language}.where_published", str, ""),
        measures=read.value(f"text.{language}.measures", tuple, ()),
        hotline_hours=read.value(f"text.{language}.hotline_hours", str, ""),
    )
