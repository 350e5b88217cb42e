"""spaCy NER for people the registry and the patterns miss: where it runs, what it returns."""

from __future__ import annotations

import pytest

from leakmap.detect.findings import NameHit, Role
from leakmap.detect.identifiers.place import Place
from leakmap.detect.name_parts import split_person
from leakmap.detect.ner import (
    CLINICIAN_RULE,
    DEFAULT_POLICY,
    DETECTOR,
    NerPolicy,
    find_ner_names,
    find_ner_names_in,
    load_pipeline,
    ner_windows,
)

PLACE = Place(1, block=0)


@pytest.mark.parametrize(
    ("words", "family", "given"),
    [
        ("DUPONT Marie", "DUPONT", "Marie"),
        ("Marie DUPONT", "DUPONT", "Marie"),
        ("LE GOFF Yann", "LE GOFF", "Yann"),
        ("J. Dupont", "Dupont", "J."),
        ("P.E. Jilliot", "Jilliot", "P.E."),
        ("Olaf Menson", "Menson", "Olaf"),  # same case, no clue: "Prénom Nom"
        ("Hommé Jérémy", "Hommé", "Jérémy"),  # a known given name at the end
        ("Jean de La Fontaine", "de La Fontaine", "Jean"),
        ("Jean-Pierre MOREAU-VASSEUR", "MOREAU-VASSEUR", "Jean-Pierre"),
        ("Foliet", "Foliet", ""),
        ("Christine", "", "Christine"),
    ],
)
def test_split_person_by_case_lexicon_and_position(words: str, family: str, given: str) -> None:
    written = words.split()
    family_at, given_at = split_person(written)
    assert " ".join(written[i] for i in family_at) == family
    assert " ".join(written[i] for i in given_at) == given


def _names(text: str, **kwargs: object) -> list[tuple[str, str, Role]]:
    hits = find_ner_names(text, PLACE, **kwargs)  # type: ignore[arg-type]
    assert all(h.detector == DETECTOR and text[h.location.start : h.location.end] for h in hits)
    return [(h.family_name, h.given_names, h.role) for h in hits]


def test_ner_finds_people_on_cue_lines_in_any_case() -> None:
    text = (
        "Compte rendu de consultation\n"
        "Je vois ce jour Mme Colette Verdier pour le suivi de son diabète.\n"
        "Signé par le Docteur ROMAIN SPRITZ, chef de service."
    )
    names = _names(text)
    assert ("Verdier", "Colette", Role.UNKNOWN) in names
    assert ("SPRITZ", "ROMAIN", Role.CLINICIAN) in names


def test_ner_cuts_a_list_of_initials_into_people() -> None:
    names = _names(
        "Étaient présents : Dr C. Carlizian, Dr D. DEMOUCHET.", policy=NerPolicy.ALL_LINES
    )
    assert {(f, g) for f, g, _ in names} >= {("Carlizian", "C."), ("DEMOUCHET", "D.")}


def test_default_policy_reads_only_cue_lines_without_a_known_name() -> None:
    text = "Équipe réunie en staff : Rémi Foliet\nPatiente : Mme Colette Verdier, 71 ans"
    known = NameHit("VERDIER", "Colette", "VERDIER", "COLETTE", PLACE.at(52, 66), Role.UNKNOWN,
                    "registry_names", "registry-names.v1", 0.95)  # fmt: skip
    first_line = (0, text.index("\n"))
    second_line = (text.index("\n") + 1, len(text))
    assert ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES) == [second_line]
    assert ner_windows(text, known=[known], policy=NerPolicy.UNNAMED_CUE_LINES) == []
    assert ner_windows(text, known=[known], policy=NerPolicy.WHOLE_UNNAMED_CUE_LINES) == []
    assert ner_windows(text, known=[known], policy=NerPolicy.CUE_LINES) == [second_line]
    assert ner_windows(text, policy=NerPolicy.ALL_LINES) == [first_line, second_line]


def test_default_policy_reads_unexplained_capitalised_words_with_a_few_words_around() -> None:
    text = (
        "La patiente a été revue ce jour en consultation de suivi avec ses examens récents, "
        "elle est accompagnée de son fils Rémi Foliet qui souhaite être joint par téléphone."
    )
    (window,) = ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES)
    shown = text[window[0] : window[1]]
    assert "Rémi Foliet" in shown
    assert "consultation" not in shown and "téléphone" not in shown
    assert ner_windows(text, policy=NerPolicy.WHOLE_UNNAMED_CUE_LINES) == [(0, len(text))]
    assert ("Foliet", "Rémi") in {(f, g) for f, g, _ in _names(text)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Interne : Antoine GAUTHIER", "Antoine GAUTHIER"),
        ("Validé par Pr J. MARTIN", "J. MARTIN"),
        ("Compte rendu dicté par le Dr. Marie de la Fontenay", "Marie de la Fontenay"),
        ("Copie : Docteur Jérôme Klein", "Jérôme Klein"),
        ("Consultations - Dr LE MOAL Cécile", "LE MOAL Cécile"),
    ],
)
def test_default_policy_spares_the_model_names_a_clinician_title_introduces(
    text: str, name: str
) -> None:
    assert ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES) != []
    assert ner_windows(text, policy=DEFAULT_POLICY) == []
    (hit,) = find_ner_names(text, PLACE)
    assert hit.role is Role.CLINICIAN and hit.rule == CLINICIAN_RULE
    assert text[hit.location.start : hit.location.end] == name


def test_a_person_after_a_clinician_on_the_same_line_still_goes_to_the_model() -> None:
    text = "Dr Guillaume LEGRAND ; accompagnée de sa fille Marie DUPONT"
    (window,) = ner_windows(text, policy=DEFAULT_POLICY)
    assert "Marie DUPONT" in text[window[0] : window[1]]
    names = _names(text)
    assert ("DUPONT", "Marie", Role.UNKNOWN) in names or (
        "DUPONT",
        "Marie",
        Role.THIRD_PARTY,
    ) in names
    assert [n for n in names if n[0] == "LEGRAND"] == [("LEGRAND", "Guillaume", Role.CLINICIAN)]


def test_capitalised_common_words_titles_and_clinical_terms_call_no_model() -> None:
    text = "Le Scanner est prévu en Mars. Madame, Monsieur, Cher Confrère, Nous vous adressons"
    assert ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES) == []


def test_a_word_beside_a_title_or_a_common_word_is_no_name_pair_by_default() -> None:
    text = "Chère Consœur, Objet : Suivi"
    assert ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES) != []
    assert ner_windows(text, policy=DEFAULT_POLICY) == []


def test_many_texts_in_one_model_call_find_what_each_finds_alone() -> None:
    texts = [
        "Je vois ce jour Mme Colette Verdier pour le suivi de son diabète.",
        "Hémoglobine 12,5 g/dL",
        "Signé par le Docteur ROMAIN SPRITZ, chef de service.",
    ]
    together = find_ner_names_in([(t, PLACE, ()) for t in texts])
    assert together == [find_ner_names(t, PLACE) for t in texts]
    assert together[1] == [] and together[0] and together[2]


def test_the_model_runs_without_the_pipes_ner_does_not_need() -> None:
    assert load_pipeline().pipe_names == ["ner"]


def test_ner_never_repeats_a_known_name() -> None:
    text = "Patiente : Mme Colette Verdier, adressée par le Dr Paul Aubert"
    start = text.index("Colette")
    known = NameHit("Verdier", "Colette", "VERDIER", "COLETTE", PLACE.at(start, start + 15),
                    Role.UNKNOWN, "name_patterns", "name-patterns.v1", 0.8)  # fmt: skip
    names = _names(text, known=[known], policy=NerPolicy.CUE_LINES)
    assert ("Verdier", "Colette", Role.UNKNOWN) not in names
    assert ("Aubert", "Paul", Role.CLINICIAN) in names


def test_long_lines_are_read_around_their_cues_only() -> None:
    text = "x " * 400 + "Mme Colette Verdier " + "y " * 400
    (window,) = ner_windows(text, policy=NerPolicy.UNNAMED_CUE_LINES)
    assert window[0] <= text.index("Mme") < window[1]
    assert window[1] - window[0] < len(text) // 2


def test_no_cue_no_model_call() -> None:
    assert find_ner_names("Hémoglobine 12,5 g/dL ; plaquettes 245 G/L", PLACE) == []


@pytest.mark.parametrize("policy", [DEFAULT_POLICY, NerPolicy.ALL_LINES])
def test_a_planning_rows_shift_codes_are_no_part_of_a_name(policy: NerPolicy) -> None:
    """A nurses' planning read row by row: "IDE Anne-Laure PERRIN | RH | RH | S" names
    Anne-Laure PERRIN; the rest days (RH) and shifts (N, S) in the next cells name nobody."""
    text = "IDE Anne-Laure PERRIN | RH | RH | S | N\nMarthe LEBLANC | RH | RH | N | CA"
    names = {(f, g) for f, g, _ in _names(text, policy=policy)}
    assert ("PERRIN", "Anne-Laure") in names
    assert all("RH" not in f and "RH" not in g and f not in ("N", "CA") for f, g in names)


@pytest.mark.parametrize(
    ("words", "family", "given"),
    [("Le Goff Nathan", "Le Goff", "Nathan"), ("De La Tour Marie", "De La Tour", "Marie")],
)
def test_a_family_name_that_starts_with_its_particle_keeps_the_word_after_it(
    words: str, family: str, given: str
) -> None:
    split = words.split()
    family_words, given_words = split_person(split)
    assert " ".join(split[i] for i in family_words) == family
    assert " ".join(split[i] for i in given_words) == given
