"""The contract's words as the workbench shows them: each marked for the catalog.

Severity, categories, decisions, reviewer actions, roles, agreement levels and answers
are stored as the contract's English words (``very_high``, ``sexual_health``); the
``label`` filter shows one with spaces for underscores, in the reviewer's language. The
words are listed here so that Babel's extraction puts each in the catalog; a word not
listed is shown as it is stored.
"""

from __future__ import annotations

from leakmap.i18n import N_, _

#: Every word ``label`` may be asked to show, as its msgid (underscores as spaces).
WORDS = (
    # severity (ENISA)
    N_("low"), N_("medium"), N_("high"), N_("very high"),
    # decisions and reviewer actions
    N_("notify"), N_("review"), N_("confirm"), N_("reject"), N_("choose"),
    N_("unregistered"),
    # categories (contract.md)
    N_("name"), N_("birth date"), N_("address"), N_("phone"), N_("email"),
    N_("national id"), N_("hospital id"), N_("bank"), N_("health"), N_("pathology"),
    N_("imaging"), N_("laboratory"), N_("gynecology obstetrics"), N_("oncology"),
    N_("mental health"), N_("sexual health"), N_("addiction"), N_("genetics"), N_("death"),
    # a name's role in its document
    N_("patient"), N_("clinician"), N_("third party"), N_("staff"), N_("unknown"),
    # agreement of a compared field
    N_("exact"), N_("close"), N_("partial"), N_("swapped"), N_("disagree"), N_("missing"),
    # queue views, sampling answers
    N_("pending"), N_("decided"), N_("all"), N_("correct"), N_("incorrect"),
)  # fmt: skip


def label(value: object) -> str:
    """A stored word as the reviewer reads it: ``very_high`` → "very high" (or "très élevée")."""
    return _(str(value).replace("_", " "))
