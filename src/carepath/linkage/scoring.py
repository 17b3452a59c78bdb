"""Scoring proceedings against children with Splink (the probabilistic step of :mod:`carepath.linkage.link`).

One linker, in a private in-memory DuckDB database (never the store), or on Spark (``--engine
spark``: :mod:`carepath.linkage.spark`, the same tables sent from that database): u by random
sampling (every sampled pair: ``U_OPTIONS``), m by EM within ``settings.TRAINING_BLOCKS`` over
every proceeding offered, m floored in place (:func:`floor_levels`), then predictions for the
proceedings not yet decided only.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from carepath.linkage import settings as model
from carepath.linkage.prepare import COLUMNS

if TYPE_CHECKING:
    from carepath.linkage.link import LinkRun

EM_MAX_PAIRS = 1_000_000
U_OPTIONS = {"min_count_per_level": None}
"""u from every sampled pair. Splink's default stops counting once every level has been seen 100
times; which pairs it has counted by then depends on the engine's hash of the ids (the pairs go in
chunks by it), so DuckDB and Spark would learn different u from the same sample. Counted to the
end, the chunks add up to every sampled pair on either engine (``EM_MAX_PAIRS`` at most)."""


class DuckDBTables:
    """The linker's two input tables, ``proceedings`` and ``children``, in a private DuckDB database."""
    dialect = "duckdb"
    u_chunks = 10   # Splink's default: the sampled pairs counted a tenth at a time (less memory)

    def __init__(self):
        self.con = duckdb.connect()

    def put(self, proceedings: pd.DataFrame, children: pd.DataFrame) -> None:
        for name, frame in (("proceedings", proceedings), ("children", children)):
            self.con.register(f"{name}_frame", frame[["la_code", *COLUMNS]])
            self.con.execute(f"CREATE TABLE {name} AS SELECT unique_id, la_code, forename, surname, dob::DATE AS dob, "
                             f"sex, postcode, court_days::BIGINT[] AS court_days, "
                             f"court_days_wide::BIGINT[] AS court_days_wide FROM {name}_frame")
            self.con.unregister(f"{name}_frame")

    def api(self):
        from splink import DuckDBAPI
        return DuckDBAPI(self.con)

    def remove(self, decided: set[str] | frozenset[str]) -> None:
        """Take the decided proceedings out of the linker's input (its cache is invalidated after)."""
        self.con.register("decided_frame", pd.DataFrame({"unique_id": sorted(decided)}))
        self.con.execute("DELETE FROM proceedings WHERE unique_id IN (SELECT unique_id FROM decided_frame)").fetchall()

    def proceedings_left(self) -> int:
        return self.con.execute("SELECT count(*) FROM proceedings").fetchall()[0][0]

    def close(self) -> None:
        self.con.close()


def score(proceedings: pd.DataFrame, children: pd.DataFrame, notes: list[str], run: LinkRun | None = None,
          decided: set[str] | frozenset[str] = frozenset(), spark=None) -> pd.DataFrame:
    """Splink's scored pairs: proceeding_id, child_id, match_weight, match_probability.

    The model is trained on every proceeding offered; pairs are predicted only for the proceedings
    not in ``decided`` (those the deterministic pass linked need no score). One linker does both:
    after training its m probabilities are floored in place, the decided proceedings are removed
    from its input table and its cache invalidated, so blocking and scoring see only the rest (the
    surname's term frequencies are then counted over the children and the remaining proceedings).
    ``spark``: a Spark session (:func:`carepath.linkage.spark.session`) to run the linker on."""
    from splink import Linker

    empty = pd.DataFrame(columns=["proceeding_id", "child_id", "match_weight", "match_probability"])
    if proceedings.empty or children.empty:
        return empty
    logging.getLogger("splink").setLevel(logging.ERROR)
    if spark is None:
        tables = DuckDBTables()
    else:
        from carepath.linkage.spark import SparkTables
        tables = SparkTables(spark)
    try:
        tables.put(proceedings, children)
        api = tables.api()
        left = api.register("proceedings", dataset_display_name="proceedings")
        right = api.register("children", dataset_display_name="children")
        prior = min(0.5, model.KNOWN_SHARE / len(children))
        linker = Linker([left, right], model.settings(prior, tables.dialect), log_level=logging.ERROR)
        linker.training.estimate_u_using_random_sampling(max_pairs=EM_MAX_PAIRS, seed=1, num_chunks=tables.u_chunks,
                                                       **U_OPTIONS)
        for rule in model.TRAINING_BLOCKS:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(rule, fix_u_probabilities=True)
            except Exception as exc:  # too few pairs in a block to train: its comparisons keep default m values
                notes.append(f"EM on {rule.get_blocking_rule(tables.dialect).blocking_rule_sql} not run: {exc}")
        floor_levels(linker, notes)
        if run is not None:
            run.model = linker.misc.save_model_to_json()
            run.weights_chart = linker.visualisations.match_weights_chart()
        if decided:
            tables.remove(decided)
            linker.table_management.invalidate_cache()
        if tables.proceedings_left() == 0:
            return empty
        pairs = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    finally:
        tables.close()
    if pairs.empty:
        return empty
    left_is_proceeding = pairs.source_dataset_l == "proceedings"
    return pd.DataFrame({
        "proceeding_id": pairs.unique_id_l.where(left_is_proceeding, pairs.unique_id_r),
        "child_id": pairs.unique_id_r.where(left_is_proceeding, pairs.unique_id_l),
        "match_weight": pairs.match_weight, "match_probability": pairs.match_probability})


def floor_levels(linker, notes: list[str]) -> None:
    """:func:`floor_m` on the linker's own model, in place (no second linker: Splink's settings object
    lets a level's m be set, as EM does)."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m = level.m_probability
            if m is not None and m < model.M_FLOOR:
                level.m_probability = model.M_FLOOR
                notes.append(f"m of {comparison.output_column_name} '{level.label_for_charts}' raised "
                             f"from {m:.4f} to {model.M_FLOOR}")


def floor_m(trained: dict, notes: list[str]) -> dict:
    """Raise every trained m probability below ``M_FLOOR`` to it.

    EM on an authority's data gives m = 0 to a disagreement no true match in it showed (sex recorded
    differently, say), which would make that disagreement veto any link however strong the rest;
    a floor keeps it a strong penalty instead (log2(0.001 / u), about -10 for a common level)."""
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if m is not None and m < model.M_FLOOR:
                level["m_probability"] = model.M_FLOOR
                notes.append(f"m of {comparison['output_column_name']} '{level.get('label_for_charts')}' raised "
                             f"from {m:.4f} to {model.M_FLOOR}")
    return trained
