"""A person's sex from the civil title printed before their name: "Mme", "M.", "Monsieur".

Letters, plannings and call-back lists write "Mme LE GOFF Marie" or "M. DUPONT Jean"
where no sex column exists; the title is the record's own word on the person's sex, and a
registry patient of the other sex is not this person (linkage's ``sex:disagree``: never
notified, review at most). The title must stand right before the name (only spaces
between) or open a name cell: "Madame, Monsieur," alone names nobody. A single "M." after
a professional title is an initial ("Dr M. LE GOFF" is Dr Michel or Marc), never a sex.

The titles are data (``CIVIL_TITLES``): a vendor's English export adds "Mrs" there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from leakmap.detect.findings import Identifier, IdentifierKind, NameHit
from leakmap.detect.text import name_key

RULE = "civil-title.v1"
#: Folded title → the sex it says (``F``/``M``, the registry's codes).
CIVIL_TITLES = {
    "MONSIEUR": "M", "MR": "M", "M": "M",
    "MADAME": "F", "MME": "F", "MADEMOISELLE": "F", "MLLE": "F", "MELLE": "F",
    "MRS": "F", "MS": "F", "MISS": "F",
}  # fmt: skip
#: Words before a single "M." that make it an initial (Dr M. LE GOFF), not "Monsieur".
_PROFESSIONAL = frozenset(
    {"DR", "DOCTEUR", "PR", "PROFESSEUR", "ME", "MAITRE", "IDE", "INTERNE", "SAGE", "FEMME"}
)
_WINDOW = 24  # characters before a name looked at for its title
# "M" alone counts only as "M." in capitals; the others in any case, with or without dot.
_TITLE_AT_END = re.compile(
    r"(?:^|(?<=[\s,;:(|/\-]))((?i:monsieur|madame|mademoiselle|mme|mlle|melle|mrs|mr|ms|miss)\.?|M\.)\s+$"
)
_TITLE_AT_START = re.compile(
    r"^\s*((?i:monsieur|madame|mademoiselle|mme|mlle|melle|mrs|mr|ms|miss)\.?|M\.)\s+(?=\S)"
)


def sex_before(text: str, start: int) -> tuple[str, int, int] | None:
    """(sex, title start, title end) of the civil title ending right before ``start``."""
    window_start = max(0, start - _WINDOW)
    match = _TITLE_AT_END.search(text[window_start:start])
    if match is None:
        return None
    title = match[1]
    if title == "M.":
        before = name_key(text[max(0, window_start + match.start() - _WINDOW) : window_start + match.start()])  # fmt: skip
        if before and before.split()[-1] in _PROFESSIONAL:
            return None
    sex = CIVIL_TITLES[name_key(title)]
    return sex, window_start + match.start(1), window_start + match.end(1)


def split_title(cell: str) -> tuple[str, str]:
    """(sex, the cell without its title) of a name cell that opens with a civil title;
    ("", cell) otherwise."""
    match = _TITLE_AT_START.match(cell)
    if match is None:
        return "", cell
    return CIVIL_TITLES[name_key(match[1])], cell[match.end() :]


def title_sexes(text: str, names: list[NameHit]) -> list[Identifier]:
    """A ``SEX`` identifier for each name of ``text`` a civil title stands before, placed
    at the name's start so that grouping gives it to that name, not to the one before."""
    found = []
    for hit in names:
        title = sex_before(text, hit.location.start)
        if title is None:
            continue
        sex, start, end = title
        found.append(
            Identifier(
                kind=IdentifierKind.SEX,
                value=sex,
                raw=text[start:end],
                location=replace(hit.location, end=hit.location.start),
                detector="civil_title",
                rule=RULE,
                score=0.9,
                score_before_context=0.9,
            )
        )
    return found
