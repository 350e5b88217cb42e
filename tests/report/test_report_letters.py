"""Letters: contents by category, routing into files, e-mail drafts, print list, templates."""

from __future__ import annotations

import csv
from email import message_from_bytes, policy

import pytest
from report_people import (
    CLINICAL_WORDS,
    DECEASED,
    EXPOSURES,
    FILLED_CASE_TOML,
    LETTER_DAY,
    PATIENTS,
    STAFF,
    flat,
    pdf_text,
)

from leakmap.report.case_info import load_case_info
from leakmap.report.letters import PRINT_SHOP_HEADER, write_letters
from leakmap.report.notification_outputs import write_notification_outputs
from leakmap.report.recipients import AddresseeKind, HoldReason


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The letters of every fictitious person, written once for the module."""
    case = tmp_path_factory.mktemp("case")
    outputs = write_notification_outputs(
        case, exposures=EXPOSURES, unregistered=STAFF, documents=[], patients=PATIENTS,
        today=LETTER_DAY, deceased=DECEASED, staff=STAFF,
    )  # fmt: skip
    return case / "letters", outputs.letters


def _letter(directory, key):
    return flat(pdf_text(directory / f"{key}.pdf"))


def test_letters_one_pdf_and_one_draft_per_addressee(written):
    directory, summary = written
    keys = ["20000001", "20000002", "20000004", "20000005", "staff-0001"]
    assert sorted(p.stem for p in directory.glob("*.pdf")) == keys
    # Drafts only where there is an e-mail address (the heirs' draft had no recipient).
    assert sorted(p.stem for p in directory.glob("*.eml")) == ["20000001"]
    assert summary.written == 5
    assert dict(summary.by_kind) == {
        AddresseeKind.PATIENT: 2,
        AddresseeKind.PARENTS: 1,
        AddresseeKind.HEIRS: 1,
        AddresseeKind.STAFF: 1,
    }
    assert summary.held == (("20000003", HoldReason.CONFIDENTIAL_MINOR_CARE),)


def test_letters_name_the_categories_in_plain_words(written):
    directory, _ = written
    text = _letter(directory, "20000001")
    for phrase in ("date de naissance", "adresse postale", "coordonnées bancaires",
                   "informations de suivi en cancérologie"):  # fmt: skip
        assert phrase in text
    assert "numéro de sécurité sociale" not in text
    assert "Madame Élodie VASSEUR" in text
    assert "CHV-2025-001-20000001" in text
    assert "dpo@ch-valmont.example" in text
    assert "0 800 00 00 00" in text


def test_letters_consequences_follow_the_categories(written):
    directory, _ = written
    bank_and_health = _letter(directory, "20000001")
    phone_only = _letter(directory, "20000005")
    assert "fraude sur le compte bancaire" in bank_and_health
    assert "chantage" in bank_and_health
    assert "usurpation d'identité" in bank_and_health
    assert "hameçonnage" in phone_only
    assert "fraude sur le compte bancaire" not in phone_only
    assert "chantage ou de pression" not in phone_only
    assert "usurpation d'identité" not in phone_only


def test_letters_never_contain_clinical_text_nor_document_paths(written):
    directory, _ = written
    for path in [*directory.glob("*.pdf"), *directory.glob("*.eml")]:
        text = pdf_text(path) if path.suffix == ".pdf" else _eml_text(path)
        for word in (*CLINICAL_WORDS, "Oncologie/", "Psychiatrie", ".docx"):
            assert word.lower() not in text.lower(), f"{path.name} contains {word!r}"


def test_letters_minor_goes_to_the_parents(written):
    directory, _ = written
    text = _letter(directory, "20000002")
    assert "Aux représentants légaux de" in text
    assert "représentants légaux de Hugo Garnier" in text
    assert "concernant votre enfant" in text


def test_letters_deceased_goes_to_the_heirs_without_health_detail(written):
    directory, _ = written
    text = _letter(directory, "20000004")
    assert "Aux ayants droit de Monsieur Lucien FABRE" in text
    assert "décédé" in text
    assert "informations sur la santé" in text
    assert "santé mentale" not in text
    assert "cyberattaque Madame, Monsieur, Nous vous écrivons en tant qu'ayant droit" in text
    assert not (directory / "20000004.eml").exists()


def test_letters_staff_get_their_own_letter(written):
    directory, _ = written
    text = _letter(directory, "staff-0001")
    assert "membre du personnel" in text
    assert "Odile MERCIER" in text
    assert "Remise en main propre (service RH)" in text


def test_letters_draft_is_unsent_with_the_letter_attached(written):
    directory, summary = written
    message = message_from_bytes((directory / "20000001.eml").read_bytes(), policy=policy.default)
    assert message["To"] == "elodie.vasseur@example.org"
    assert message["X-Unsent"] == "1"
    # The case.toml is still the shipped example: the draft is stamped as a model.
    assert message["Subject"].startswith("[MODÈLE — NE PAS ENVOYER] publication sur Internet")
    assert message.get_body(("plain",)).get_content().startswith("MODÈLE — NE PAS ENVOYER")
    body = message.get_body(("plain",)).get_content()
    assert "coordonnées bancaires" in body
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [
        "20000001.pdf",
        "elements-pour-porter-plainte.pdf",
    ]
    assert attachments[0].get_content().startswith(b"%PDF")
    assert summary.drafts_with_recipient == 1


def test_letters_print_shop_lists_address_blocks(written):
    directory, summary = written
    with (directory / "print_shop.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == PRINT_SHOP_HEADER
    by_pdf = {row["pdf"]: row for row in rows}
    assert set(by_pdf) == {"20000001.pdf", "20000002.pdf", "20000004.pdf", "staff-0001.pdf"}
    heirs = by_pdf["20000004.pdf"]
    assert (heirs["line1"], heirs["line2"], heirs["line4"]) == (
        "Aux ayants droit de", "Monsieur Lucien FABRE", "31000 TOULOUSE"
    )  # fmt: skip
    assert heirs["enclosure"] == "complaint_kits/20000004.pdf"
    assert int(heirs["pages"]) >= 1
    assert summary.without_address == ("20000005",)


def test_letters_in_english_on_request(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    write_letters(tmp_path, EXPOSURES[:2], PATIENTS, info, languages={"20000002": "en"})
    english = flat(pdf_text(tmp_path / "letters" / "20000002.pdf"))
    french = flat(pdf_text(tmp_path / "letters" / "20000001.pdf"))
    assert "To the parents or guardians of" in english
    assert "medical imaging reports" in english
    assert "Madame," in french


def test_letters_prints_names_beyond_latin1(written):
    directory, _ = written
    assert "Łukasz" in _letter(directory, "20000005")


def test_letters_case_template_takes_precedence(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "letter.fr.txt").write_text(
        "Objet : lettre revue par le service juridique\n{{ salutation }}\n\n"
        "Référence {{ reference }}.\n",
        encoding="utf-8",
    )
    write_letters(tmp_path, EXPOSURES[:1], PATIENTS, info)
    text = flat(pdf_text(tmp_path / "letters" / "20000001.pdf"))
    assert "lettre revue par le service juridique" in text
    assert "Référence CHV-2025-001-20000001." in text


def test_letters_example_case_is_stamped_and_real_case_is_not(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    write_letters(tmp_path, EXPOSURES[:1], PATIENTS, info)
    assert "NE PAS ENVOYER" in pdf_text(tmp_path / "letters" / "20000001.pdf")
    (tmp_path / "case.toml").write_text(FILLED_CASE_TOML, encoding="utf-8")
    write_letters(tmp_path, EXPOSURES[:1], PATIENTS, load_case_info(tmp_path, today=LETTER_DAY))
    assert "NE PAS ENVOYER" not in pdf_text(tmp_path / "letters" / "20000001.pdf")


def test_letters_unknown_language_is_refused(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    with pytest.raises(ValueError, match="language 'de'"):
        write_letters(tmp_path, EXPOSURES, PATIENTS, info, language="de")


def _eml_text(path):
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return f"{message['Subject']}\n{message.get_body(('plain',)).get_content()}"
