"""The facts of a case that letters, kits and the regulator report state: ``CASE/case.toml``.

The hospital writes them once (hospital, DPO, dates of the breach, hotline, measures taken)
and every output reads them from here. The first use copies a commented template with
fictitious values into the case; a key the hospital leaves out takes the template's value.
While ``example = true`` every output is stamped as a model not to send, so a letter never
leaves with a fictitious DPO in it; with ``example = false`` a value still equal to the
template's example (``.example`` domains, ``0 800 00 00 00``, the example hospital) is an
error naming the key to fill, and so is a key leakmap does not know (a typo would otherwise
fall back to the example silently). The narrative texts name the breach dates through
``{discovered}``, ``{published}``, ``{started}`` and ``{ended}``, so that a changed date is
never contradicted by an old sentence; a written-out date that is none of the case's dates
is an error. Every problem in the file is reported at once.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any

from leakmap.assess.enisa import BreachCircumstances, Loss
from leakmap.errors import LeakmapError
from leakmap.i18n import _, ngettext
from leakmap.private_files import write_private_text
from leakmap.report.output_files import CASE_FILE
from leakmap.report.plain_words import long_date, month_names
from leakmap.vocabulary import Category

LANGUAGES = ("fr", "en")

#: Keys a final case (``example = false``) must not leave at the template's example value.
FIELDS_TO_FILL = (
    "hospital.name", "hospital.address", "hospital.city", "dpo.name", "dpo.email",
    "dpo.phone", "dpo.address", "breach.reference", "breach.started_on",
    "breach.discovered_on", "breach.ended_on", "breach.published_on", "breach.hotline_phone",
    "authority.police_complaint",
)  # fmt: skip
#: Keys a final case must fill: the DPO block every letter and the report carry.
REQUIRED_FIELDS = ("hospital.name", "dpo.name", "dpo.email", "dpo.address", "breach.hotline_phone")
#: Traces of the template's fictitious values, wherever they are left in a final case.
EXAMPLE_MARKERS = (".example", "00 00 00", "Valmont", "99000")
#: Placeholders the narrative texts may use for the breach's dates.
DATE_PLACEHOLDERS = ("started", "discovered", "published", "ended")
_NARRATIVE_KEYS = ("what_happened", "where_published")


class CaseInfoError(LeakmapError):
    """``case.toml`` cannot be read or has values of the wrong kind; lists every problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            _("{path}: {problems}; fix the file and run again").format(
                path=path, problems="; ".join(problems)
            )
        )


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
    started_time: time | None
    ended_on: date | None
    ended_time: time | None
    discovered_time: time | None
    is_ongoing: bool
    cross_border: bool
    cross_border_people: int | None
    cross_border_countries: tuple[str, ...]
    other_eu_authorities: tuple[str, ...]
    how_discovered: str
    circumstances: BreachCircumstances
    authority_name: str
    initial_notified_on: date | None
    notification_reference: str
    late_reason: str
    other_authorities: tuple[str, ...]
    police_complaint: str
    texts: tuple[tuple[str, CaseTexts], ...]
    #: The case's language (``language`` key): messages, workbench, lookup, letters by default.
    language: str = "fr"
    #: Not from case.toml: for a complementary mailing after a later wave (``notify
    #: --since-wave``), the categories it newly exposes of each person written to before,
    #: by patient_id, sorted (``letter_context.news_for`` looks one up by bisection).
    news_by_person: tuple[tuple[str, frozenset[Category]], ...] = ()

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
        raise CaseInfoError(path, [_("cannot be read ({error})").format(error=error)]) from error
    defaults = tomllib.loads(default_case_toml())
    return _case_info(path, given, defaults, today)


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
        self.known: set[str] = set()

    def value(self, dotted: str, kind: type, fallback: Any) -> Any:
        self.known.add(dotted)
        node = _at(self.data, dotted)
        if node is None:
            return fallback
        if kind is date and isinstance(node, date):
            return node
        if kind is int and isinstance(node, int) and not isinstance(node, bool) and node >= 0:
            return node
        if kind is tuple and isinstance(node, list) and all(isinstance(i, str) for i in node):
            return tuple(node)
        if kind not in (date, tuple, int) and isinstance(node, kind):
            return node
        self.problems.append(_("{key} must be {kind}").format(key=dotted, kind=_kind_name(kind)))
        return fallback

    def loss(self, dotted: str) -> Loss:
        word = self.value(dotted, str, Loss.NONE.value)
        try:
            return Loss(word)
        except ValueError:
            choices = ", ".join(loss.value for loss in Loss)
            self.problems.append(
                _("{key} must be one of {choices}").format(key=dotted, choices=choices)
            )
            return Loss.NONE

    def moment(self, dotted: str, fallback: date | None) -> tuple[date | None, time | None]:
        """A date, or a date and time (``2025-01-02T08:30:00``): the form asks for both."""
        self.known.add(dotted)
        node = _at(self.data, dotted)
        if isinstance(node, datetime):
            return node.date(), node.time().replace(tzinfo=None)
        if node is None or isinstance(node, date):
            return node or fallback, None
        self.problems.append(
            _("{key} must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS").format(key=dotted)
        )
        return fallback, None


def _at(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _kind_name(kind: type) -> str:
    return {
        date: _("a date YYYY-MM-DD"),
        tuple: _("a list of texts"),
        bool: _("true or false"),
        int: _("a whole number, 0 or more"),
    }.get(kind, _("a text"))


def _leaves(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Every ``dotted.key`` and its value, tables walked into."""
    found: list[tuple[str, Any]] = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            found += _leaves(value, f"{dotted}.")
        else:
            found.append((dotted, value))
    return found


def _unknown_keys(given: dict[str, Any], known: set[str]) -> list[str]:
    """One problem per key the file sets that leakmap never reads, with the closest known key."""
    problems = []
    for dotted, _value in _leaves(given):
        if dotted in known:
            continue
        closest = difflib.get_close_matches(dotted, sorted(known), n=1, cutoff=0.6)
        hint = " " + _("(did you mean {key}?)").format(key=closest[0]) if closest else ""
        problems.append(_("unknown key {key}").format(key=dotted) + hint)
    return problems


def _example_values_left(given: dict[str, Any], defaults: dict[str, Any]) -> list[str]:
    """With ``example = false``: each field still holding a shipped example value, or empty."""
    merged = _merged(defaults, given)
    skipped = {"breach.ended_on"} if _at(merged, "breach.ongoing") is True else set()
    left = [
        key
        for key in FIELDS_TO_FILL
        if key not in skipped and _at(merged, key) == _at(defaults, key)
    ]
    left += [
        key
        for key, value in _leaves(merged)
        if key not in left and any(mark in str(value) for mark in EXAMPLE_MARKERS)
    ]
    problems = (
        [
            ngettext(
                "example = false but {count} key still holds the shipped example value, "
                "write the hospital's own: {keys}",
                "example = false but {count} keys still hold the shipped example value, "
                "write the hospital's own: {keys}",
                len(left),
            ).format(count=len(left), keys=", ".join(left))
        ]
        if left
        else []
    )
    problems += [
        _("{key} is empty; letters and the report must give it").format(key=key)
        for key in REQUIRED_FIELDS
        if key not in left and not _at(merged, key)
    ]
    return problems


def _case_info(
    path: Path, given: dict[str, Any], defaults: dict[str, Any], today: date
) -> CaseInfo:
    read = _Reader(_merged(defaults, given))
    started_on, started_time = read.moment("breach.started_on", None)
    discovered_on, discovered_time = read.moment("breach.discovered_on", today)
    ended_on, ended_time = read.moment("breach.ended_on", None)
    if read.value("breach.ongoing", bool, False):
        ended_on, ended_time = None, None
    published_on, _time = read.moment("breach.published_on", None)
    dates = {
        "started": started_on,
        "discovered": discovered_on,
        "published": published_on,
        "ended": ended_on,
    }
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
        started_on=started_on,
        discovered_on=discovered_on or today,
        published_on=published_on,
        letter_date=read.value("breach.letter_date", date, today),
        hotline_phone=read.value("breach.hotline_phone", str, ""),
        started_time=started_time,
        ended_on=ended_on,
        ended_time=ended_time,
        discovered_time=discovered_time,
        is_ongoing=read.value("breach.ongoing", bool, False),
        cross_border=read.value("breach.cross_border", bool, False),
        cross_border_people=read.value("breach.cross_border_people", int, None),
        cross_border_countries=read.value("breach.cross_border_countries", tuple, ()),
        other_eu_authorities=read.value("authority.other_eu_authorities", tuple, ()),
        how_discovered=read.value("breach.how_discovered", str, ""),
        circumstances=_circumstances(read),
        authority_name=read.value("authority.name", str, ""),
        initial_notified_on=read.value("authority.initial_notified_on", date, None),
        notification_reference=read.value("authority.notification_reference", str, ""),
        late_reason=read.value("authority.late_reason", str, ""),
        other_authorities=read.value("authority.other_authorities", tuple, ()),
        police_complaint=read.value("authority.police_complaint", str, ""),
        texts=tuple((language, _texts(read, language, dates)) for language in LANGUAGES),
        language=_case_language(read),
    )
    problems = read.problems + _unknown_keys(given, read.known)
    if not info.is_example:
        problems += _example_values_left(given, defaults)
    if problems:
        raise CaseInfoError(path, problems)
    return info


def _case_language(read: _Reader) -> str:
    """The case's ``language``; read by ``leakmap.i18n`` before anything else, checked here."""
    language: str = read.value("language", str, LANGUAGES[0])
    if language not in LANGUAGES:
        read.problems.append(
            _("language must be one of {choices}").format(choices=", ".join(LANGUAGES))
        )
        return LANGUAGES[0]
    return language


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


def _texts(read: _Reader, language: str, dates: dict[str, date | None]) -> CaseTexts:
    narrative = {
        key: _dated(read, f"text.{language}.{key}", language, dates) for key in _NARRATIVE_KEYS
    }
    return CaseTexts(
        what_happened=narrative["what_happened"],
        where_published=narrative["where_published"],
        measures=read.value(f"text.{language}.measures", tuple, ()),
        hotline_hours=read.value(f"text.{language}.hotline_hours", str, ""),
    )


def _dated(read: _Reader, dotted: str, language: str, dates: dict[str, date | None]) -> str:
    """The text with ``{discovered}``... replaced by the case's dates; stale dates refused."""
    text: str = read.value(dotted, str, "")
    for name, day in dates.items():
        if "{" + name + "}" not in text:
            continue
        if day is None:
            read.problems.append(
                _("{key} uses {placeholder} but breach.{name}_on is not set").format(
                    key=dotted, placeholder="{" + name + "}", name=name
                )
            )
        text = text.replace("{" + name + "}", long_date(day, language))
    written = {long_date(day, language) for day in dates.values() if day}
    for stale in _written_dates(text, language):
        if stale not in written:
            read.problems.append(
                _(
                    "{key} names the date '{stale}', which is none of the breach dates; "
                    "write {{discovered}}, {{published}}, {{started}} or {{ended}} instead"
                ).format(key=dotted, stale=stale)
            )
    return text


def _written_dates(text: str, language: str) -> list[str]:
    months = "|".join(month_names(language))
    pattern = re.compile(rf"\b(?:1er|\d{{1,2}}) (?:{months}) \d{{4}}\b")
    return pattern.findall(text)
