"""Letters to the people a leak exposed: one PDF and one e-mail draft each, and a print list.

``write_letters`` writes into ``CASE/letters/``: ``<key>.pdf`` (the letter to print) and
``print_shop.csv`` (address blocks for the print shop, ``report.print_shop``), and hands
back, for each addressee with an e-mail address, what ``report.email_drafts`` needs to
write the ``<key>.eml`` draft once the kits exist. ``write_letters_and_kits`` is what
``notify`` runs: letters, kits and drafts in one pass, in the worker pool
(``report.mailing``), optionally for some people only. The key is the patient_id, or
``staff-0001`` for staff. Letters are French unless ``language="en"`` or a per-patient
``languages`` entry says otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.executors import Executor
from leakmap.link.registry import Patient
from leakmap.report.case_info import LANGUAGES, CaseInfo
from leakmap.report.letter_press import (
    LetterPress,
    addressee_characters,
    file_stem,
    letter_frame,
)
from leakmap.report.mailing import Mailing, write_mailing
from leakmap.report.output_files import KITS_DIR
from leakmap.report.print_shop import PRINT_SHOP_FILE
from leakmap.report.print_shop import PRINT_SHOP_HEADER as _HEADER
from leakmap.report.recipients import Addressee, AddresseeKind, HoldReason, Routing, route_letters
from leakmap.report.text_blocks import RenderedText

__all__ = [
    "KITS_DIR",
    "PRINT_SHOP_FILE",
    "PRINT_SHOP_HEADER",
    "LetterForDraft",
    "LettersSummary",
    "file_stem",
    "letter_frame",
    "write_letters",
    "write_letters_and_kits",
]
PRINT_SHOP_HEADER = list(_HEADER)


@dataclass(frozen=True, slots=True)
class LettersSummary:
    """What ``write_letters`` wrote, and whom it held back or could not post to.

    ``drafts``: the letters of the addressees with an e-mail address, for their drafts.
    """

    written: int
    by_kind: tuple[tuple[AddresseeKind, int], ...]
    held: tuple[tuple[str, HoldReason], ...]
    without_address: tuple[str, ...]
    drafts: tuple[LetterForDraft, ...]
    print_shop: Path
    addressees: tuple[Addressee, ...] = ()
    #: The keys of the addressees an e-mail draft reaches (``drafts`` may be empty when
    #: the drafts were written in the same pass, ``write_letters_and_kits``).
    emailed: tuple[str, ...] = ()

    @property
    def drafts_with_recipient(self) -> int:
        """How many e-mail drafts the letters give (one per addressee with an e-mail)."""
        return len(self.emailed) or len(self.drafts)


@dataclass(frozen=True, slots=True)
class LetterForDraft:
    """One written letter an e-mail draft is made of: its text, its PDF, its language."""

    addressee: Addressee
    language: str
    rendered: RenderedText
    pdf_name: str
    pdf: bytes


def write_letters(
    case_dir: Path,
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    info: CaseInfo,
    *,
    language: str = "fr",
    languages: Mapping[str, str] | None = None,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> LettersSummary:
    """Write every ``notify`` person's letter (and each staff member's) into ``CASE/letters``."""
    _check_language(language, *(languages or {}).values())
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    press = LetterPress(case_dir, info, characters=addressee_characters(routing.addressees))
    mailing = write_mailing(
        press, routing.addressees, language=language, languages=languages, kits=False,
        drafts=False, executor=None,
    )  # fmt: skip
    chosen = languages or {}
    drafts = []
    for addressee in routing.addressees:
        if addressee.email:
            lang = chosen.get(addressee.key, language)
            rendered, pdf, _ = press.letter(addressee, lang)
            name = f"{file_stem(addressee.key)}.pdf"
            drafts.append(LetterForDraft(addressee, lang, rendered, name, pdf))
    return _summary(routing, mailing, drafts=tuple(drafts))


def write_letters_and_kits(
    case_dir: Path,
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    info: CaseInfo,
    *,
    language: str = "fr",
    languages: Mapping[str, str] | None = None,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
    people: Collection[str] | None = None,
    executor: Executor | None = None,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> LettersSummary:
    """Letters, complaint kits and e-mail drafts in one pass (``notify``'s way).

    ``people``: write only these keys' letters (patient ids, ``staff-0001``; a wave's
    new people); ``None`` writes everyone's. ``counted(done, total)`` follows the
    letters as they are written. The summary's ``emailed`` lists the drafts' keys.
    """
    _check_language(language, *(languages or {}).values())
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    if people is not None:
        wanted = frozenset(people)
        routing = Routing(
            tuple(a for a in routing.addressees if a.key in wanted),
            tuple(held for held in routing.held if held[0] in wanted),
        )
    press = LetterPress(case_dir, info, characters=addressee_characters(routing.addressees))
    mailing = write_mailing(
        press, routing.addressees, language=language, languages=languages,
        executor=executor, counted=counted,
    )  # fmt: skip
    return _summary(routing, mailing, drafts=())


def _summary(
    routing: Routing, mailing: Mailing, *, drafts: tuple[LetterForDraft, ...]
) -> LettersSummary:
    kinds = Counter(a.kind for a in routing.addressees)
    emailed = set(mailing.emailed) | {d.addressee.key for d in drafts}
    return LettersSummary(
        written=len(routing.addressees),
        by_kind=tuple((kind, kinds[kind]) for kind in AddresseeKind if kinds[kind]),
        held=routing.held,
        without_address=mailing.without_address,
        drafts=drafts,
        print_shop=mailing.print_shop,
        addressees=routing.addressees,
        emailed=tuple(a.key for a in routing.addressees if a.key in emailed),
    )


def _check_language(*chosen: str) -> None:
    unknown = sorted(set(chosen) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"no letter template for language {unknown[0]!r}; use one of {LANGUAGES}")
