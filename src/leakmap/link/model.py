"""The Fellegi–Sunter model: m and u probabilities of each comparison level, and the prior.

The m-probabilities are priors from how hospital documents go wrong (OCR, typos, married
names); the u-probabilities of exact name and date agreement come from the registry's
frequencies (see ``RegistryIndex``). An IPP belongs to this hospital alone: a person who is
not in the registry cannot carry one, hence its tiny u.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Probability that a person named in the leak is a registry patient, before evidence.
PRIOR_REGISTERED = 0.9
#: The same for a relative or other third party named in a patient's document.
PRIOR_REGISTERED_THIRD_PARTY = 0.5
#: The same for a person named where the document says nothing of health (payroll, staff
#: lists, invoices): such files name staff and suppliers as much as patients.
PRIOR_REGISTERED_NO_HEALTH = 0.3


@dataclass(frozen=True, slots=True)
class Level:
    """m and u of one comparison level (u of exact name/date levels is replaced by TF)."""

    m: float
    u: float


FAMILY = {
    "exact": Level(0.92, 0.0),
    # One of two printed names (married and birth) is the patient's; u is that name's TF.
    "partial": Level(0.08, 0.0),
    "close": Level(0.06, 0.003),
    "disagree": Level(0.02, 0.997),
}
GIVEN = {
    "exact": Level(0.86, 0.0),
    "partial": Level(0.08, 0.01),
    "close": Level(0.04, 0.01),
    "disagree": Level(0.02, 0.98),
}
BIRTH_DATE = {
    "exact": Level(0.93, 0.0),
    "swapped": Level(0.01, 0.00003),
    "close": Level(0.03, 0.002),
    "disagree": Level(0.02, 0.998),
}
AGE = {
    "exact": Level(0.6, 0.03),
    "close": Level(0.38, 0.25),
    "disagree": Level(0.02, 0.72),
}
IPP = {"exact": Level(0.98, 0.0), "disagree": Level(0.02, 1.0)}
#: A record's sex: half the registry shares it; a slip in a sex column is rare.
SEX = {"exact": Level(0.98, 0.5), "disagree": Level(0.02, 0.5)}
#: NIR is a weak key: a child may be covered under a parent's number.
NIR = {"exact": Level(0.9, 0.0), "disagree": Level(0.05, 1.0)}
CONTACT = {"exact": Level(0.8, 0.0), "disagree": Level(0.2, 0.999)}
#: People move: a different street address is weak evidence against a match.
ADDRESS = {"exact": Level(0.7, 0.0), "disagree": Level(0.3, 0.999)}
#: Prior odds factor for a name written given-name first where the family name belongs.
SWAPPED_NAMES = 0.1
IPP_U_FACTOR = 1e-3  # u of an exact IPP = this / registry size
NIR_U_FACTOR = 3.0  # u of an exact NIR = this / registry size (shared by family members)
CONTACT_U_FACTOR = 2.0
