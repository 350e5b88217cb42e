"""``leakmap match`` on a scanned case: each re-published variant finds its document,
its page and its patient; unseen text is called new data; nothing is written outside
the case and no name reaches the screen. Real PDFs (reportlab), real pdfium, real
Tesseract (the crop, one small page)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leakmap.cli import cli
from leakmap.extract.page_triage import triage_counts
from leakmap.extract.tesseract import recognitions
from leakmap.fingerprint.index import FingerprintIndex
from leakmap.fingerprint.query import QueriedFile, install_index, match_one
from leakmap.match import MATCHES_FILE, Verdict, match_files
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.fingerprints import load_fingerprints
from leakmap.synth.republished import Variant, render_page, variant_of
from leakmap.walk.dump import walk_dump

SETTINGS = ScanSettings(workers=1, use_ner=False)
#: conftest.case_key's key, for the case the module scans once.
KEY = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"

# Fictitious letters, each about one registry patient of conftest.PATIENTS.
LETTERS = {
    "10000001": [
        "CENTRE HOSPITALIER DE KERVAL - SERVICE DE GYNECOLOGIE",
        "Compte rendu de consultation du 14/02/2023",
        "Patiente : DUPONT Marie Claire, née le 12/03/1965, IPP 10000001",
        "Motif : suivi d'un carcinome canalaire infiltrant du sein gauche opéré en 2021.",
        "Examen clinique sans particularité, cicatrice souple, aires ganglionnaires libres.",
        "Mammographie de contrôle prévue en avril, hormonothérapie par létrozole poursuivie.",
        "Tolérance correcte, quelques arthralgies matinales, pas de bouffées de chaleur.",
        "Prochain rendez-vous dans six mois avec le bilan biologique habituel.",
        "Docteur Anne LEROY, gynécologue, secrétariat 02 98 00 11 22",
    ],
    "10000004": [
        "CENTRE HOSPITALIER DE KERVAL - PSYCHIATRIE ADULTE",
        "Compte rendu d'entretien du 03/09/2022, hospitalisation en soins libres",
        "Patient : LE GOFF Yann, né le 03/03/1971, IPP 10000004",
        "Motif : épisode dépressif caractérisé avec insomnie et perte de poids de six kilos.",
        "Antécédents : trouble anxieux traité par sertraline depuis 2019, arrêt en mai.",
        "Entourage : vit seul à Brest, une soeur joignable, suivi au CMP du quartier.",
        "Conduite à tenir : reprise de la sertraline, entretiens infirmiers hebdomadaires.",
        "Réévaluation en consultation dans trois semaines, arrêt de travail prolongé.",
        "Docteur Paul MARTEL, psychiatre, unité Saint-Corentin",
    ],
    "10000009": [
        "CENTRE HOSPITALIER DE KERVAL - LABORATOIRE DE BIOLOGIE",
        "Résultats du prélèvement du 21/11/2021, dossier 55120934",
        "Patient : ZARKOVIC Milan, né le 10/10/1990, IPP 10000009",
        "Sérologie VIH : test de dépistage positif, confirmation par Western blot demandée.",
        "Charge virale et numération des lymphocytes CD4 en cours de réalisation.",
        "Hépatites B et C : sérologies négatives, vaccination contre l'hépatite B à jour.",
        "Le biologiste a prévenu le médecin prescripteur par téléphone le jour même.",
        "Résultats complets transmis au service des maladies infectieuses.",
        "Docteur Claire NGUYEN, biologiste médicale",
    ],
}
# The three patients' registry rows (the contract's layout), as in conftest.PATIENTS.
REGISTRY_HEADER = ["patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
                   "address", "postcode", "city", "phone", "email", "nir"]  # fmt: skip
PATIENTS = [
    ("10000001", "Dupont", "", "Marie Claire", "1965-03-12", "F", "3 rue des Lilas", "75011", "Paris", "0612345678", "", ""),
    ("10000004", "Le Goff", "", "Yann", "1971-03-03", "M", "", "29200", "Brest", "", "yann.legoff@example.org", ""),
    ("10000009", "Zarkovic", "", "Milan", "1990-10-10", "M", "", "", "", "", "", ""),
]  # fmt: skip
NAMES = ("DUPONT", "Marie Claire", "LE GOFF", "ZARKOVIC", "Milan")


def letter_pdf(lines: list[str]) -> bytes:
    """A one-page text PDF with these lines, printed as a hospital letter is."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 790
    for line in lines:
        page.drawString(50, y, line)
        y -= 18
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory, registry_rows: Path) -> Path:
    """A case holding the three letters, scanned once for the module."""
    root = tmp_path_factory.mktemp("leak")
    dump = root / "dump"
    dump.mkdir()
    for patient_id, lines in LETTERS.items():
        (dump / f"courrier_{patient_id}.pdf").write_bytes(letter_pdf(lines))
    scan(dump, registry=registry_rows, case_dir=root / "case", settings=SETTINGS)
    return root / "case"


@pytest.fixture(scope="module")
def registry_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADER)
        writer.writerows(PATIENTS)
    return path


@pytest.fixture(scope="module", autouse=True)
def module_key() -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKMAP_KEY", KEY)
        yield


@pytest.mark.parametrize("variant", list(Variant))
def test_match_finds_the_document_and_patient_of_each_variant(
    scanned: Path, tmp_path: Path, variant: Variant
) -> None:
    pdf = letter_pdf(LETTERS["10000004"])
    suffix, data = variant_of(pdf, "\n".join(LETTERS["10000004"]), variant, seed=7)
    queried = tmp_path / f"copie{suffix}"
    queried.write_bytes(data)
    report = match_files(scanned, [queried], settings=SETTINGS)
    (found,) = report.files
    assert found.verdict == Verdict.FROM_CASE, found
    assert found.hits[0].path == "courrier_10000004.pdf"
    assert found.patients == ("10000004",)
    if found.hits[0].method == "page":
        assert found.hits[0].pages == (1,)


def test_match_calls_unseen_text_new_data(scanned: Path, tmp_path: Path) -> None:
    known = LETTERS["10000001"]
    extra = [
        "Addendum du 02/05/2023 : nouvelle consultation pour une douleur costale droite.",
        "Scintigraphie osseuse demandée, bilan d'extension complémentaire à programmer.",
        "Le dossier est présenté en réunion de concertation pluridisciplinaire mardi.",
        "Arrêt de la létrozole discuté en raison des arthralgies devenues invalidantes.",
        "Kinésithérapie prescrite deux fois par semaine pendant un mois au centre de Quimper.",
        "La patiente signale une fatigue importante et des troubles du sommeil depuis mars.",
        "Un soutien psychologique lui est proposé auprès de l'équipe de soins de support.",
        "Courrier adressé au médecin traitant avec la copie des derniers comptes rendus.",
    ]
    (tmp_path / "longer.pdf").write_bytes(letter_pdf(known + extra))
    (tmp_path / "other.pdf").write_bytes(letter_pdf(extra))
    report = match_files(scanned, [tmp_path / "longer.pdf", tmp_path / "other.pdf"],
                         settings=SETTINGS)  # fmt: skip
    longer, other = sorted(report.files, key=lambda f: f.query)
    assert longer.verdict == Verdict.NEW_DATA
    assert longer.hits[0].path == "courrier_10000001.pdf"  # and where its known part is from
    assert other.verdict == Verdict.NEW_DATA and other.hits == ()


def test_match_of_a_folder_and_archive_writes_matches_csv_in_the_case_only(
    scanned: Path, tmp_path: Path
) -> None:
    queried = tmp_path / "received"
    queried.mkdir()
    with zipfile.ZipFile(queried / "envoi.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.pdf", letter_pdf(LETTERS["10000009"]))
    (queried / "note.txt").write_text("\n".join(LETTERS["10000001"][2:6]), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = match_files(scanned, [queried], settings=SETTINGS)
    assert {f.patients for f in report.files} == {("10000009",), ("10000001",)}
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    written = scanned / MATCHES_FILE
    assert written.stat().st_mode & 0o777 == 0o600
    assert "envoi.zip!/a.pdf" in written.read_text(encoding="utf-8")


def test_match_command_prints_ids_and_counts_never_a_name(scanned: Path, tmp_path: Path) -> None:
    (tmp_path / "copie.txt").write_text("\n".join(LETTERS["10000009"]), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--language", "en", "match", str(scanned), str(tmp_path / "copie.txt"),
              "--workers", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "from_case" in result.output and "10000009" in result.output
    assert not any(name in result.output for name in NAMES)
    assert "copie" not in result.output  # a queried file's name is not printed either


def test_match_of_another_hospitals_letter_on_the_same_template_names_no_document(
    scanned: Path, tmp_path: Path
) -> None:
    # A case letter's header, signature and stock sentences (the phrases every letter of
    # the service uses) around another (fictitious) patient: the template, not the letter.
    template = LETTERS["10000001"]
    elsewhere = [
        template[0],
        "Compte rendu de consultation du 09/06/2024",
        "Patiente : MARCHAND Odile Lucie, née le 27/08/1958, IPP 20456781",
        "Motif : bilan d'une hypertension artérielle découverte lors d'un don du sang.",
        template[4],
        "Holter tensionnel sur vingt-quatre heures, échographie rénale sans anomalie.",
        template[6],
        template[7],
        template[-1],
    ]
    (tmp_path / "autre.pdf").write_bytes(letter_pdf(elsewhere))
    (found,) = match_files(scanned, [tmp_path / "autre.pdf"], settings=SETTINGS).files
    assert found.hits == (), found


def test_match_finds_a_30_percent_excerpt_taken_from_the_middle(
    scanned: Path, tmp_path: Path
) -> None:
    lines = LETTERS["10000009"]
    (tmp_path / "extrait.txt").write_text("\n".join(lines[3:6]), encoding="utf-8")
    (found,) = match_files(scanned, [tmp_path / "extrait.txt"], settings=SETTINGS).files
    assert found.verdict == Verdict.FROM_CASE, found
    assert [hit.path for hit in found.hits] == ["courrier_10000009.pdf"]


def _match_here(case_dir: Path, queried: Path) -> tuple[FingerprintIndex, QueriedFile, int, int]:
    """The worker's code in this process: (index, result, Tesseract recognitions, pages
    the scan's reading read), so that which reading answered can be told."""
    with Case.open(case_dir, writer=False) as case:
        index = FingerprintIndex(load_fingerprints(case))
    install_index(index, SETTINGS)
    file = next(iter(walk_dump(queried, SETTINGS)))
    read_before, scan_before = recognitions(), sum(dataclasses.astuple(triage_counts()))
    result = match_one(file, index)
    scan_pages = sum(dataclasses.astuple(triage_counts())) - scan_before
    return index, result, recognitions() - read_before, scan_pages


def test_a_crop_is_named_by_the_quick_reading_of_its_first_bands(
    scanned: Path, tmp_path: Path
) -> None:
    # The letter's lines 2 to 8 across the page, at 150 dpi: a strip, which no stored
    # (square) region of the page resembles, so it must be read.
    pdf = letter_pdf(LETTERS["10000009"])
    page = render_page(pdf, dpi=150)
    page.crop((0, 150, page.width, 430)).save(tmp_path / "crop.png")
    index, result, read, scan_pages = _match_here(scanned, tmp_path / "crop.png")
    assert result.pages == (None,)  # not recognised by its page hashes: it had to be read
    leaked = (scanned.parent / "dump" / "courrier_10000009.pdf").read_bytes()
    assert [index.sha256[m.document] for m in result.text] == [hashlib.sha256(leaked).hexdigest()]
    assert result.ocr and not result.novelty.is_new_data
    assert read >= 1 and scan_pages == 0  # bands read, and not the scan's way


def test_an_image_of_new_text_is_called_new_data_by_the_scans_reading_only(
    scanned: Path, tmp_path: Path
) -> None:
    # Text no case letter holds: the quick reading names nothing, so the image is read
    # again the scan's way, and only that reading may call it new data.
    new = [
        "CENTRE HOSPITALIER DE KERVAL - SERVICE DE RHUMATOLOGIE",
        "Compte rendu de consultation du 18/01/2024",
        "Patient : MORVAN Loïc, né le 22/07/1949, IPP 10000077",
        "Motif : gonalgies bilatérales d'horaire mécanique depuis deux ans environ.",
        "Radiographies : pincement fémoro-tibial interne, ostéophytes marginaux.",
        "Infiltration cortisonée du genou droit réalisée ce jour sans incident.",
        "Perte de poids conseillée, marche quotidienne et vélo d'appartement.",
        "Revoir dans quatre mois avec des clichés en charge des deux genoux.",
        "Docteur Hélène QUÉRÉ, rhumatologue, secrétariat 02 98 00 44 55",
    ]
    render_page(letter_pdf(new), dpi=150).save(tmp_path / "photo.png")
    _, result, _, scan_pages = _match_here(scanned, tmp_path / "photo.png")
    assert scan_pages == 1
    assert result.text == () and result.novelty.is_new_data
