"""The dump's content: loose documents in a hospital's folder tree, mails with
attachments, ZIP archives (some nested, one in a mail), copies, and unreadable files.

``plan_dump`` draws top-level items until the number of files (archive members and
attachments included) reaches the size asked for; it may overshoot by the size of the
last container.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from leakmap.synth import exports
from leakmap.synth.casting import Cast
from leakmap.synth.families import draw_family_item
from leakmap.synth.hostile import (
    billion_laughs,
    deep_zip,
    empty_file,
    encrypted_archive,
    encrypted_pdf,
    locked_office_files,
    traversal_zip,
    truncated_image,
    truncated_pdf,
    truncated_zip,
    zip_bomb,
)
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.plan import Report
from leakmap.synth.render import leaked_document
from leakmap.synth.render_formats import seven_zip, tar_archive
from leakmap.synth.render_legacy import outlook_message
from leakmap.synth.render_mail import render_mail
from leakmap.synth.render_scan import scanned_document, scanned_page
from leakmap.synth.templates import BY_NAME, CATALOGUE, REPORT_FORMATS, DocumentKind, draw_kind
from leakmap.synth.templates import mails as mail_templates
from leakmap.synth.templates.desk import Desk
from leakmap.synth.zip_writer import stable_zip

_USERS = ("m.secretariat", "j.biologiste", "a.leroux", "dr.kermarrec", "cadre.cardio", "interne.urg")  # fmt: skip
_MAILS: tuple[tuple[Callable[[Desk], mail_templates.MailPlan], int], ...] = (
    (mail_templates.about_patient, 45), (mail_templates.patient_writes, 15),
    (mail_templates.list_forward, 20), (mail_templates.notice, 20),
)  # fmt: skip
_REPORT_KINDS = tuple(k for k in CATALOGUE if k.formats is REPORT_FORMATS)
_REPORT_FORMAT_NAMES = frozenset(name for name, _ in REPORT_FORMATS)


@dataclass(frozen=True, slots=True)
class FamilyFiles:
    """Export families to add: ``count`` files of each of ``names``, after the rest of
    the dump is drawn (so the rest is what it would be without them); ``only`` makes them
    the whole dump."""

    names: tuple[str, ...]
    count: int
    only: bool = False


@dataclass(frozen=True, slots=True)
class Scanning:
    """Which reports are printed and scanned: ``share`` of them, drawn with ``rng``.

    A generator of its own, so that a dump without scans draws exactly what it drew
    before scans existed (same seed, same bytes).
    """

    share: float
    rng: random.Random

    def draws_scan(self) -> bool:
        """Whether the next report is a scan."""
        return self.rng.random() < self.share


def _is_report(kind: DocumentKind) -> bool:
    """Whether ``kind`` is running text (a report), which can be printed and scanned."""
    return {name for name, _ in kind.formats} <= _REPORT_FORMAT_NAMES


class DumpPlanner:
    """Draws the dump's top-level items; keeps names unique."""

    def __init__(self, rng: random.Random, cast: Cast, *, scanning: Scanning | None = None, formats: bool = False, hostile: bool = False, families: FamilyFiles | None = None) -> None:  # fmt: skip
        self._rng = rng
        self._families = families
        self._family_of: dict[str, str] = {}
        self._cast = cast
        self._scanning = scanning
        self._formats = formats
        self._hostile_files = hostile
        self._names: set[str] = set()
        self._loose: list[LeakedItem] = []

    def plan(self, files: int) -> list[LeakedItem]:
        """Items whose trees hold at least ``files`` files, unreadable ones included
        (plus the export families' files, or only those)."""
        if self._families is not None and self._families.only:
            return self._family_set(self._families)
        items = self._hostile(files)
        items += self._format_set() if self._formats else []
        items += self._hostile_set() if self._hostile_files else []
        total = sum(item.count() for item in items)
        while total < files:
            item = self._next(files - total)
            items.append(item)
            total += item.count()
        return items + (self._family_set(self._families) if self._families is not None else [])

    def family_of(self, name: str) -> str:
        """The export family of the top-level item ``name`` ("" for the others)."""
        return self._family_of.get(name, "")

    def _family_set(self, families: FamilyFiles) -> list[LeakedItem]:
        items = []
        for family in families.names:
            for _ in range(families.count):
                item = self._unique(draw_family_item(family, self._cast, self._rng))
                self._family_of[item.name] = family
                items.append(item)
        return items

    def _next(self, room: int) -> LeakedItem:
        roll = self._rng.random()
        if roll < 0.10 and room >= 2:
            return self._mail()
        if roll < 0.17 and room >= 4:
            return self._archive(room)
        if roll < 0.19 and room >= 6:
            return self._nested_archive(room)
        if roll < 0.22 and self._loose:
            return self._copy()
        item = self._document(self._rng_kind(), top=True)
        self._loose.append(item)
        return item

    def _rng_kind(self) -> DocumentKind:
        return draw_kind(self._rng)

    def _document(self, kind: DocumentKind, *, top: bool, folder: str | None = None, file_format: str | None = None) -> LeakedItem:  # fmt: skip
        """One document of ``kind``; at the top level it goes in one of the kind's folders."""
        chosen = file_format or kind.draw_format(self._rng)
        scanned = self._scanning is not None and _is_report(kind) and self._scanning.draws_scan()
        desk = Desk(self._rng, self._cast, can_draw_barcode=scanned or chosen == "pdf")
        plan = kind.make(desk)
        where = folder if folder is not None else self._rng.choice(kind.folders).format(year=plan.when.year)  # fmt: skip
        if scanned and self._scanning is not None and isinstance(plan, Report):
            item = scanned_document(plan, self._rng, scan_rng=self._scanning.rng, folder=where)
        else:
            item = leaked_document(plan, chosen, self._rng, folder=where)
        return self._unique(item) if top else item

    def _unique(self, item: LeakedItem, names: set[str] | None = None) -> LeakedItem:
        """The item renamed ``x (2).pdf`` when its name is taken."""
        taken = self._names if names is None else names
        name, number = item.name, 1
        stem, dot, extension = item.name.rpartition(".")
        while name in taken:
            number += 1
            name = f"{stem} ({number}){dot}{extension}"
        taken.add(name)
        return replace(item, name=name)

    def _members(self, count: int, kinds: tuple[DocumentKind, ...], folder: str) -> list[LeakedItem]:  # fmt: skip
        names: set[str] = set()
        return [self._unique(self._document(self._rng.choice(kinds), top=False, folder=folder), names) for _ in range(count)]  # fmt: skip

    def _archive(self, room: int) -> LeakedItem:
        """A ZIP of one service's documents, a folder inside."""
        theme = self._rng_kind()
        kinds = tuple(k for k in CATALOGUE if k.folders[0] == theme.folders[0]) or (theme,)
        year = self._rng.randint(2019, 2024)
        folder = next(part for part in reversed(theme.folders[0].split("/")) if "{" not in part)
        members = self._members(min(room - 1, self._rng.randint(3, 10)), kinds, f"{folder}_{year}" if self._rng.random() < 0.7 else "")  # fmt: skip
        name = self._rng.choice((f"Archives/{folder}_{year}.zip", f"exports/export_{year}{self._rng.randint(1, 12):02d}.zip", f"Utilisateurs/{self._rng.choice(_USERS)}/Bureau/dossiers patients.zip", f"sauvegarde_{folder}.zip"))  # fmt: skip
        data = stable_zip([(m.name, m.data) for m in members])
        return self._unique(LeakedItem(name, "zip", data, members=tuple(members)))

    def _nested_archive(self, room: int) -> LeakedItem:
        """A ZIP holding documents and another ZIP (``a.zip!/lots/lot1.zip!/c.pdf``)."""
        inner_members = self._members(min(room - 3, self._rng.randint(2, 6)), _REPORT_KINDS, "")
        inner = LeakedItem(f"lots/lot{self._rng.randint(1, 9)}.zip", "zip", stable_zip([(m.name, m.data) for m in inner_members]), members=tuple(inner_members))  # fmt: skip
        outer_members = [*self._members(self._rng.randint(1, 3), _REPORT_KINDS, "CR"), inner]
        data = stable_zip([(m.name, m.data) for m in outer_members])
        return self._unique(LeakedItem(f"Archives/export_complet_{self._rng.randint(2019, 2024)}.zip", "zip", data, members=tuple(outer_members)))  # fmt: skip

    def _copy(self) -> LeakedItem:
        """A second copy of an earlier document, elsewhere (same bytes, same exposures)."""
        original = self._rng.choice(self._loose)
        base = original.name.rsplit("/", 1)[-1]
        folder = f"Utilisateurs/{self._rng.choice(_USERS)}/{self._rng.choice(('Documents', 'Bureau', 'Téléchargements'))}"  # fmt: skip
        name = f"{folder}/{self._rng.choice(('', 'Copie de ', 'copie_'))}{base}"
        return self._unique(replace(original, name=name))

    def _mail(self) -> LeakedItem:
        """A mail, its attachments made about the same patient as its body when it has one."""
        templates, weights = zip(*_MAILS, strict=True)
        desk = Desk(self._rng, self._cast, can_draw_barcode=False)
        plan = self._rng.choices(templates, weights)[0](desk)
        names: set[str] = set()
        attachments = []
        for kind_name in plan.attachments:
            if plan.about is not None:
                self._cast.prefer_next(plan.about)
            kind = BY_NAME[kind_name]
            preferred = "pdf" if "pdf" in dict(kind.formats) and self._rng.random() < 0.7 else None
            attachments.append(self._unique(self._document(kind, top=False, folder="", file_format=preferred), names))  # fmt: skip
        if attachments and self._rng.random() < 0.15:
            attachments = [LeakedItem("documents.zip", "zip", stable_zip([(a.name, a.data) for a in attachments]), members=tuple(attachments))]  # fmt: skip
        data = render_mail(plan, attachments, self._rng)
        stem = plan.subject.replace("/", "-").replace(":", "").strip() or "message"
        name = f"Mails/{self._rng.choice(_USERS)}/{stem[:40]}_{plan.when:%Y%m%d}.eml"
        return self._unique(LeakedItem(name, "eml", data, plan.exposures, tuple(attachments)))

    def _hostile(self, files: int) -> list[LeakedItem]:
        """At least one empty file, one cut PDF, one encrypted ZIP; more in bigger dumps."""
        rounds = max(1, files // 150)
        items: list[LeakedItem] = []
        for _ in range(rounds):
            kind = self._rng.choice(_REPORT_KINDS)
            items.append(self._unique(empty_file(f"{kind.folders[0].format(year=2023)}/scan_{self._rng.randint(1, 9999):04d}.pdf")))  # fmt: skip
            source = self._document(self._rng.choice(_REPORT_KINDS), top=False, folder="Services/Scans", file_format="pdf")  # fmt: skip
            items.append(self._unique(truncated_pdf(source.name, source.data, self._rng)))
            members = self._members(self._rng.randint(2, 4), _REPORT_KINDS, "")
            items.append(self._unique(encrypted_archive(f"Direction/confidentiel_{self._rng.randint(2019, 2024)}.zip", members, self._rng)))  # fmt: skip
        if files >= 100:
            members = [(m.name, m.data) for m in self._members(3, _REPORT_KINDS, "")]
            items.append(self._unique(truncated_zip(f"Archives/transfert_incomplet_{self._rng.randint(1, 99)}.zip", members, self._rng)))  # fmt: skip
        return items

    def _format_set(self) -> list[LeakedItem]:
        """One file of each format other systems export, with real patients in them."""
        rng, cast = self._rng, self._cast
        items = [
            exports.hl7_message(
                cast, rng, name=f"Interfaces/HL7/ORU_{rng.randint(1, 99999):05d}.hl7"
            ),  # fmt: skip
            exports.dicom_file(
                cast, rng, name=f"Radiologie/PACS/IM{rng.randint(1, 99999):05d}.dcm"
            ),  # fmt: skip
            exports.sql_export(cast, rng, name="exports/dpi_patients.sql"),
            exports.json_records(cast, rng, name="exports/api/patients.json"),
        ]
        for file_format in ("rtf", "odt", "doc"):
            items.append(self._document(self._rng.choice(_REPORT_KINDS), top=False, file_format=file_format))  # fmt: skip
        for file_format in ("ods", "xls"):
            items.append(self._document(self._list_kind(), top=False, file_format=file_format))
        items += [self._packed("7z"), self._packed("tar"), self._outlook()]
        return [self._unique(item) for item in items]

    def _list_kind(self) -> DocumentKind:
        return self._rng.choice([k for k in CATALOGUE if not _is_report(k)])

    def _packed(self, kind: str) -> LeakedItem:
        """A 7z or gzipped tar of a few reports (what a backup script leaves)."""
        members = self._members(self._rng.randint(2, 4), _REPORT_KINDS, "CR")
        content = {m.name: m.data for m in members}
        if kind == "7z":
            return LeakedItem(f"Sauvegardes/cr_{self._rng.randint(2019, 2024)}.7z", kind, seven_zip(content), members=tuple(members))  # fmt: skip
        return LeakedItem(f"Sauvegardes/cr_{self._rng.randint(2019, 2024)}.tar.gz", kind, tar_archive(content), members=tuple(members))  # fmt: skip

    def _outlook(self) -> LeakedItem:
        """An Outlook message forwarding a report (the body names nobody)."""
        report = self._document(self._rng.choice(_REPORT_KINDS), top=False, folder="", file_format="docx")  # fmt: skip
        data = outlook_message(sender="Secrétariat médical", to="Dr Martin", subject="CR pour avis",
                               body="Bonjour,\nci-joint le compte rendu.\nCordialement", attachments={report.name: report.data})  # fmt: skip
        return LeakedItem(f"Mails/archives/CR pour avis {self._rng.randint(1, 999)}.msg", "msg", data, members=(report,))  # fmt: skip

    def _hostile_set(self) -> list[LeakedItem]:
        """Files that attack a reader, each with the reason the scan gives for it."""
        decoy = self._document(self._rng.choice(_REPORT_KINDS), top=False, folder="", file_format="pdf")  # fmt: skip
        inside = self._document(self._rng.choice(_REPORT_KINDS), top=False, folder="", file_format="txt")  # fmt: skip
        bottom = self._document(self._rng.choice(_REPORT_KINDS), top=False, folder="", file_format="txt")  # fmt: skip
        page = scanned_page(self._rng)
        items = [
            zip_bomb("Sauvegardes/sauvegarde_complete.zip", decoy),
            traversal_zip("exports/export_dpi.zip", inside),
            deep_zip("Archives/archives_imbriquees.zip", bottom, depth=20),
            billion_laughs("Interfaces/CDA/document_cda.xml"),
            encrypted_pdf("Direction/rapport_protege.pdf", "Rapport confidentiel"),
            truncated_image("Services/Scans/SCAN_tronque.jpg", page, self._rng),
            *locked_office_files("Direction", "Courrier confidentiel"),
        ]
        return [self._unique(item) for item in items]
