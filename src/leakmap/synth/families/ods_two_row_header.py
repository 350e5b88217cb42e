"""A stay list saved as an OpenDocument spreadsheet (.ods) with a two-row header.

LibreOffice Calc users lay lists out for printing: a title row, then a header over two
rows, a merged ``Patient`` cell (``table:number-columns-spanned="3"``) above
``Nom | Prénom | Date naiss.`` and a merged ``Séjour`` cell above ``Entrée | Sortie | UF``,
then ``Motif``. Dates are real ODF date cells (``office:value-type="date"``,
``office:date-value="1961-03-12"``, shown ``12/03/1961``) in files typed in Calc, plain
text in files pasted from an extraction. Written by hand from ODF 1.2 (OASIS): the
``mimetype`` member first and stored, ``META-INF/manifest.xml``, ``content.xml``.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES, HOSPITAL_SHORT
from leakmap.synth.families.clinical import DIAGNOSES, MOTIVES, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.misspellings import maybe_misspell
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.synth.zip_writer import STAMP
from leakmap.vocabulary import Category, FileKind

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"')  # fmt: skip
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_FOLDERS = ("Partage/Cadres/{service}", "Utilisateurs/cadre.sante/Documents", "Services/{service}/listes")  # fmt: skip
Cell = str | date


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One list of 5 to 50 stays of one unit."""
    day = working_day(rng)
    service = rng.choice(
        [s for s in ADMISSION_SERVICES if Category.GYNECOLOGY_OBSTETRICS not in s.categories]
    )  # lists of any sex
    date_cells = rng.random() < 0.6
    keep_accents = rng.random() < 0.5
    rows: list[list[Cell]] = []
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(5, 50), day):
        row, exposure = _row(rng, person, day, service.uf, service.categories, keep_accents)
        rows.append(row)
        exposures.append(exposure)
    title = f"{HOSPITAL_SHORT} - {service.name} - Séjours du {day - timedelta(days=7):%d/%m/%Y} au {day:%d/%m/%Y}"  # fmt: skip
    data = _ods(title, rows, date_cells)
    folder = rng.choice(_FOLDERS).format(service=service.short)
    stem = rng.choice((f"sejours_{day:%Y%m%d}", f"Liste patients {service.short}", f"entrees_sorties_S{day.isocalendar()[1]}"))  # fmt: skip
    return LeakedItem(f"{folder}/{stem}.ods", FileKind.ODS.value, data, tuple(exposures))


def _row(rng: random.Random, person: Person, day: date, uf: str, unit_health: frozenset[Category], keep_accents: bool) -> tuple[list[Cell], Exposure]:  # fmt: skip
    finding = pick_finding(rng, rng.choice((DIAGNOSES, MOTIVES)), person, day)
    family = maybe_misspell(rng, upper(person.family_name, keep_accents=keep_accents) if rng.random() < 0.7 else person.family_name)  # fmt: skip
    shown: set[Category] = set()
    born: Cell = ""
    if rng.random() < 0.92:
        born = person.birth_date
        shown.add(Category.BIRTH_DATE)
    entry = day - timedelta(days=rng.randint(1, 7))
    leave: Cell = entry + timedelta(days=rng.randint(0, 6)) if rng.random() < 0.7 else ""
    row: list[Cell] = [family, person.first_given, born, entry, leave, uf, finding.label]
    exposure = row_exposure(person, shown, finding.categories | unit_health, families=(person.family_name,), given=person.first_given, ipp=False)  # fmt: skip
    return row, exposure


def _cell(value: Cell, date_cells: bool) -> str:
    if isinstance(value, date):
        shown = f"{value:%d/%m/%Y}"
        if date_cells:
            return f'<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{value:%Y-%m-%d}"><text:p>{shown}</text:p></table:table-cell>'  # fmt: skip
        return f'<table:table-cell office:value-type="string"><text:p>{shown}</text:p></table:table-cell>'  # fmt: skip
    if not value:
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'  # fmt: skip


def _text_row(cells: list[str]) -> str:
    return "<table:table-row>" + "".join(_cell(c, False) for c in cells) + "</table:table-row>"


def _ods(title: str, rows: list[list[Cell]], date_cells: bool) -> bytes:
    spanned = ('<table:table-row>'
               '<table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>Patient</text:p></table:table-cell>'
               '<table:covered-table-cell/><table:covered-table-cell/>'
               '<table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>Séjour</text:p></table:table-cell>'
               '<table:covered-table-cell/><table:covered-table-cell/>'
               '<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>Motif</text:p></table:table-cell>'
               '</table:table-row>')  # fmt: skip
    second = ("<table:table-row>" + "".join(_cell(h, False) for h in ("Nom", "Prénom", "Date naiss.", "Entrée", "Sortie", "UF")) + "<table:covered-table-cell/></table:table-row>")  # fmt: skip
    body = "".join("<table:table-row>" + "".join(_cell(c, date_cells) for c in row) + "</table:table-row>" for row in rows)  # fmt: skip
    styles = ('<office:automatic-styles><number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text>'
              '<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>'
              '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N37"/></office:automatic-styles>')  # fmt: skip
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>{styles}<office:body><office:spreadsheet>'
               f'<table:table table:name={quoteattr("Feuille1")}><table:table-column table:number-columns-repeated="7"/>'
               f"{_text_row([title])}{spanned}{second}{body}</table:table></office:spreadsheet></office:body></office:document-content>")  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in (("mimetype", MIMETYPE.encode(), zipfile.ZIP_STORED), ("META-INF/manifest.xml", _MANIFEST.encode(), zipfile.ZIP_DEFLATED), ("content.xml", content.encode("utf-8"), zipfile.ZIP_DEFLATED)):  # fmt: skip
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = method
            archive.writestr(info, data)
    return buffer.getvalue()
