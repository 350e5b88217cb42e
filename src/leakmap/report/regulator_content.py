"""What the regulator notification says, section by section, in the authority's order.

The sections follow the French authority's notification form and cover GDPR Art. 33(3):
(a) the nature of the breach, categories and approximate numbers of people and records;
(b) the DPO's contact; (c) the likely consequences; (d) the measures taken or proposed.
The HTML and the PDF are both drawn from these ``Section`` records, so they say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from leakmap.assess.enisa import Loss
from leakmap.report.case_info import CaseInfo
from leakmap.report.charts import Chart
from leakmap.report.plain_words import (
    SEVERITY_WORDS,
    SHORT_CATEGORY_WORDS,
    long_date,
    moment_words,
    plural,
)
from leakmap.report.regulator_facts import RegulatorFacts
from leakmap.report.wave_changes import WaveNews, WaveSummary
from leakmap.vocabulary import HEALTH_CATEGORIES, Category

_HOURS_ALLOWED = 72
_LOSS_WORDS = {Loss.NONE: "non", Loss.RECOVERABLE: "oui, données récupérables",
               Loss.PERMANENT: "oui, données perdues"}  # fmt: skip


class NotificationKind(StrEnum):
    """Initial notification (within 72 hours), or the complementary one that completes it."""

    INITIAL = "initial"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True, slots=True)
class Section:
    """One section: label/value rows, then paragraphs, bullets and charts."""

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True, slots=True)
class Letters:
    """How the people were informed (Art. 34): letters written and held for review."""

    written: int
    held: int


def report_title(kind: NotificationKind) -> str:
    """The report's title, naming the notification's kind."""
    word = "initiale" if kind is NotificationKind.INITIAL else "complémentaire"
    return f"Notification d'une violation de données personnelles — notification {word}"


def build_sections(
    facts: RegulatorFacts,
    info: CaseInfo,
    *,
    kind: NotificationKind,
    charts: tuple[Chart, ...],
    letters: Letters,
    today: date,
    news: WaveNews | None = None,
) -> tuple[Section, ...]:
    """Every section of the notification, in the form's order.

    ``news``: the later waves of the leak this complementary notification reports
    (``notify --since-wave``), listed in its first section.
    """
    by_name = {chart.path.stem: chart for chart in charts}
    sections = [
        _complement(info, news) if kind is NotificationKind.COMPLEMENTARY else None,
        *(_wave(summary) for summary in (news.waves if news else ())),
        _organisation(info),
        _nature(info, today),
        _people(facts, info, by_name),
        _severity(facts, by_name),
        _records(facts, by_name),
        _consequences(facts),
        _measures(info, letters, facts),
        _authorities(info),
    ]
    return tuple(s for s in sections if s is not None)


def _complement(info: CaseInfo, news: WaveNews | None = None) -> Section:
    paragraphs = (
        "La présente notification complète la notification initiale : nombres de personnes "
        "et de documents établis par l'analyse des fichiers publiés, catégories de données, "
        "information des personnes.",
        *(_news_paragraph(news) if news else ()),
    )
    return Section(
        "Notification complémentaire",
        rows=(
            (
                "Notification initiale du",
                long_date(info.initial_notified_on, "fr") or "à compléter",
            ),
            ("Numéro de la notification initiale", info.notification_reference or "à compléter"),
        ),
        paragraphs=paragraphs,
    )


def _news_paragraph(news: WaveNews) -> tuple[str, ...]:
    """What the later publications change, since the wave the complement starts from."""
    new = sum(c.before is None for c in news.changes)
    worse = len(news.changes) - new
    return (
        f"De nouveaux fichiers ont été publiés depuis (vague {_wave_label(news.since, news.since_name)} "
        f"et suivantes) : {plural(new, 'personne')} nouvellement "
        f"concernée{'s' if new > 1 else ''}, {plural(worse, 'personne')} dont la situation "
        f"s'aggrave (nouvelles catégories de données ou gravité accrue). Ces personnes "
        "reçoivent un courrier complémentaire ; les fichiers republiés à l'identique "
        "n'exposent personne de plus.",
    )


def _wave(summary: WaveSummary) -> Section:
    """One later wave of the leak: its date, documents, people and categories it adds."""
    counts = summary.counts
    return Section(
        f"Vague de publication {_wave_label(summary.number, summary.name)}",
        rows=(
            (
                "Publication des fichiers de la vague",
                long_date(summary.published, "fr") or "à compléter",
            ),
            ("Date de l'analyse de la vague", long_date(summary.started, "fr")),
            (
                "Fichiers ajoutés (pièces jointes et archives comprises)",
                str(summary.documents_added),
            ),
            ("dont contenus nouveaux", str(summary.new_contents)),
            ("dont fichiers republiés à l'identique", str(summary.republished)),
            ("Personnes nouvellement concernées", str(counts.newly_exposed)),
            (
                "Personnes dont la situation s'aggrave (nouvelles catégories, gravité accrue)",
                str(counts.worsened),
            ),
            ("Catégories nouvellement exposées", _category_list(counts.new_categories)),
            (
                "dont catégories publiées pour la première fois",
                _category_list(counts.first_categories),
            ),
        ),
    )


def _wave_label(number: int, name: str) -> str:
    return str(number) if name == str(number) else f"{number} « {name} »"


def _organisation(info: CaseInfo) -> Section:
    return Section(
        "1. Organisme et délégué à la protection des données (art. 33.3.b)",
        rows=(
            ("Responsable du traitement", info.hospital_name),
            ("Adresse", ", ".join(info.hospital_address)),
            ("Délégué à la protection des données", info.dpo_name),
            ("Courriel / téléphone", f"{info.dpo_email} / {info.dpo_phone}"),
            ("Référence interne", info.case_reference),
        ),
    )


def _nature(info: CaseInfo, today: date) -> Section:
    facts = info.circumstances
    hours = (today - info.discovered_on).days * 24
    rows = [
        ("Perte de confidentialité", _confidentiality(info)),
        ("Perte d'intégrité", _LOSS_WORDS[facts.integrity_lost]),
        ("Perte de disponibilité", _LOSS_WORDS[facts.availability_lost]),
        ("Origine", "acte malveillant externe" if facts.malicious else "non malveillante"),
        ("Début de la violation", _moment(info.started_on, info.started_time) or "inconnu"),
        ("Fin de la violation", _end(info)),
        ("Violation toujours en cours", "oui" if info.is_ongoing else "non"),
        ("Découverte", _moment(info.discovered_on, info.discovered_time)),
        ("Circonstances de la découverte", info.how_discovered or "à compléter"),
        ("Publication des données", long_date(info.published_on, "fr") or "non constatée"),
        ("Date du présent rapport", long_date(today, "fr")),
    ]
    if hours > _HOURS_ALLOWED and not info.initial_notified_on:
        rows.append(("Motif du délai de plus de 72 h", info.late_reason or "à compléter"))
    text = info.text("fr")
    return Section(
        "2. Nature de la violation (art. 33.3.a)",
        rows=tuple(rows),
        paragraphs=(text.what_happened, f"Lieu de publication : {text.where_published}."),
    )


def _moment(day: date | None, moment: time | None) -> str:
    """``2 janvier 2025 à 03:40``: the form asks for the time where it is known."""
    return moment_words(day, moment, "fr")


def _end(info: CaseInfo) -> str:
    if info.is_ongoing:
        return "violation en cours"
    return _moment(info.ended_on, info.ended_time) or "à compléter"


def _cross_border(info: CaseInfo) -> tuple[tuple[str, str], ...]:
    """The form's cross-border questions: people in other EU/EEA states, which states."""
    if not info.cross_border:
        return (("Personnes concernées dans d'autres États de l'UE/EEE", "non"),)
    count = info.cross_border_people
    return (
        (
            "Personnes concernées dans d'autres États de l'UE/EEE",
            "oui" + (f", {count}" if count is not None else ", nombre à compléter"),
        ),
        ("États concernés", ", ".join(info.cross_border_countries) or "à compléter"),
    )


def _confidentiality(info: CaseInfo) -> str:
    if info.circumstances.confidentiality_lost_to_unknown:
        return "oui, données publiées (destinataires inconnus)"
    if info.circumstances.confidentiality_lost_to_known:
        return "oui, destinataires connus"
    return "non"


def _people(facts: RegulatorFacts, info: CaseInfo, charts: dict[str, Chart]) -> Section:
    total = facts.people_registered + facts.people_unregistered
    return Section(
        "3. Personnes concernées : catégories et nombre approximatif (art. 33.3.a)",
        rows=(
            ("Patients identifiés dans le registre, à informer", str(facts.people_notify)),
            (
                "Patients du registre, rattachement en cours de vérification",
                str(facts.people_review),
            ),
            (
                "Personnes hors registre (proches, personnel, patients d'autres sites)",
                str(facts.people_unregistered),
            ),  # fmt: skip
            ("dont membres du personnel identifiés", str(facts.staff)),
            ("Nombre approximatif total de personnes", str(total)),
            ("Mineurs (patients du registre)", str(facts.minors)),
            ("Personnes décédées (patients du registre)", str(facts.deceased)),
            (
                "Patients dont des données de santé sont publiées (art. 9 RGPD)",
                str(facts.health_people),
            ),  # fmt: skip
            *_cross_border(info),
        ),
        paragraphs=(
            "Catégories de données publiées : " + _category_list(facts.categories_present) + ".",
        ),
        charts=_charts(charts, "people_by_category"),
    )


def _severity(facts: RegulatorFacts, charts: dict[str, Chart]) -> Section:
    rows = tuple((SEVERITY_WORDS["fr"][s].capitalize(), str(n)) for s, n in facts.by_severity)
    return Section(
        "4. Gravité pour les personnes (méthode ENISA 2013)",
        rows=rows,
        paragraphs=(
            "La gravité est évaluée pour chaque patient par la méthode de l'ENISA (2013) : "
            "SE = DPC × EI + CB, où DPC mesure la sensibilité des données dans leur contexte "
            "(1 à 4), EI la facilité d'identification (0,25 à 1) et CB les circonstances "
            "(publication, malveillance). Faible < 2 ≤ moyenne < 3 ≤ élevée < 4 ≤ très élevée. "
            "Le détail de chaque score (DPC, EI, CB et leurs motifs) est conservé par patient "
            "dans regulator/severity.csv.",
        ),
        charts=_charts(charts, "people_by_severity"),
    )


def _records(facts: RegulatorFacts, charts: dict[str, Chart]) -> Section:
    return Section(
        "5. Enregistrements concernés : nombre approximatif (art. 33.3.a)",
        rows=(
            ("Fichiers publiés analysés", str(facts.documents_total)),
            ("dont fichiers contenant des données personnelles", str(facts.documents_with_people)),
            ("Pages analysées", str(facts.pages_total)),
            ("Couples patient–document", str(facts.person_documents)),
        ),
        charts=_charts(charts, "documents_by_kind_status", "people_by_folder"),
    )


def _consequences(facts: RegulatorFacts) -> Section:
    present = facts.categories_present
    bullets = ["hameçonnage ciblé (appels, SMS, courriels) s'appuyant sur les données publiées"]
    if present & {Category.BIRTH_DATE, Category.NATIONAL_ID}:
        bullets.append(
            "usurpation d'identité, fraude aux prestations sociales et d'assurance maladie"
        )
    if Category.BANK in present:
        bullets.append("fraude bancaire (prélèvements frauduleux)")
    if present & HEALTH_CATEGORIES:
        bullets += [
            "chantage ou pression fondés sur les informations de santé",
            "atteinte à la vie privée, discrimination et souffrance morale",
        ]
    bullets.append("republication durable des fichiers sur d'autres sites")
    return Section("6. Conséquences probables (art. 33.3.c)", bullets=tuple(bullets))


def _measures(info: CaseInfo, letters: Letters, facts: RegulatorFacts) -> Section:
    written = plural(letters.written, "lettre", "lettres")
    held = plural(letters.held, "courrier")
    review = plural(facts.people_review, "rattachement")
    informed = (
        f"{written} d'information individuelle{'s' if letters.written > 1 else ''} "
        f"(PDF et courriel), avec un dossier d'aide au dépôt de plainte ; {held} en attente "
        "d'examen (mineurs dont les soins sont confidentiels vis-à-vis des parents) ; "
        f"{review} en cours de vérification."
    )
    return Section(
        "7. Mesures prises ou envisagées (art. 33.3.d)",
        rows=(
            ("Information des personnes (art. 34)", informed),
            ("Date des courriers aux personnes", long_date(info.letter_date, "fr")),
            ("Cellule d'écoute", f"{info.hotline_phone}, {info.text('fr').hotline_hours}"),
        ),
        paragraphs=("Mesures prises et envisagées :",),
        bullets=info.text("fr").measures,
    )


def _authorities(info: CaseInfo) -> Section:
    eu = ", ".join(info.other_eu_authorities) or "aucune"
    return Section(
        "8. Autres autorités et plainte",
        rows=(
            ("Plainte", info.police_complaint or "à compléter"),
            ("Autres autorités de protection des données (UE/EEE) informées", eu),
        ),
        paragraphs=("Autres autorités informées :",) if info.other_authorities else (),
        bullets=info.other_authorities,
    )


def _charts(charts: dict[str, Chart], *names: str) -> tuple[Chart, ...]:
    return tuple(charts[name] for name in names if name in charts)


def _category_list(categories: frozenset[Category]) -> str:
    order = list(Category)
    words = [SHORT_CATEGORY_WORDS[c] for c in sorted(categories, key=order.index)]
    return ", ".join(words) or "aucune"
