"""Documents with no personal data: protocols, menus, blank forms, minutes, service notes.

They are full of health words (``VIH``, ``chimiothérapie``) and of staff names, and they
expose nobody: a scanner that flags them is wrong. Case vignettes use initials and ages
only (``Mme D., 67 ans``), which identify no one.
"""

from __future__ import annotations

from leakmap.synth.establishment import (
    HOSPITAL,
    HOSPITAL_SHORT,
    INFECTIOLOGY,
    LABORATORY,
    Service,
    letterhead,
)
from leakmap.synth.plan import Grid, Report, Sheet, Style, Text
from leakmap.synth.printed_names import print_professional
from leakmap.synth.templates.desk import Desk


def _report(desk: Desk, service: Service, prefix: str, blocks: list[Text | Grid]) -> Report:
    when = desk.day()
    return Report(
        stem=desk.stem(prefix, None, when),
        letterhead=letterhead(desk.rng, service),
        blocks=tuple(blocks),
        exposures=(),
        when=when,
    )


def protocol(desk: Desk) -> Report:
    """A care protocol (HIV exposure, hand hygiene, anaphylaxis), authored by staff."""
    title, steps = desk.rng.choice(
        (
            (
                "PROTOCOLE - Accident d'exposition au sang (AES)",
                (
                    "Nettoyer immédiatement à l'eau et au savon, rincer, antiseptiser 5 minutes.",
                    "Évaluer le risque de transmission VIH, VHB, VHC avec le médecin référent.",
                    "Prélever la sérologie VIH du patient source avec son accord.",
                    "Traitement post-exposition à débuter idéalement dans les 4 heures.",
                ),
            ),  # fmt: skip
            (
                "PROCÉDURE - Hygiène des mains",
                (
                    "Friction hydro-alcoolique avant et après tout contact patient.",
                    "Pas de bijoux, ongles courts, avant-bras dégagés.",
                ),
            ),  # fmt: skip
            (
                "Prise en charge du choc anaphylactique",
                (
                    "Adrénaline IM 0,01 mg/kg (max 0,5 mg) dans la face antérolatérale de la cuisse.",
                    "Remplissage vasculaire, oxygène, appel du médecin.",
                ),
            ),  # fmt: skip
            (
                "Chimiothérapie - manipulation des cytotoxiques",
                ("Port de gants nitrile double épaisseur.", "Élimination en fût DASRI jaune."),
            ),  # fmt: skip
        )
    )
    authors = Grid(("Rédaction", "Vérification", "Approbation"), ((print_professional(desk.rng, desk.signer()), print_professional(desk.rng, desk.signer()), print_professional(desk.rng, desk.cast.staff("cadre de santé"))),))  # fmt: skip
    return _report(desk, INFECTIOLOGY, desk.pick("protocole", "PRO", "procedure"), [Text((title,), Style.TITLE), Text((f"Version {desk.rng.randint(1, 6)} - Référence QUAL-{desk.rng.randint(100, 999)}",), Style.SMALL), Text(steps), authors])  # fmt: skip


def menu(desk: Desk) -> Sheet:
    """The week's menu of the staff restaurant."""
    when = desk.day()
    days = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")
    dishes = ("Poulet rôti, haricots verts", "Filet de lieu, riz", "Galettes complètes", "Hachis parmentier", "Kig ha farz", "Lasagnes végétariennes", "Far breton")  # fmt: skip
    rows = tuple((day, desk.rng.choice(dishes), desk.pick("Yaourt", "Fruit de saison", "Crêpe")) for day in days)  # fmt: skip
    return Sheet(desk.stem("menu", None, when), (f"Self du personnel - semaine {when:%W}",), ("Jour", "Plat", "Dessert"), rows, (), when)  # fmt: skip


def blank_form(desk: Desk) -> Report:
    """A blank request form: identity fields left empty, tick boxes for HIV and hepatitis."""
    lines = (
        "Nom : ____________________   Prénom : ____________________",
        "Date de naissance : __/__/____   IPP : ____________",
        "Examens demandés :  [ ] NFS   [ ] Ionogramme   [ ] Sérologie VIH   [ ] VHB   [ ] VHC   [ ] bêta-HCG",  # fmt: skip
        "Prescripteur : ____________________   Signature :",
    )
    return _report(desk, LABORATORY, desk.pick("bon_demande", "formulaire", "fiche_vierge"), [Text(("BON DE DEMANDE D'EXAMENS BIOLOGIQUES",), Style.TITLE), Text(lines)])  # fmt: skip


def meeting_minutes(desk: Desk) -> Report:
    """Minutes of a medical committee: staff names, anonymised case vignettes."""
    present = ", ".join(print_professional(desk.rng, desk.signer()) for _ in range(5))
    vignette = desk.pick("Mme D., 67 ans, chute dans le service de gériatrie la nuit du 3 au 4.", "M. L., 45 ans, erreur d'identitovigilance corrigée avant administration.", "Patient de 82 ans, escarre sacrée stade 3 acquise dans l'établissement.")  # fmt: skip
    blocks = [
        Text(
            (f"COMPTE RENDU DE LA COMMISSION MÉDICALE D'ÉTABLISSEMENT - {HOSPITAL}",), Style.TITLE
        ),
        Text((f"Présents : {present}",)),
        Text(("1. Revue des événements indésirables",), Style.HEADING),
        Text((vignette, "Analyse selon la méthode ALARM. Actions correctives validées.")),
        Text(("2. Questions diverses",), Style.HEADING),
        Text((f"Prochaine séance le {desk.date(desk.day())}.",)),
    ]
    return _report(desk, INFECTIOLOGY, desk.pick("CR_CME", "CME", "reunion"), blocks)


def service_note(desk: Desk) -> Report:
    """A note from the management to all staff."""
    director = desk.cast.staff("agent administratif", "cadre de santé")
    body = desk.pick("Les travaux du bâtiment B débuteront le 4 mars ; l'accès au parking P2 sera fermé.", "Rappel : la certification HAS aura lieu du 12 au 15 juin.", "Le nouveau logiciel de dossier patient sera déployé en pédiatrie le mois prochain.")  # fmt: skip
    blocks = [Text((f"NOTE DE SERVICE - {HOSPITAL_SHORT}",), Style.TITLE), Text((body,)), Text((f"La Direction - {director.first_given} {director.family_name.upper()}",), Style.SIGNATURE)]  # fmt: skip
    return _report(desk, LABORATORY, desk.pick("note_service", "NS", "info"), blocks)
