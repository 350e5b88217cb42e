"""The Fellegi–Sunter model for Splink: comparisons, their levels, priors and blocking rules.

Each comparison is named after the field it compares and lists its levels from the most to
the least telling; a pair takes the first level whose SQL holds (``*_l`` is the mention,
``*_r`` the registry patient, columns of ``splink_tables``). Every level carries a prior m
(how often a true match shows it: OCR slips, typos, married names) and a prior u (how often
two different people do), so that an untrained model is already sane; training replaces the
u of each level by its frequency among random pairs and the m of names and dates by EM.

Identifiers keep fixed priors: EM cannot learn them (few mentions carry one) and their u
follows from the registry size alone. An IPP belongs to this hospital: a stranger's
document cannot carry one by chance, hence u = 1e-3/N. A NIR is a weak key: a child may be
covered under a parent's number, so two registry people may share one (u = 3/N) and a true
match may show another (m of exact 0.85).

Exact agreement on family name, first given name, all given names and birth date is
adjusted by the registry's term frequencies: agreeing on MARTIN says less than agreeing on
a rare name.
"""

from __future__ import annotations

from dataclasses import dataclass

from splink.comparison_level_library import CustomLevel
from splink.comparison_library import CustomComparison

#: Jaro–Winkler similarity from which two family (given) names are a typo apart.
FAMILY_CLOSE = 0.92
GIVEN_CLOSE = 0.90
#: An IPP's u is this over the registry size; a NIR's and a phone's likewise.
IPP_U_FACTOR = 1e-3
NIR_U_FACTOR = 3.0
CONTACT_U_FACTOR = 2.0


@dataclass(frozen=True, slots=True)
class Level:
    """One comparison level: its SQL condition, label, priors and TF column."""

    label: str
    sql: str
    m: float
    u: float
    tf_column: str = ""
    fixed: bool = False
    #: The level's own u is the base of its TF adjustment (its SQL is not ``a_l = a_r``).
    own_u_for_tf: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    """One comparison: the field it is named after, its null condition and its levels."""

    name: str
    null_sql: str
    levels: tuple[Level, ...]

    def labels_by_gamma(self) -> dict[int, str]:
        """Splink numbers levels ``n-1 … 0`` in order (``else`` is 0) and the null level -1."""
        count = len(self.levels)
        labels = {count - 1 - i: level.label for i, level in enumerate(self.levels)}
        labels[-1] = "missing"
        return labels

    def comparison(self) -> CustomComparison:
        """The Splink comparison of this field."""
        null = CustomLevel(self.null_sql, "missing")
        null.configure(is_null_level=True)
        levels = [null, *(_splink_level(level) for level in self.levels)]
        return CustomComparison(levels, output_column_name=self.name)


def _splink_level(level: Level) -> CustomLevel:
    """A Splink level with the priors of ``level`` (``configure`` returns the level itself)."""
    custom = CustomLevel(level.sql, level.label)
    if level.tf_column:
        custom.configure(
            tf_adjustment_column=level.tf_column,
            disable_tf_exact_match_detection=level.own_u_for_tf,
        )
    custom.configure(
        m_probability=level.m,
        u_probability=level.u,
        fix_m_probability=level.fixed,
        fix_u_probability=level.fixed,
    )
    return custom


#: One letter dropped, added, changed or two swapped in a name of four letters or more:
#: Jaro–Winkler forgives the end of a word more than its start ("LFEBVRE": 0.83).
#: DuckDB's ``damerau_levenshtein`` is the costliest call of the model (most of the u
#: sampling's time), so it runs last, on the pairs that cheap conditions it implies let
#: through: one edit changes the length by at most one and, in a word of three letters
#: or more, leaves the first or the last letter as it was. The level is the same.
_ONE_SLIP = (
    "(least(length({a}), length({b})) >= 3 AND greatest(length({a}), length({b})) >= 4"
    " AND abs(length({a}) - length({b})) <= 1"
    " AND (left({a}, 1) = left({b}, 1) OR right({a}, 1) = right({b}, 1))"
    " AND damerau_levenshtein({a}, {b}) <= 1)"
)
#: One digit of ``YYYYMMDD`` changed or two adjacent ones swapped: such an edit leaves
#: the first three or the last three digits as they were, a cheap test that lets the
#: costly ``damerau_levenshtein`` run on a few pairs only (the level is the same).
_ONE_DIGIT = (
    "((left(birth_digits_l, 3) = left(birth_digits_r, 3)"
    " OR right(birth_digits_l, 3) = right(birth_digits_r, 3))"
    " AND damerau_levenshtein(birth_digits_l, birth_digits_r) <= 1)"
)


def _family() -> Field:
    either = "{a}_l IN ({b}_r, {c}_r) OR {d}_l IN ({b}_r, {c}_r)"
    return Field(
        "family_name",
        "family_l IS NULL AND birth_name_l IS NULL",
        (
            Level("exact", "family_l = family_r", 0.85, 1e-3, "family"),
            Level(
                "birth_name",
                "family_l = birth_name_r OR birth_name_l IN (family_r, birth_name_r)",
                0.06, 1e-3, "birth_name", own_u_for_tf=True,
            ),
            Level("ocr", either.format(a="family_ocr", b="family_ocr", c="birth_ocr", d="birth_ocr"), 0.03, 5e-4),
            Level(
                "close",
                f"jaro_winkler_similarity(family_l, family_r) >= {FAMILY_CLOSE} OR "
                f"jaro_winkler_similarity(family_l, birth_name_r) >= {FAMILY_CLOSE} OR "
                + _ONE_SLIP.format(a="family_l", b="family_r"),
                0.025, 3e-3,
            ),
            Level(
                "part",
                "list_has_any(family_parts_l, family_parts_r)"
                " OR list_contains(family_parts_l, family_r) OR list_contains(family_parts_r, family_l)",
                0.015, 2e-3,
            ),
            Level("phonetic", either.format(a="family_phon", b="family_phon", c="birth_phon", d="birth_phon"), 0.01, 5e-3),
            Level("disagree", "ELSE", 0.01, 0.988),
        ),
    )  # fmt: skip


def _given() -> Field:
    return Field(
        "given_names",
        "given_l IS NULL OR given_r IS NULL",
        (
            Level("exact", "given_l = given_r", 0.80, 0.01, "given"),
            Level("first", "given1_l = given1_r", 0.08, 0.02, "given1"),
            Level(
                "partial",
                "list_has_any(given_parts_l, given_parts_r)"
                " OR list_contains(given_parts_l, given_r) OR list_contains(given_parts_r, given_l)",
                0.05, 0.01,
            ),
            Level("ocr", "given_ocr_l = given_ocr_r", 0.02, 2e-3),
            Level("close", f"jaro_winkler_similarity(given1_l, given1_r) >= {GIVEN_CLOSE}", 0.02, 0.02),
            Level("phonetic", "given1_phon_l = given1_phon_r", 0.01, 0.01),
            Level("disagree", "ELSE", 0.02, 0.928),
        ),
    )  # fmt: skip


def _birth_date(reference_year: int) -> Field:
    return Field(
        "birth_date",
        "birth_date_r IS NULL OR (birth_date_l IS NULL AND age_l IS NULL)",
        (
            Level("exact", "birth_date_l = birth_date_r", 0.90, 3e-5, "birth_date"),
            Level(
                "swapped",
                "day(birth_date_l) = month(birth_date_r) AND month(birth_date_l) = day(birth_date_r)"
                " AND birth_year_l = birth_year_r",
                0.01, 3e-5,
            ),
            Level(
                "one_digit",
                f"{_ONE_DIGIT} OR substr(birth_digits_l, 3) = substr(birth_digits_r, 3)",
                0.04, 5e-4,
            ),
            Level("year", "birth_year_l = birth_year_r", 0.02, 0.01),
            Level(
                "age",
                f"birth_date_l IS NULL AND abs(age_l - ({reference_year} - birth_year_r)) <= 1",
                0.01, 2e-3,
            ),
            Level("disagree", "ELSE", 0.02, 0.9875),
        ),
    )  # fmt: skip


def _identifier(name: str, column: str, *, m: float, u: float) -> Field:
    return Field(
        name,
        f"{column}_l IS NULL OR {column}_r IS NULL",
        (
            Level("exact", f"{column}_l = {column}_r", m, u, fixed=True),
            Level("disagree", "ELSE", 1 - m, 1 - u, fixed=True),
        ),
    )


def _postcode() -> Field:
    return Field(
        "postcode",
        "postcode_l IS NULL OR postcode_r IS NULL",
        (
            Level("exact", "postcode_l = postcode_r", 0.75, 0.02),
            Level("department", "dept_l = dept_r", 0.15, 0.2),
            Level("disagree", "ELSE", 0.10, 0.78),
        ),
    )


def fields(registry_size: int, reference_year: int) -> tuple[Field, ...]:
    """Every comparison, for a registry of ``registry_size`` patients.

    ``reference_year`` is the year printed ages are read against (a document's age is
    the patient's age in about that year).
    """
    n = max(1, registry_size)
    return (
        _family(),
        _given(),
        _birth_date(reference_year),
        _identifier("ipp", "ipp", m=0.98, u=min(0.5, IPP_U_FACTOR / n)),
        _identifier("nir", "nir", m=0.85, u=min(0.5, NIR_U_FACTOR / n)),
        _postcode(),
        _identifier("phone", "phone", m=0.80, u=min(0.5, CONTACT_U_FACTOR / n)),
        _identifier("email", "email", m=0.80, u=min(0.5, CONTACT_U_FACTOR / n)),
        # A record's own sex (a sex column, a civil title): half the registry shares it;
        # "sex:disagree" forbids the letter (``linker.CONTRADICTIONS``).
        _identifier("sex", "sex", m=0.98, u=0.5),
    )


#: Pairs compared for prediction: any one rule suffices. Together they keep recall: a
#: mangled family name is still compared when the birth date and the given name (or the
#: name's first letter) agree, a mangled birth date when family and given name agree, a
#: married woman through her birth name, anyone through an identifier. The birth date
#: alone would also do, but it brings ~25 pairs per mention at a million patients.
BLOCKING_RULES = (
    "l.ipp = r.ipp",
    "l.nir = r.nir",
    "l.phone = r.phone",
    "l.email = r.email",
    "l.birth_date = r.birth_date AND l.given1 = r.given1",
    "l.birth_date = r.birth_date AND left(l.family_ocr, 1) = left(r.family_ocr, 1)",
    "l.family = r.family AND l.given1 = r.given1",
    "l.family = r.family AND l.birth_year = r.birth_year",
    "l.family = r.birth_name AND l.given1 = r.given1",
    "l.birth_name = r.birth_name AND l.given1 = r.given1",
    "l.birth_name = r.family AND l.given1 = r.given1",
    "l.family_ocr = r.family_ocr AND l.given1_phon = r.given1_phon",
    "l.family_phon = r.family_phon AND l.given1_phon = r.given1_phon AND l.birth_year = r.birth_year",
)

#: Pairs EM learns from: one rule leaves names free, the other leaves dates and ids free.
TRAINING_RULES = (
    "l.birth_date = r.birth_date",
    "l.family = r.family AND l.given1 = r.given1",
)

#: Columns whose registry term frequencies adjust exact agreement.
TF_COLUMNS = ("family", "birth_name", "given", "given1", "birth_date")
