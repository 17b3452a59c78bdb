"""Scoring proceedings against children with Splink (the probabilistic step of :mod:`carepath.linkage.link`).

One linker, in a private in-memory DuckDB database (never the store): u by random sampling, m by
EM within ``settings.TRAINING_BLOCKS`` over every proceeding offered, m floored in place
(:func:`floor_levels`), then predictions for the proceedings not yet decided only.
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


def score(proceedings: pd.DataFrame, children: pd.DataFrame, notes: list[str], run: LinkRun | None = None,
          decided: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """Splink's scored pairs: proceeding_id, child_id, match_weight, match_probability.

    The model is trained on every proceeding offered; pairs are predicted only for the proceedings
    not in ``decided`` (those the deterministic pass linked need no score). One linker does both:
    after training its m probabilities are floored in place, the decided proceedings are removed
    from its input table and its cache invalidated, so blocking and scoring see only the rest (the
    surname's term frequencies are then counted over the children and the remaining proceedings)."""
    from splink import DuckDBAPI, Linker

    empty = pd.DataFrame(columns=["proceeding_id", "child_id", "match_weight", "match_probability"])
    if proceedings.empty or children.empty:
        return empty
    logging.getLogger("splink").setLevel(logging.ERROR)
    con = duckdb.connect()
    for name, frame in (("proceedings", proceedings), ("children", children)):
        con.register(f"{name}_frame", frame[["la_code", *COLUMNS]])
        con.execute(f"CREATE TABLE {name} AS SELECT unique_id, la_code, forename, surname, dob::DATE AS dob, sex, "
                    f"postcode, "
                    f"court_days::BIGINT[] AS court_days, court_days_wide::BIGINT[] AS court_days_wide "
                    f"FROM {name}_frame")
    api = DuckDBAPI(con)
    left = api.register("proceedings", dataset_display_name="proceedings")
    right = api.register("children", dataset_display_name="children")
    prior = min(0.5, model.KNOWN_SHARE / len(children))
    linker = Linker([left, right], model.settings(prior), log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=EM_MAX_PAIRS, seed=1)
    for rule in model.TRAINING_BLOCKS:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, fix_u_probabilities=True)
        except Exception as exc:  # too few pairs in a block to train: its comparisons keep default m values
            notes.append(f"EM on {rule.get_blocking_rule('duckdb').blocking_rule_sql} not run: {exc}")
    floor_levels(linker, notes)
    if run is not None:
        run.model = linker.misc.save_model_to_json()
        run.weights_chart = linker.visualisations.match_weights_chart()
    if decided:
        con.register("decided_frame", pd.DataFrame({"unique_id": sorted(decided)}))
        con.execute("DELETE FROM proceedings WHERE unique_id IN (SELECT unique_id FROM decided_frame)").fetchall()
        linker.table_management.invalidate_cache()
    if con.execute("SELECT count(*) FROM proceedings").fetchall()[0][0] == 0:
        con.close()
        return empty
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    con.close()
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
