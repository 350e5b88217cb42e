"""Digestive endoscopy: colonoscopy and gastroscopy reports (``health``)."""

from __future__ import annotations

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import GASTRO
from leakmap.synth.plan import Report
from leakmap.synth.templates.desk import Desk, Section, clinical_report


def colonoscopy(desk: Desk) -> Report:
    """A colonoscopy: indication, preparation, findings, what was sent to pathology."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=40, max_age=90))
    findings = desk.pick(
        "Colon normal jusqu'au bas-fond caecal, iléon terminal vu.",
        f"{desk.rng.randint(1, 4)} polypes sessiles du sigmoïde de 4 à 9 mm, réséqués à l'anse froide, adressés en anatomopathologie.",  # fmt: skip
        "Diverticulose sigmoïdienne non compliquée.",
        "Lésion bourgeonnante circonférentielle du côlon droit, biopsiée (pot 2), tatouage à l'encre de Chine.",  # fmt: skip
        "Muqueuse rectale érythémateuse, ulcérations superficielles évocatrices de rectocolite hémorragique.",  # fmt: skip
    )
    sections: list[Section] = [
        (
            "Indication",
            (
                desk.pick(
                    "Test immunologique fécal positif.",
                    "Rectorragies.",
                    "Anémie ferriprive.",
                    "Surveillance après polypectomie.",
                ),
            ),
        ),  # fmt: skip
        (
            "Préparation",
            (
                f"Score de Boston : {desk.rng.randint(5, 9)}/9. Anesthésie générale ({desk.pick('propofol', 'AG')}).",
            ),
        ),  # fmt: skip
        ("Résultats", (findings,)),
        (
            "Conclusion",
            (
                findings.split(",")[0] + ".",
                f"Prochain contrôle dans {desk.pick('3', '5', '10')} ans.",
            ),
        ),  # fmt: skip
    ]
    return clinical_report(
        desk,
        service=GASTRO,
        title=desk.pick(
            "COMPTE RENDU DE COLOSCOPIE", "Coloscopie totale", "ENDOSCOPIE DIGESTIVE BASSE"
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        stem_prefix=desk.pick("colo", "CR_coloscopie", "endo"),
    )


def gastroscopy(desk: Desk) -> Report:
    """An upper endoscopy, with Helicobacter biopsies."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=18))
    finding = desk.pick("Gastrite érythémateuse antrale, biopsies (Sydney).", "Œsophagite peptique grade A de Los Angeles.", "Varices œsophagiennes grade 2, ligature de 3 varices.")  # fmt: skip
    return clinical_report(
        desk,
        service=GASTRO,
        title="FIBROSCOPIE ŒSO-GASTRO-DUODÉNALE",
        person=person,
        when=when,
        sections=[
            (
                "Indication",
                (
                    desk.pick(
                        "Épigastralgies.", "Bilan d'anémie.", "Cirrhose, dépistage de varices."
                    ),
                ),
            ),
            ("Conclusion", (finding,)),
        ],  # fmt: skip
        stem_prefix=desk.pick("FOGD", "gastro"),
    )
