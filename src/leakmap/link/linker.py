"""Attribute each person mention to registry patients, with a calibrated probability.

For a mention and each blocked candidate, the Bayes factor is the product of m/u over the
compared fields. With N registry patients and a prior ρ that the person is registered,
the probability that candidate i is the person is

    p_i = (ρ/N)·BF_i / (Σ_j (ρ/N)·BF_j + (1 − ρ))

so homonyms share the probability between them, and a name that many people carry
yields little. Above ``notify_threshold`` the best candidate is notified; when the
candidates together pass ``review_threshold`` they go to review, every plausible one
listed; below that the mention is nobody in the registry.

Linking runs twice: the first pass, with the uniform prior, finds who the leak names with
certainty; the second replaces ρ/N by the leak's recurrence prior (``leak_prior``), so a
bare name goes to the homonym the leak already names elsewhere, and the review queue
keeps the homonyms the evidence truly cannot separate. Last, a bare name repeated in a
document whose header names that person with certainty inherits that attribution
(``coreference``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import jellyfish

from leakmap.detect.findings import Role
from leakmap.detect.names import PARTICLES, family_keys
from leakmap.detect.text import name_key, person_key
from leakmap.group.mention import PersonMention
from leakmap.link import model
from leakmap.link.attribution import Attribution, Candidate
from leakmap.link.comparisons import (
    PatientKeys,
    address_key,
    compare_birth_date,
    compare_exact,
    compare_family_names,
    compare_given_words,
    compare_mention_age,
    compare_sex,
    phone_digits,
)
from leakmap.link.coreference import resolve_coreference
from leakmap.link.leak_prior import UNIFORM, LeakPrior, estimate_leak_prior
from leakmap.link.m_estimate import estimate_m
from leakmap.link.placeholders import is_placeholder_only
from leakmap.link.registered_prior import estimate_bare_priors, is_bare
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex, ipp_key
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, Decision

_MIN_CANDIDATE = 0.1  # a candidate is listed for review from this probability
_TIED_BITS = 1.0  # homonyms the evidence cannot separate: within 2× the best's Bayes factor
#: A staff member's own identifiers: one of them agreeing links an employee to a patient.
_OWN_IDENTIFIERS = frozenset({"birth_date:exact", "nir:exact", "ipp:exact"})
_NAME_CACHE = 65536  # normalised mention names kept while linking
_PAIR_CACHE = 1 << 18  # pairs of names' levels kept (seed 3: 274,000 distinct given pairs)
#: Each compared field's levels (m and u) in the model.
FIELD_LEVELS = {
    "family_name": model.FAMILY, "given_names": model.GIVEN, "birth_date": model.BIRTH_DATE,
    "age": model.AGE, "ipp": model.IPP, "nir": model.NIR, "postcode": model.CONTACT,
    "phone": model.CONTACT, "email": model.CONTACT, "address": model.ADDRESS, "sex": model.SEX,
}  # fmt: skip
_SPLINK_TRAIN_MIN = 1000  # registry size from which Splink's EM training is worth it
_BIG_BLOCK = 200  # above this, a family-name block is narrowed by given name or birth date


def link_mentions(
    mentions: Iterable[PersonMention],
    registry: RegistryIndex,
    settings: ScanSettings,
    *,
    today: date,
    clinician_names: frozenset[tuple[str, str]] = frozenset(),
) -> list[Attribution]:
    """One attribution per mention (those judged to be a clinician are left out).

    The story: score every candidate with the default model; estimate the identifier
    fields' m from IPP-anchored pairs and rescale; estimate the leak's recurrence prior
    and the bare-name prior from that pass; decide again with them; resolve repetitions
    within a document.
    """
    kept = [m for m in mentions if not _is_clinician(m, clinician_names)]
    pairs: _PairCache = {}  # a person named in many files: each pair compared once
    scored = [score_candidates(m, registry, today=today, pairs=pairs) for m in kept]

    def given_of(ids: set[str]) -> dict[str, str]:
        return {i: registry.keys[registry.by_ipp[ipp_key(i)]].first_given for i in ids}

    return _attribute_all(kept, scored, registry.size, settings, fit_m=True, given_of=given_of)


def _attribute_all(
    kept: Sequence[PersonMention],
    scored: list[list[tuple[float, Candidate]]],
    size: int,
    settings: ScanSettings,
    *,
    fit_m: bool,
    given_of: Callable[[set[str]], Mapping[str, str]],
) -> list[Attribution]:
    """Decide every mention with what the leak tells: m of identifier fields from
    IPP-anchored pairs (``fit_m``; Splink trains its own m by EM), the recurrence prior,
    the bare-name prior, then repetitions within a document."""
    suspects = {c.patient_id for s in scored for _, c in s if _looks_like_a_twin(c)}
    given = given_of(suspects) if suspects else {}
    twins = [_twin_looks(m, s, given) for m, s in zip(kept, scored, strict=True)]
    first = [
        decide(m, s, registry_size=size, settings=settings, twins=t)
        for m, s, t in zip(kept, scored, twins, strict=True)
    ]
    if fit_m:
        fitted = estimate_m(first, FIELD_LEVELS)
        scored = [[(fitted.rescale(bf, c.agreements), c) for bf, c in s] for s in scored]
        first = [
            decide(m, s, registry_size=size, settings=settings, twins=t)
            for m, s, t in zip(kept, scored, twins, strict=True)
        ]
    prior = estimate_leak_prior(first, size)
    bare_priors = estimate_bare_priors(
        [
            (_prior(m), sum(bf * prior.boost(c.patient_id, m.document) for bf, c in s) / size)
            for m, s in zip(kept, scored, strict=True)
            if is_bare(m)
        ]
    )
    return resolve_coreference(
        [
            decide(
                m,
                s,
                registry_size=size,
                settings=settings,
                leak_prior=prior,
                registered_prior=bare_priors.get(_prior(m)) if is_bare(m) else None,
                twins=t,
            )
            for m, s, t in zip(kept, scored, twins, strict=True)
        ]
    )


def link_mention(
    mention: PersonMention, registry: RegistryIndex, settings: ScanSettings, *, today: date
) -> Attribution:
    """The attribution of one mention, alone (uniform prior: no leak context)."""
    scored = score_candidates(mention, registry, today=today)
    return decide(mention, scored, registry_size=registry.size, settings=settings)


#: Scored pairs by (what the comparisons read of the mention, registry row).
_PairCache = dict[tuple[tuple[object, ...], int], tuple[float, Candidate]]


def score_candidates(
    mention: PersonMention,
    registry: RegistryIndex,
    *,
    today: date,
    pairs: _PairCache | None = None,
) -> list[tuple[float, Candidate]]:
    """Every blocked candidate with its Bayes factor (names as written or swapped).

    ``pairs`` keeps each pair's score for the next mention that prints the same values
    (the same person in another file): the score depends on nothing else.
    """
    swapped = _swapped(mention)
    block = _block(mention, registry) | (_block(swapped, registry) if swapped else set())
    pairs = {} if pairs is None else pairs
    written = _MentionSide.of(mention)
    turned = _MentionSide.of(swapped) if swapped else None
    scored = []
    for i in block:
        found = pairs.get((written.compared, i))
        if found is None:
            found = pairs[(written.compared, i)] = _best_order(written, turned, i, registry, today)
        scored.append(found)
    return scored


def link_mentions_with_splink(
    mentions: Sequence[PersonMention],
    patients: Sequence[Patient],
    settings: ScanSettings,
    *,
    today: date,
    clinician_names: frozenset[tuple[str, str]] = frozenset(),
) -> list[Attribution]:
    """The same attributions, the Bayes factors computed by Splink on DuckDB (trained by EM
    on the case's own mentions when the registry is large enough), then decided with the
    same estimates from the leak as the Python linker's (recurrence and bare-name priors,
    repetitions within a document)."""
    from leakmap.link.splink_scoring import score_pairs

    kept = [m for m in mentions if not _is_clinician(m, clinician_names)]
    scored = score_pairs(
        kept, patients, train=len(patients) >= _SPLINK_TRAIN_MIN, reference_date=today
    )
    candidates = [
        [
            (c.bayes_factor, Candidate(c.patient_id, 0.0, c.match_weight, c.agreements))
            for c in scored.get(mention.key, [])
        ]
        for mention in kept
    ]

    def given_of(ids: set[str]) -> dict[str, str]:
        return {
            p.patient_id: name_key(p.given_names.split(" ")[0])
            for p in patients
            if p.patient_id in ids
        }

    return _attribute_all(
        kept, candidates, max(1, len(patients)), settings, fit_m=False, given_of=given_of
    )


#: What the mention's own record says against a candidate: an age, a sex, a birth date
#: (not a slip of it: one digit, a swap). A wrong letter is the worst outcome, so such a
#: candidate is never notified from this mention, whatever else agrees (an IPP typed
#: into the wrong record, a namesake's row): a person confirms it in review. A given
#: name that disagrees is weighed by the twin rule (``_twin_looks``), since a short
#: name's slip ("Lia" for Léa) reads as a disagreement too.
CONTRADICTIONS = frozenset({"age:disagree", "sex:disagree", "birth_date:disagree"})


def contradicted(candidate: Candidate) -> bool:
    """Whether the mention's own evidence contradicts ``candidate`` (``CONTRADICTIONS``).

    An age counts only where no birth date was read beside the name: a birth date that
    agrees outweighs an age, which in running text is often someone else's ("sa mère,
    décédée à 38 ans").
    """
    found = set(CONTRADICTIONS.intersection(candidate.agreements))
    if "age:disagree" in found and any(a.startswith("birth_date:") for a in candidate.agreements):
        found.discard("age:disagree")
    return bool(found)


def decide(
    mention: PersonMention,
    scored: list[tuple[float, Candidate]],
    *,
    registry_size: int,
    settings: ScanSettings,
    leak_prior: LeakPrior = UNIFORM,
    registered_prior: float | None = None,
    twins: frozenset[str] = frozenset(),
) -> Attribution:
    """Normalise candidates' Bayes factors into probabilities; notify, review or nobody.

    ``registered_prior`` replaces the role's default ρ (see ``registered_prior`` module);
    ``twins`` are the candidates the mention could be the twin of (``_twin_looks``).
    """
    prior = _prior(mention) if registered_prior is None else registered_prior
    weight = prior / registry_size
    # ``leak_prior.boost`` inlined: three passes over every candidate of every mention.
    documents, document = leak_prior.documents, mention.document
    found, other = leak_prior.boost_found, leak_prior.boost_other
    weighted = sorted(
        (
            (
                weight
                * bf
                * (
                    found
                    if (seen := documents.get(c.patient_id))
                    and (len(seen) > 1 or document not in seen)
                    else other
                ),
                c,
            )
            for bf, c in scored
        ),
        key=lambda c: -c[0],
    )
    total = sum(w for w, _ in weighted) + (1 - prior)
    probabilities = [w / total for w, _ in weighted]
    if weighted and weighted[0][1].patient_id in twins:  # see ``_TWIN_CAP``
        probabilities[0] = min(probabilities[0], _TWIN_CAP)
    # Candidates are made only for the ones an attribution keeps (most are dropped).
    ranked = [c for _, c in weighted]

    def listed_where(keep: Callable[[int], bool]) -> tuple[Candidate, ...]:
        return tuple(
            Candidate(c.patient_id, probabilities[k], c.match_weight, c.agreements)
            for k, c in enumerate(ranked)
            if keep(k)
        )

    first = tuple(
        Candidate(c.patient_id, p, c.match_weight, c.agreements)
        for p, c in zip(probabilities[:3], ranked[:3], strict=True)
    )
    best = first[0] if first else None
    mass = sum(probabilities)
    if best is not None and (_not_a_patient_here(mention, best) or is_placeholder_only(mention)):
        return Attribution(mention, None, best.probability, None, first)
    if (
        best is not None
        and best.probability >= settings.notify_threshold
        and not contradicted(best)
    ):
        return Attribution(mention, best.patient_id, best.probability, Decision.NOTIFY, first)
    if best is not None and mass >= settings.review_threshold:
        listed = likely = listed_where(lambda k: probabilities[k] >= _MIN_CANDIDATE)
        if mention.given_names:  # a family name alone ("Nom : Bernard") has namesakes only
            # Homonyms the evidence cannot separate: as strong as the strongest, whatever
            # the leak's recurrence prior made of them; every one is listed.
            top = max(c.match_weight for c in ranked)
            tied = listed_where(
                lambda k: (
                    probabilities[k] >= _MIN_CANDIDATE or ranked[k].match_weight >= top - _TIED_BITS
                )
            )
            listed = tied if len(tied) <= settings.max_listed_homonyms else likely
        if listed:
            return Attribution(mention, best.patient_id, best.probability, Decision.REVIEW, listed)
    return Attribution(mention, None, best.probability if best else 0.0, None, first)


#: Twins share a family name and a birth date and differ by given name. A mention that
#: agrees with a patient on both but carries another given name (not a slip of it), with
#: no identifier to settle it, is that patient under another given name (a usual name)
#: or the patient's twin: never certain enough to write to the patient, at most even odds.
#: A given name one or two letters off is a slip of the same person's, not a twin's.
_TWIN_CAP = 0.5
_TWIN_LOOK = frozenset({"birth_date:exact", "birth_date:close", "birth_date:swapped"})
_IDENTIFIERS_AGREEING = frozenset({"ipp:exact", "nir:exact", "phone:exact", "email:exact"})
_SLIP_EDITS = 2


def _twin_looks(
    mention: PersonMention, scored: list[tuple[float, Candidate]], given_of: Mapping[str, str]
) -> frozenset[str]:
    """The candidates whose twin the mention could be (see ``_TWIN_CAP``)."""
    first = name_key(mention.given_names).split(" ")[0]
    return frozenset(
        c.patient_id
        for _, c in scored
        if _looks_like_a_twin(c)
        and jellyfish.damerau_levenshtein_distance(first, given_of.get(c.patient_id, ""))
        > _SLIP_EDITS
    )


def _looks_like_a_twin(candidate: Candidate) -> bool:
    """Family name and birth date agree, the given name does not, no identifier settles it."""
    agreements = candidate.agreements  # asked of every candidate: no set made of them
    return (
        "given_names:disagree" in agreements
        and not _TWIN_LOOK.isdisjoint(agreements)
        and _IDENTIFIERS_AGREEING.isdisjoint(agreements)
    )


def _not_a_patient_here(mention: PersonMention, best: Candidate) -> bool:
    """Nobody the registry could be asked about, whatever their namesakes.

    - A relative or contact named in someone else's record ("Personne à prévenir :
      Isabelle LEFÈVRE (voisine)") with nothing of their own but a name and a contact:
      the file exposes that name and contact, not the patient's care it sits in.
    - An employee in a staff table (a payroll, an absence sheet) whose own birth date,
      NIR or IPP agrees with no registry patient: staff are patients too, and are linked
      when their own identifiers say so.
    - A family name alone ("Nom : BERNARD", "Marie" read as a family name): it names a
      family, not a person.

    They are reported as unregistered people (relatives, staff) instead.
    """
    if mention.role is Role.THIRD_PARTY:
        return not (mention.birth_date or mention.ipp or mention.nir)
    if mention.role is Role.STAFF:
        return not _OWN_IDENTIFIERS.intersection(best.agreements)
    return not mention.given_names and is_bare(mention)


def _prior(mention: PersonMention) -> float:
    if mention.role is Role.THIRD_PARTY:
        return model.PRIOR_REGISTERED_THIRD_PARTY
    if mention.role is Role.STAFF:
        return model.PRIOR_REGISTERED_NO_HEALTH
    if Category.HEALTH not in mention.categories:
        return model.PRIOR_REGISTERED_NO_HEALTH
    return model.PRIOR_REGISTERED


def clinician_names_of(names: Iterable[tuple[str, str, Role]]) -> frozenset[tuple[str, str]]:
    """(family key, first given key) of every name seen with a clinician's title."""
    return frozenset(
        person_key(family, given)
        for family, given, role in names
        if role is Role.CLINICIAN and given
    )


def _is_clinician(mention: PersonMention, clinicians: frozenset[tuple[str, str]]) -> bool:
    """A name signed as a clinician elsewhere, here with nothing that marks a patient.

    A birth date, an IPP or a NIR marks a patient; so does a married name printed with
    the birth name ("MARTIN épouse BLONDEL": a civil identity, not a signature), and a
    table row whose subject has a contact (phone, e-mail, address: a satisfaction survey,
    a billing export) or health beside it (a consultation planning): a signature block may
    print a clinician's professional phone or e-mail, a patient list does not.
    """
    if mention.birth_date or mention.ipp or mention.nir or mention.birth_name:
        return False
    if mention.location.row >= 0 and (
        mention.phone or mention.email or mention.address or Category.HEALTH in mention.categories
    ):
        return False
    return person_key(mention.family_name, mention.given_names) in clinicians


@lru_cache(maxsize=_NAME_CACHE)
def _keys_of(name: str) -> frozenset[str]:
    """A family name's keys (cached: a mention meets dozens of candidates)."""
    return frozenset(family_keys(name)) if name else frozenset()


@lru_cache(maxsize=_NAME_CACHE)
def _given_words(given_names: str) -> tuple[str, ...]:
    return tuple(name_key(given_names).split())


def _family_u(side: _MentionSide, patient: frozenset[str], registry: RegistryIndex) -> float:
    """Chance agreement on the family names: the product of the TFs of each printed name
    the patient carries (a married and a birth name together are rarer than either).

    Kept on the mention's side by the names the patient shares with each printed name
    (all the u reads of the patient): most patients of a block share the same ones."""
    found = side.family_u_by_patient.get(patient)
    if found is None:
        shared = (side.family & patient, side.birth & patient)
        found = side.family_u.get(shared)
        if found is None:
            found = side.family_u[shared] = _family_u_of(side.mention, patient, registry)
        side.family_u_by_patient[patient] = found
    return found


def _family_u_of(mention: PersonMention, patient: frozenset[str], registry: RegistryIndex) -> float:
    tfs = [
        max(registry.family_tf.get(f, 0.0) for f in shared)
        for name in {mention.family_name, mention.birth_name} - {""}
        if (shared := _keys_of(name) & patient)
    ]
    return max(math.prod(tfs), 1 / registry.size) if tfs else 1 / registry.size


def _given_u(side: _MentionSide, keys: PatientKeys, registry: RegistryIndex) -> float:
    """Chance agreement on the given names: the product of the TFs of each given name the
    mention prints and the patient carries ("Françoise Valentine Martine" is far rarer
    than "Françoise"), the registry's first-name frequencies standing for every rank.

    Kept per patient given names on the mention's side (it depends on nothing else)."""
    names = (keys.given, keys.first_given)
    found = side.given_u.get(names)
    if found is None:
        found = side.given_u[names] = _given_u_of(side.mention, keys, registry)
    return found


def _given_u_of(mention: PersonMention, keys: PatientKeys, registry: RegistryIndex) -> float:
    printed = set(_given_words(mention.given_names)) & set(keys.given)
    tfs = [registry.given_tf.get(g, 0.0) for g in printed] or [
        registry.given_tf.get(keys.first_given, 0.0)
    ]
    return max(math.prod(tfs), 1 / registry.size)


def _mention_families(mention: PersonMention) -> frozenset[str]:
    keys: set[str] = set()
    for name in (mention.family_name, mention.birth_name):
        keys |= family_keys(name) if name else set()
    return frozenset(keys)


def _swapped(mention: PersonMention) -> PersonMention | None:
    """The mention with family and given names exchanged, when a list may have written
    them the other way round ("Picard DANIEL" for Daniel PICARD)."""
    if not mention.family_name or not mention.given_names or mention.birth_name:
        return None
    return replace(mention, family_name=mention.given_names, given_names=mention.family_name)


def _best_order(
    mention: _MentionSide,
    swapped: _MentionSide | None,
    i: int,
    registry: RegistryIndex,
    today: date,
) -> tuple[float, Candidate]:
    """The candidate's Bayes factor for the names as written, or swapped (penalised)."""
    as_written = _candidate(mention, i, registry, today)
    if swapped is None or _swap_cannot_win(swapped, registry.keys[i]):
        return as_written
    bf, candidate = _candidate(swapped, i, registry, today)
    bf *= model.SWAPPED_NAMES
    if bf <= as_written[0]:
        return as_written
    agreements = ("names:swapped", *candidate.agreements)
    return bf, replace(candidate, match_weight=math.log2(bf), agreements=agreements)


def _swap_cannot_win(swapped: _MentionSide, keys: PatientKeys) -> bool:
    """Whether the swapped names lose to the names as written whatever else the pair
    shows: both swapped names disagree with the patient's (most pairs: a given name is
    seldom a family name).

    The two orders differ only in the family and given factors (every other field reads
    the same values). Swapped, both disagreeing, these weigh (0.02/0.997)·(0.02/0.98) and
    then ``SWAPPED_NAMES``; as written, no level weighs less than ``disagree`` (an exact
    name's u is at most 1, and the namesake rule leaves both exact names at least
    0.92·0.86), so the order as written wins by a factor of 10 or more, far beyond any
    rounding of the products, and the swapped pair need not be scored."""
    return (
        _given_level(swapped.given, keys.given, keys.first_given)
        == "disagree"
        == _family_level(swapped.family, swapped.birth, keys.family)
    )


@dataclass(frozen=True, slots=True)
class _MentionSide:
    """A mention's values as the comparisons read them, normalised once per mention
    rather than once per candidate; ``compared`` is all a pair's score depends on."""

    mention: PersonMention
    compared: tuple[object, ...]
    family: frozenset[str]
    birth: frozenset[str]
    given: tuple[str, ...]
    ipp: str
    phone: str
    address: str
    #: The chance agreements on names already computed, by the patient's names.
    family_u: dict[tuple[frozenset[str], frozenset[str]], float] = field(default_factory=dict)
    family_u_by_patient: dict[frozenset[str], float] = field(default_factory=dict)
    given_u: dict[tuple[tuple[str, ...], str], float] = field(default_factory=dict)

    @classmethod
    def of(cls, m: PersonMention) -> _MentionSide:
        # The document's date matters only to a printed age (``compare_mention_age``).
        written_on = m.written_on if m.age is not None else None
        compared = (m.family_name, m.birth_name, m.given_names, m.birth_date, m.age,
                    written_on, m.ipp, m.nir, m.postcode, m.phone, m.email, m.address, m.sex)  # fmt: skip
        return cls(
            m, compared, _keys_of(m.family_name), _keys_of(m.birth_name),
            _given_words(m.given_names), ipp_key(m.ipp) if m.ipp else "", phone_digits(m.phone),
            address_key(m.address),
        )  # fmt: skip


def _block(mention: PersonMention, registry: RegistryIndex) -> set[int]:
    found: set[int] = set()
    if ipp_key(mention.ipp) in registry.by_ipp:
        found.add(registry.by_ipp[ipp_key(mention.ipp)])
    found.update(registry.by_nir.get(mention.nir, ()))
    given = name_key(mention.given_names).split()
    for key in _mention_families(mention) | _family_parts(mention):
        block = registry.by_family.get(key, ())
        if len(block) > _BIG_BLOCK:
            kept = registry.narrowing(key).kept(given, mention.birth_date)
            block = tuple(i for i in block if i in found or i in kept)
        found.update(block)
        if key in registry.by_family:
            continue  # a registry name as written: a slip into another name is not chased
        for near in registry.families_near(key):  # one slip away: only with more evidence
            kept = registry.narrowing(near).kept(given, mention.birth_date)
            found.update(i for i in registry.by_family[near] if i in found or i in kept)
    if mention.birth_date and given:
        found.update(registry.by_birth_given.get((mention.birth_date, given[0]), ()))
    return found


def _family_parts(mention: PersonMention) -> set[str]:
    """The words of a compound family name, for blocking only ("BRIAND-PETIT" → both)."""
    words = name_key(mention.family_name).split()
    return {w for w in words if len(w) > 2 and w not in PARTICLES} if len(words) > 1 else set()


def _candidate(
    side: _MentionSide, i: int, registry: RegistryIndex, today: date
) -> tuple[float, Candidate]:
    """One pair's Bayes factor: the product of m/u over its fields' levels, in
    ``FIELD_LEVELS`` order (the order its floats multiply in); see ``_plan``."""
    keys = registry.keys[i]
    mention = side.mention
    levels = (
        _family_level(side.family, side.birth, keys.family),
        _given_level(side.given, keys.given, keys.first_given),
        compare_birth_date(mention.birth_date, keys.birth_date),
        # Without a printed age, missing: what ``compare_mention_age`` would answer.
        "missing" if mention.age is None else compare_mention_age(mention, keys.birth_date, today),
        compare_exact(side.ipp, ipp_key(keys.patient_id)) if side.ipp else "missing",
        # A value the mention lacks is missing whatever the patient's: not compared.
        compare_exact(mention.nir, keys.nir) if mention.nir else "missing",
        compare_exact(mention.postcode, keys.postcode) if mention.postcode else "missing",
        compare_exact(side.phone, keys.phone) if side.phone else "missing",
        compare_exact(mention.email, keys.email) if mention.email else "missing",
        compare_exact(side.address, keys.address) if side.address else "missing",
        compare_sex(mention.sex, keys.sex) if mention.sex else "missing",
    )
    steps, agreements = _plan(levels)
    bayes_factor = 1.0
    for name, m, fixed in steps:
        bayes_factor *= m / _exact_u(name, side, keys, registry) if fixed is None else fixed
    if levels[2] == "disagree" and levels[0] == "exact" == levels[1]:
        # A namesake born another day is most often a relative (a son named after his
        # father, a cousin, another site's patient of the same family): the full name is
        # then no rarer than one registry entry, whatever the name frequencies say.
        names_u = _exact_u("family_name", side, keys, registry) * _exact_u(
            "given_names", side, keys, registry
        )
        bayes_factor *= min(1.0, names_u * registry.size)
    return bayes_factor, Candidate(keys.patient_id, 0.0, math.log2(bayes_factor), agreements)


#: The compared fields, in the order of ``_candidate``'s levels.
_FIELDS = tuple(FIELD_LEVELS)


@lru_cache(maxsize=_NAME_CACHE)
def _plan(
    levels: tuple[str, ...],
) -> tuple[tuple[tuple[str, float, float | None], ...], tuple[str, ...]]:
    """What a pair's levels make of its Bayes factor, worked out once per distinct levels
    (a few hundred) rather than per pair: each compared field with its m and its m/u when
    u is the model's (``None`` where u is the pair's own: an exact level, or a u of 0),
    and the pair's agreements (``family_name:exact``, …; missing levels left out)."""
    steps = []
    for name, level in zip(_FIELDS, levels, strict=True):
        if level == "missing":
            continue
        entry = FIELD_LEVELS[name][level]
        fixed = None if level == "exact" or entry.u == 0.0 else entry.m / entry.u
        steps.append((name, entry.m, fixed))
    agreements = tuple(
        f"{name}:{level}" for name, level in zip(_FIELDS, levels, strict=True) if level != "missing"
    )
    return tuple(steps), agreements


@lru_cache(maxsize=_PAIR_CACHE)
def _family_level(family: frozenset[str], birth: frozenset[str], patient: frozenset[str]) -> str:
    """``compare_family_names``, kept per distinct names (a family block's patients share
    theirs: 1 million comparisons a scan for a few tens of thousands of distinct ones)."""
    return compare_family_names(family, birth, patient)


@lru_cache(maxsize=_PAIR_CACHE)
def _given_level(mention: tuple[str, ...], given: tuple[str, ...], first: str) -> str:
    """``compare_given``, kept per distinct pair of given names."""
    return compare_given_words(mention, given, first)


#: u of an exact agreement on fields whose u is the same for every pair.
_FIXED_EXACT_U = {
    "age": model.AGE["exact"].u, "postcode": 0.01, "sex": model.SEX["exact"].u,
}  # fmt: skip
#: u of an exact agreement on identifiers: this factor over the registry's size.
_IDENTIFIER_U_FACTOR = {
    "ipp": model.IPP_U_FACTOR, "nir": model.NIR_U_FACTOR, "phone": model.CONTACT_U_FACTOR,
    "email": model.CONTACT_U_FACTOR, "address": model.CONTACT_U_FACTOR,
}  # fmt: skip


def _exact_u(name: str, side: _MentionSide, keys: PatientKeys, registry: RegistryIndex) -> float:
    """Chance agreement of an exact match on field ``name``, computed only for the fields
    that agree (most candidates of a family-name block disagree on the rest)."""
    if name == "family_name":
        return _family_u(side, keys.family, registry)
    if name == "given_names":
        return _given_u(side, keys, registry)
    n = registry.size
    if name == "birth_date":
        return max(registry.birth_tf.get(keys.birth_date, 0.0), 1 / n) if keys.birth_date else 1.0
    if name in _FIXED_EXACT_U:
        return _FIXED_EXACT_U[name]
    return _IDENTIFIER_U_FACTOR[name] / n
