"""Score mention–patient pairs with Splink on an in-memory DuckDB: Bayes factors, no prior.

``score_pairs`` builds the two tables (``splink_tables``), the model (``splink_model``),
trains it on the data when asked (u by random sampling, then m by EM on two blocking rules,
identifiers keeping their fixed priors), blocks with rules that keep recall and scores
every blocked pair. It returns each candidate's log2 Bayes factor *without* Splink's prior
λ: the linker turns Bayes factors into calibrated probabilities by normalising over a
mention's candidates with its own prior (see ``linker``), so the prior must not be counted
twice.

Nothing is written to disk: the database is in memory, and DuckDB's spilling (which by
default writes unencrypted ``.tmp`` files in the working directory) is disabled unless the
caller gives ``spill_dir``, a folder it trusts (inside the case directory), in which
case DuckDB may spill there under ``memory_limit``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from splink import DuckDBAPI, Linker, SettingsCreator

from leakmap.group.mention import PersonMention
from leakmap.link.model import PRIOR_REGISTERED
from leakmap.link.registry import Patient
from leakmap.link.splink_model import BLOCKING_RULES, TF_COLUMNS, TRAINING_RULES, Field, fields
from leakmap.link.splink_tables import create_mention_table, create_registry_table

#: Table names: Splink puts the alphabetically first on the left (``*_l`` is the mention).
_MENTIONS = "a_mentions"
_REGISTRY = "b_registry"
#: Random pairs sampled to estimate u (more pairs, finer u of rare levels, slower).
U_SAMPLE_PAIRS = 1.2e6
#: ... in this many chunks (fewer: faster, but each chunk's pairs are held at once). One
#: chunk also spares Splink's probe chunk, which it runs and discards whenever there are
#: several; the counts, hence the u, are the same whatever the chunks (the same pairs).
U_SAMPLE_CHUNKS = 1
#: Blocked pairs EM learns m from, per training rule (sampled down to this many).
EM_SAMPLE_PAIRS = 5e5
#: Fewer pairs than this under a training rule, and EM is not run on it.
MIN_EM_PAIRS = 1000
#: Mentions scored at once: pairs are compared chunk by chunk, to bound memory. Each
#: chunk re-reads and re-blocks the registry; at 100,000 mentions one chunk takes no more
#: memory than EM training before it (whose pairs are dropped first) and halves the time.
MENTIONS_PER_CHUNK = 100_000
#: Candidates kept per mention, best first.
MAX_CANDIDATES = 10
#: A pair is kept when its probability, prior ρ/N included, may reach this: below it a
#: candidate cannot change a decision, and dropping it keeps the pairs table small.
MIN_PAIR_PROBABILITY = 1e-4


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """A registry patient a mention may be, with the evidence for it.

    ``match_weight`` is log2 of the Bayes factor m/u over every compared field (term
    frequencies included, Splink's prior excluded); ``agreements`` names each field's level
    (``birth_date:swapped``), fields missing on either side left out.
    """

    patient_id: str
    match_weight: float
    agreements: tuple[str, ...]

    @property
    def bayes_factor(self) -> float:
        """The Bayes factor itself (overflows to ``inf`` past 2**1023)."""
        return 2.0**self.match_weight if self.match_weight < 1023 else math.inf


@dataclass(frozen=True, slots=True)
class DuckDBLimits:
    """How much of the machine the linkage may take, and where it may spill."""

    memory_limit: str = "2GB"
    threads: int | None = None
    spill_dir: Path | None = None


def score_pairs(
    mentions: Sequence[PersonMention],
    patients: Sequence[Patient],
    *,
    train: bool = True,
    reference_date: date | None = None,
    limits: DuckDBLimits | None = None,
    max_candidates: int = MAX_CANDIDATES,
    seed: int = 42,
) -> dict[str, list[ScoredCandidate]]:
    """Each mention's candidates (by ``mention.key``), best first, at most ``max_candidates``.

    With ``train`` the u and m probabilities are estimated from these very tables (a
    registry of a few hundred patients or more); without it the model's priors are used,
    which suits tiny registries and tests. ``reference_date`` is when printed ages were
    written (default today). Mentions with no blocked candidate are absent.
    """
    if not mentions or not patients:
        return {}
    reference = reference_date or date.today()
    model = fields(len(patients), reference.year)
    prior = PRIOR_REGISTERED / len(patients)
    with _quiet_splink(), closing(_connect(limits or DuckDBLimits())) as connection:
        linker = _linker(connection, mentions, patients, model, prior, reference)
        if train:
            _train(linker, connection, seed)
        chunks = max(1, len(mentions) // MENTIONS_PER_CHUNK)
        predictions = linker.inference.predict(
            threshold_match_probability=MIN_PAIR_PROBABILITY,
            num_chunks_left=chunks,
            num_chunks_right=1,
            warning_mode="never",
        )
        return _candidates(connection, predictions.physical_name, model, prior, max_candidates)


@contextmanager
def _quiet_splink() -> Iterator[None]:
    """Splink's progress and advice stay out of the scan's stderr (its own summary is there)."""
    splink_logger = logging.getLogger("splink")
    level = splink_logger.level
    splink_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        splink_logger.setLevel(level)


def _connect(limits: DuckDBLimits) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills nowhere, or only into ``limits.spill_dir``."""
    connection = duckdb.connect(":memory:")
    spill = str(limits.spill_dir) if limits.spill_dir is not None else ""
    connection.execute("SET temp_directory = ?", [spill])
    connection.execute("SET memory_limit = ?", [limits.memory_limit])
    connection.execute("SET preserve_insertion_order = false")
    if limits.threads:
        connection.execute("SET threads = ?", [limits.threads])
    return connection


def _linker(
    connection: duckdb.DuckDBPyConnection,
    mentions: Sequence[PersonMention],
    patients: Sequence[Patient],
    model: tuple[Field, ...],
    prior: float,
    reference: date,
) -> Linker:
    create_mention_table(connection, _MENTIONS, mentions, reference)
    create_registry_table(connection, _REGISTRY, patients)
    db_api = DuckDBAPI(connection)
    left = db_api.register(_MENTIONS, table_name=_MENTIONS)
    right = db_api.register(_REGISTRY, table_name=_REGISTRY)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[field.comparison() for field in model],
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
        probability_two_random_records_match=prior,
        retain_matching_columns=True,  # the only way Splink keeps the gamma columns
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([left, right], settings, log_level=None)
    for column in TF_COLUMNS:
        table = _registry_term_frequencies(connection, column, len(patients))
        linker.table_management.register_term_frequency_lookup(db_api.register(table), column)
    return linker


def _registry_term_frequencies(
    connection: duckdb.DuckDBPyConnection, column: str, size: int
) -> str:
    """A TF lookup ``(column, tf_column)`` counted in the registry alone.

    The share of registry patients who carry each value: it is the u of exact agreement
    with a random patient, the very u the linker's prior over N patients calls for. A
    surname counts once per patient whether it is the family or the birth name.
    """
    table = f"tf_lookup_{column}"
    if column in ("family", "birth_name"):
        values = (
            f"SELECT family AS v FROM {_REGISTRY} UNION ALL SELECT birth_name FROM {_REGISTRY}"
            " WHERE birth_name IS DISTINCT FROM family"
        )
    else:
        values = f"SELECT {column} AS v FROM {_REGISTRY}"
    connection.execute(
        f"CREATE TABLE {table} AS SELECT v AS {column}, count(*) / {size}::DOUBLE AS tf_{column} "
        f"FROM ({values}) WHERE v IS NOT NULL GROUP BY v"
    )
    return table


def _train(linker: Linker, connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    """u from random pairs; m of names and dates by EM (identifiers keep fixed priors).

    EM runs only on a rule that yields enough pairs to learn from; otherwise the priors
    of the comparisons it would train stay (a small registry, a handful of mentions).
    """
    linker.training.estimate_u_using_random_sampling(
        max_pairs=U_SAMPLE_PAIRS, seed=seed, num_chunks=U_SAMPLE_CHUNKS, min_count_per_level=None
    )
    for rule in TRAINING_RULES:
        ((pairs,),) = connection.execute(
            f"SELECT count(*) FROM {_MENTIONS} AS l JOIN {_REGISTRY} AS r ON {rule}"
        ).fetchall()
        if pairs >= MIN_EM_PAIRS:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=EM_SAMPLE_PAIRS
            )
    _drop_training_pairs(connection)


#: Tables Splink's EM leaves behind (its pairs and their comparison vectors): prediction
#: never reads them, and at a million patients they hold some 200 MB until the end.
_TRAINING_TABLES = ("blocked_id_pairs", "comparison_vectors", "agreement_pattern_counts")


def _drop_training_pairs(connection: duckdb.DuckDBPyConnection) -> None:
    """Free the training's pairs before prediction builds its own."""
    tables = connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '__splink__')"
    ).fetchall()
    for (table,) in tables:
        if any(kind in table for kind in _TRAINING_TABLES):
            connection.execute(f'DROP TABLE "{table}"')


def _candidates(
    connection: duckdb.DuckDBPyConnection,
    predictions: str,
    model: tuple[Field, ...],
    prior: float,
    max_candidates: int,
) -> dict[str, list[ScoredCandidate]]:
    """The best pairs of each mention, prior log-odds taken out of the match weight."""
    prior_log_odds = math.log2(prior / (1 - prior))
    gammas = ", ".join(f"gamma_{field.name}" for field in model)
    rows = connection.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight - {prior_log_odds} AS weight, {gammas} "
        f"FROM {predictions} WHERE source_dataset_l = '{_MENTIONS}' "
        "QUALIFY row_number() OVER (PARTITION BY unique_id_l "
        "ORDER BY match_weight DESC, unique_id_r) <= ? "
        "ORDER BY unique_id_l, weight DESC, unique_id_r",
        [max_candidates],
    ).fetchall()
    labels = [field.labels_by_gamma() for field in model]
    names = [field.name for field in model]
    # A few hundred distinct level vectors among hundreds of thousands of pairs: each
    # one's agreements are spelt once and shared.
    spelt: dict[tuple[int, ...], tuple[str, ...]] = {}
    found: dict[str, list[ScoredCandidate]] = {}
    for mention_key, patient_id, weight, *levels in rows:
        vector = tuple(levels)
        agreements = spelt.get(vector)
        if agreements is None:
            agreements = spelt[vector] = tuple(
                f"{name}:{label[level]}"
                for name, label, level in zip(names, labels, vector, strict=True)
                if level != -1
            )
        found.setdefault(mention_key, []).append(ScoredCandidate(patient_id, weight, agreements))
    return found
