"""``FingerprintIndex.match_text`` on a case of letters that share one template: the
evidence is what is rare in the case, never the template; and a case fingerprinted by
the older recipe (one shingle in 4) still matches. Fictitious texts only."""

from __future__ import annotations

import random

from leakmap.fingerprint.index import FingerprintIndex, TextMatch
from leakmap.fingerprint.records import DocumentFingerprint
from leakmap.fingerprint.text_shingles import text_fingerprint

HEADER = (
    "CENTRE HOSPITALIER DE KERVAL - SERVICE DE MEDECINE POLYVALENTE - 3 allée des Ajoncs "
    "29107 Quimper Cedex - secrétariat du lundi au vendredi de neuf heures à dix-sept heures"
)
STOCK = (
    "Examen clinique sans particularité, tension artérielle normale, auscultation libre.",
    "Pas de signe de gravité ce jour, poursuite du traitement habituel sans modification.",
    "Le patient est informé des résultats et des suites prévues lors de la consultation.",
)
FOOTER = "Document confidentiel couvert par le secret médical, ne pas diffuser hors du service."
_WORD_LIST = (
    "douleur thoracique fièvre toux biopsie scanner anémie ferritine plaquettes glycémie "
    "insuline ulcère gastrique colite hépatite rein vessie prostate thyroïde goitre nodule "
    "migraine vertige syncope arythmie souffle valve dyspnée oedème cheville genou hanche "
    "fracture entorse tendon brûlure plaie suture abcès drainage antibiotique amoxicilline"
)
WORDS = tuple(_WORD_LIST.split(" "))


def _letter(number: int) -> str:
    """A letter on the template: header, a fictitious patient, findings, stock, footer."""
    rng = random.Random(number)
    findings = " ".join(rng.choice(WORDS) for _ in range(60))
    patient = f"Patient dossier {40000 + number} vu le {1 + number % 28}/0{1 + number % 9}/2023"
    return "\n".join((HEADER, patient, findings, *STOCK, FOOTER))


def _fingerprint(text: str, *, recipe: str | None = None) -> DocumentFingerprint:
    shingles, count = text_fingerprint([text])
    if recipe is None:
        return DocumentFingerprint(f"{hash(text):x}", shingles, count)
    older = tuple(s for s in shingles if s % 4 == 0)  # what v1 kept
    return DocumentFingerprint(f"{hash(text):x}", older, count, recipe=recipe)


def _excerpt(text: str) -> str:
    words = text.split()
    size = round(len(words) * 0.3)
    return " ".join(words[len(words) // 3 : len(words) // 3 + size])


def test_match_text_names_no_document_for_the_template_around_new_findings() -> None:
    index = FingerprintIndex([_fingerprint(_letter(n)) for n in range(20)])
    elsewhere = _letter(999)  # the same template, another patient and findings
    assert index.match_text(_fingerprint(elsewhere).shingles) == ()
    assert index.match_text(_fingerprint("\n".join((HEADER, *STOCK, FOOTER))).shingles) == ()


def test_match_text_finds_the_letter_a_30_percent_excerpt_comes_from() -> None:
    index = FingerprintIndex([_fingerprint(_letter(n)) for n in range(20)])
    found = index.match_text(_fingerprint(_excerpt(_letter(7))).shingles)
    assert [m.document for m in found] == [7]


def test_match_text_in_a_case_of_the_older_recipe_compares_its_shingles_only() -> None:
    older = [_fingerprint(_letter(n), recipe="leakmap.fingerprint.v1") for n in range(20)]
    index = FingerprintIndex(older)
    found = index.match_text(_fingerprint(_letter(7)).shingles)
    assert [m.document for m in found] == [7] and found[0].score == 1.0


def test_one_text_tells_copies_of_a_text_from_letters_sharing_a_sentence() -> None:
    # Letter 7 kept twice (as PDF and as DOCX, say): naming both is naming one text.
    letters = [_fingerprint(_letter(n)) for n in range(20)]
    copy = DocumentFingerprint("copy-of-7", letters[7].shingles, letters[7].shingle_count)
    index = FingerprintIndex([*letters, copy])
    found = index.match_text(_fingerprint(_letter(7)).shingles)
    assert {m.document for m in found} == {7, 20} and index.one_text(found)
    assert not index.one_text((found[0], TextMatch(3, found[0].score)))
