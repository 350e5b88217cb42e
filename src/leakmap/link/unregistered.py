"""People in the leak who are nobody in the registry, clustered across files.

Mentions that no registry patient explains are grouped by normalised family name, first
given name and birth date, so one person in five files is one row. A mention without a
birth date joins the single dated cluster of the same name, when there is exactly one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution


def unregistered_clusters(attributions: Iterable[Attribution]) -> list[list[PersonMention]]:
    """Clusters of unattributed, fully named mentions, largest first."""
    dated: dict[tuple[str, str, date], list[PersonMention]] = defaultdict(list)
    undated: dict[tuple[str, str], list[PersonMention]] = defaultdict(list)
    for attribution in attributions:
        mention = attribution.mention
        if attribution.patient_id is not None or not mention.family_name or not mention.given_names:
            continue
        name = (name_key(mention.family_name), name_key(mention.given_names).split()[0])
        if mention.birth_date:
            dated[(*name, mention.birth_date)].append(mention)
        else:
            undated[name].append(mention)
    by_name: dict[tuple[str, str], list[tuple[str, str, date]]] = defaultdict(list)
    for key in dated:
        by_name[key[:2]].append(key)
    clusters = list(dated.values())
    for name, mentions in undated.items():
        keys = by_name.get(name, [])
        if len(keys) == 1:
            dated[keys[0]].extend(mentions)
        else:
            clusters.append(mentions)
    return sorted(clusters, key=lambda c: (-len(c), c[0].key))
