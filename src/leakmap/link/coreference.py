"""Within one document, the same name is the same person.

A letter names "SIMON Sandrine, IPP 27094790" in its header and "Mme Simon Sandrine" again
in its body; a lab sheet prints the patient's name and birth date on top and the bare name
on each page. The bare repetition, linked alone, is a homonym problem (two SIMON Sandrine
in the registry); read with its document, it is the patient the header names. So a mention
without decisive evidence takes the attribution of a confidently attributed mention of the
same document that prints the same family and first given name, provided that patient was
among its own candidates. Where two patients of one document share the name (the document
then prints what tells them apart), nothing is inherited; nor where the mention's own
birth date or identifier disagrees with that patient (a newborn named after her mother,
"QUÉRÉ Manon" born this morning, is not the mother).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.link.leak_prior import CONFIDENT
from leakmap.vocabulary import Decision

_NameInDocument = tuple[str, str, str]  # document, family key, first given key
_DISAGREEING = frozenset(
    {"birth_date:disagree", "age:disagree", "ipp:disagree", "nir:disagree", "phone:disagree",
     "email:disagree"}
)  # fmt: skip


def resolve_coreference(attributions: Sequence[Attribution]) -> list[Attribution]:
    """Attributions where an uncertain mention inherits its document's confident one."""
    anchors = _anchors(attributions)
    resolved = []
    for attribution in attributions:
        anchor = anchors.get(_name_in_document(attribution.mention) or ("", "", ""))
        if (
            anchor is None
            or attribution.decision is Decision.NOTIFY
            or not any(c.patient_id == anchor.patient_id for c in attribution.candidates)
        ):
            resolved.append(attribution)
            continue
        candidate = next(c for c in attribution.candidates if c.patient_id == anchor.patient_id)
        if _DISAGREEING.intersection(candidate.agreements):
            resolved.append(attribution)
            continue
        agreements = ("coreference:same_document", *candidate.agreements)
        resolved.append(
            replace(
                attribution,
                patient_id=anchor.patient_id,
                confidence=anchor.confidence,
                decision=Decision.NOTIFY,
                candidates=(
                    replace(candidate, probability=anchor.confidence, agreements=agreements),
                ),
            )
        )
    return resolved


def _anchors(attributions: Sequence[Attribution]) -> dict[_NameInDocument, Attribution]:
    """Confident attributions by (document, name); names two patients share are dropped."""
    found: dict[_NameInDocument, list[Attribution]] = defaultdict(list)
    for attribution in attributions:
        key = _name_in_document(attribution.mention)
        if (
            key is not None
            and attribution.decision is Decision.NOTIFY
            and attribution.confidence >= CONFIDENT
        ):
            found[key].append(attribution)
    return {
        key: group[0] for key, group in found.items() if len({a.patient_id for a in group}) == 1
    }


def _name_in_document(mention: PersonMention) -> _NameInDocument | None:
    family = name_key(mention.family_name)
    given = name_key(mention.given_names).split()
    if not family or not given:
        return None
    return mention.document, family, given[0]
