"""Tables rebuilt by position: plannings in PDFs written by reportlab, read back by PDFium."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from leakmap.extract.document import Box, TextBlock
from leakmap.extract.image import extract_image
from leakmap.extract.page_tables import is_form, ocr_tables
from leakmap.extract.pdf import extract_pdf, page_text
from leakmap.settings import ScanSettings

SETTINGS = ScanSettings(workers=1)
COLUMNS = (
    ("Heure", 38),
    ("Praticien", 118),
    ("Nom", 120),
    ("Prénom", 92),
    ("Né(e) le", 60),
    ("Intervention", 200),
)
ROWS = (
    ("08:00", "Dr M. LE GOFF", "Morel-Jacquet", "Marc-Antoine", "23/09/1981", "Coloscopie"),
    ("08:30", "Dr A. BERNARD", "Le Bihan", "Rozenn", "02/11/1954", "Cholécystectomie"),
    ("09:00", "Dr M. LE GOFF", "LE GOFF", "Nathan", "14/02/1990", "Hernie inguinale"),
    ("09:30", "Dr C. MOREAU", "Dupont", "Marie Claire", "12/03/1965", "Biopsie mammaire"),
    ("10:15", "Dr A. BERNARD", "Kerjean", "Yann", "30/06/1972", "Arthroscopie genou"),
    ("11:00", "Dr C. MOREAU", "Salaün", "Gwenaëlle", "08/08/1988", "Césarienne programmée"),
)
TITLE = "Programme opératoire - Bloc central"
DAY = "Journée du 07/03/2024"
FOOTER = "Document confidentiel - ne pas diffuser"
PROSE = [
    "Compte rendu de consultation du 07/03/2024",
    "Madame DUPONT Marie Claire, née le 12/03/1965, est vue ce jour en consultation de",
    "suivi pour une maladie de Crohn iléale. Elle rapporte des douleurs abdominales et",
    "une asthénie depuis trois semaines, sans fièvre ni perte de poids notable ce mois.",
    "Examen clinique : abdomen souple, indolore. Tension artérielle 135/85 mmHg.",
    "Conclusion : poursuite du traitement, coloscopie de contrôle dans six mois.",
]


def planning_pdf(rows: tuple[tuple[str, ...], ...], *, header: bool = True) -> bytes:
    """A planning as scheduling systems print it: title, date, a cell-by-cell table, footer."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setFont("Helvetica-Bold", 12)
    page.drawString(30, height - 40, TITLE)
    page.setFont("Helvetica", 9)
    page.drawString(30, height - 56, DAY)
    lines = [tuple(name for name, _ in COLUMNS), *rows] if header else list(rows)
    top = height - 80
    for index, cells in enumerate(lines):
        page.setFont("Helvetica-Bold" if header and index == 0 else "Helvetica", 8.5)
        left = 30.0
        for (_, column_width), cell in zip(COLUMNS, cells, strict=True):
            page.drawString(left + 3, top - 16 * index, cell)
            left += column_width
    page.drawString(30, top - 16 * len(lines) - 30, FOOTER)
    page.showPage()
    page.save()
    return buffer.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number, line in enumerate(lines):
        page.drawString(60, 800 - 16 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_page_tables_planning_rows_keyed_by_header() -> None:
    parts = extract_pdf(planning_pdf(ROWS), SETTINGS)
    assert len(parts.rows) == 6
    first = dict(parts.rows[0].cells)
    assert first["Praticien"] == "Dr M. LE GOFF"
    assert first["Nom"] == "Morel-Jacquet"
    assert first["Prénom"] == "Marc-Antoine"
    assert first["Né(e) le"] == "23/09/1981"
    assert dict(parts.rows[3].cells)["Prénom"] == "Marie Claire"
    assert [row.index for row in parts.rows] == [1, 2, 3, 4, 5, 6]
    assert {row.sheet for row in parts.rows} == {"page 1"}


def test_page_tables_lines_leave_the_page_text() -> None:
    (block,) = extract_pdf(planning_pdf(ROWS), SETTINGS).blocks
    assert block.text.splitlines() == [TITLE, DAY, FOOTER]


def test_page_tables_headerless_table_keyed_col_n() -> None:
    parts = extract_pdf(planning_pdf(ROWS[:4], header=False), SETTINGS)
    assert len(parts.rows) == 4
    assert [key for key, _ in parts.rows[0].cells] == [f"col{n}" for n in range(1, 7)]
    assert dict(parts.rows[0].cells)["col3"] == "Morel-Jacquet"


def test_page_tables_prose_page_stays_text() -> None:
    data = text_pdf(PROSE)
    parts = extract_pdf(data, SETTINGS)
    assert parts.rows == ()
    document = pdfium.PdfDocument(data)
    assert parts.blocks[0].text == page_text(document[0].get_textpage())
    assert parts.blocks[0].text.splitlines() == PROSE


def test_page_tables_label_form_stays_text() -> None:
    form = [
        "Nom : DUPONT                Prénom : Marie               Né(e) le : 12/03/1965",
        "IPP : 10000001              Service : Cardiologie        Lit : 12",
        "Médecin : Dr MOREAU         Entrée : 05/03/2024          Sortie : 07/03/2024",
    ]
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number, line in enumerate(form):
        for column, cell in enumerate(part.strip() for part in line.split("   ") if part.strip()):
            page.drawString(60 + 170 * column, 800 - 16 * number, cell)
    page.showPage()
    page.save()
    parts = extract_pdf(buffer.getvalue(), SETTINGS)
    assert parts.rows == ()
    assert (
        parts.blocks[0].text.splitlines()[0] == "Nom : DUPONT Prénom : Marie Né(e) le : 12/03/1965"
    )


def test_page_tables_is_form_table() -> None:
    assert is_form(["Nom : DUPONT", "Né le : 12/03/1965", "Lit :", "Marie"])
    assert not is_form(["08:00", "Dr M. LE GOFF", "Morel-Jacquet", "23/09/1981"])


def test_page_tables_ocr_words_on_a_skewed_scan() -> None:
    """OCR'd words keep the scan's slope; the rows come out level, the title stays text."""
    words: list[tuple[str, int, int]] = [("Planning", 100, 50), ("du", 330, 50), ("jour", 420, 50)]
    for row, cells in enumerate([("Heure", "Nom", "Prénom"), *[r[:1] + r[2:4] for r in ROWS[:3]]]):
        x = 100
        for cell in cells:
            for word in cell.split():
                words.append((word, x, 150 + 60 * row))
                x += 40 * len(word) + 30
            x = max(x + 200, 100 + 700 * (cells.index(cell) + 1))
    text, spans, offset = [], [], 0
    for number, (word, x, y) in enumerate(words):
        if number:
            same_line = words[number - 1][2] == y
            text.append(" " if same_line else "\n")
            offset += 1
        skew = round(0.03 * x)  # 1.7° down to the right
        spans.append((offset, offset + len(word), Box(x, y + skew, 40 * len(word), 40)))
        text.append(word)
        offset += len(word)
    block, rows = ocr_tables(TextBlock(page=2, text="".join(text), ocr=True, words=tuple(spans)))
    assert [dict(row.cells)["Nom"] for row in rows] == ["Morel-Jacquet", "Le Bihan", "LE GOFF"]
    assert dict(rows[0].cells)["Prénom"] == "Marc-Antoine" and rows[0].sheet == "page 2"
    assert block.text == "Planning du jour"
    assert [block.text[start:end] for start, end, _ in block.words] == ["Planning", "du", "jour"]


def scanned_table_pdf() -> bytes:
    """A small printed table, rendered to an image at 200 dpi and saved as an image-only PDF."""
    buffer = io.BytesIO()
    size = (440, 150)
    page = canvas.Canvas(buffer, pagesize=size)
    page.setFont("Helvetica", 11)
    page.drawString(20, 128, "Consultations du 07/03/2024")
    cells = [("Heure", "Nom", "Prénom", "Né(e) le"), *[r[:1] + r[2:5] for r in ROWS[:4]]]
    for index, row in enumerate(cells):
        for left, cell in zip((20, 80, 210, 330), row, strict=True):
            page.drawString(left, 100 - 18 * index, cell)
    page.showPage()
    page.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=200 / 72).to_pil().convert("L")
    scan = io.BytesIO()
    page = canvas.Canvas(scan, pagesize=size)
    page.drawImage(ImageReader(image), 0, 0, width=size[0], height=size[1])
    page.showPage()
    page.save()
    return scan.getvalue()


def test_page_tables_scanned_table_read_by_tesseract() -> None:
    parts = extract_pdf(scanned_table_pdf(), SETTINGS)
    assert parts.ocr
    assert len(parts.rows) == 4
    assert [key for key, _ in parts.rows[0].cells] == ["Heure", "Nom", "Prénom", "Né(e) le"]
    assert dict(parts.rows[0].cells)["Nom"] == "Morel-Jacquet"
    assert dict(parts.rows[3].cells)["Né(e) le"] == "12/03/1965"
    assert "Consultations du 07/03/2024" in parts.blocks[0].text
    assert "Morel-Jacquet" not in parts.blocks[0].text


def test_page_tables_scanned_image_file_gives_its_rows() -> None:
    """A phone scan saved as PNG (no PDF around it) is read as a table too."""
    page = pdfium.PdfDocument(scanned_table_pdf())[0]
    image = page.render(scale=200 / 72).to_pil().convert("L")  # the 200 dpi scan it holds
    png = io.BytesIO()
    image.save(png, "PNG", dpi=(200, 200))
    document = extract_image(png.getvalue(), path="scan.png", sha256="c" * 64)
    assert [dict(row.cells)["Nom"] for row in document.rows][:1] == ["Morel-Jacquet"]
    assert "Morel-Jacquet" not in document.blocks[0].text


def _label_sheet(people: list[tuple[str, str, str]]) -> bytes:
    """A sheet of admission stickers, 3 across, 4 lines each (name, birth, IPP, unit)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 9)
    for index, (name, born, ipp) in enumerate(people):
        x, y = 30 + 190 * (index % 3), 800 - 110 * (index // 3)
        for line, text in enumerate(
            (name, f"Né(e) le {born} (F)", f"IPP {ipp}", "UF 1710 INFECTIO")
        ):
            pdf.drawString(x, y - 12 * line, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_sheet_of_labels_is_read_label_by_label() -> None:
    """Stickers side by side are no table whose first line is the header: each is a card,
    its name, birth date and IPP together (the page's lines run across three patients)."""
    people = [("KERGOAT Yvonne", "07/03/1948", "31004417"), ("LE BIHAN Rozenn", "02/11/1954", "31004588"),
              ("SALAUN Gwenaëlle", "08/08/1988", "31004601")] * 2  # fmt: skip
    parts = extract_pdf(_label_sheet(people), SETTINGS)
    assert parts.rows == ()
    cards = [block.text for block in parts.blocks if "IPP" in block.text]
    assert "KERGOAT Yvonne\nNé(e) le 07/03/1948 (F)\nIPP 31004417\nUF 1710 INFECTIO" in cards
    assert not any("KERGOAT" in card and "LE BIHAN" in card for card in cards)


def test_a_planning_is_no_sheet_of_labels() -> None:
    parts = extract_pdf(planning_pdf(ROWS), SETTINGS)
    assert len(parts.rows) == len(ROWS)
