"""The proceedings-to-children linkage model, declared as data in Splink's own terms.

Each comparison's levels run from the strongest agreement to the weakest; Splink learns each
level's m (how often true matches agree so) and u (how often random pairs do) from the data:
u by random sampling, m by expectation maximisation within blocks (``TRAINING_BLOCKS``), so
the model is re-estimated on every authority's own records.

* **forename**: exact; Jaro-Winkler at least 0.88 (typos); the same first letter (a recorded
  initial such as "J" or "J.", and most nicknames: Tom for Thomas); else.
* **surname**: exact (with term-frequency adjustment: a match on Smith says less than one on
  Ogunleye); Jaro-Winkler at least 0.92; at least 0.80; else (a changed name scores here).
* **dob**: exact; day and month swapped (03/04 for 04/03); within 31 days; the same year; else.
* **sex** and **postcode**: exact; else.
* **court_dates** (columns court_days, court_days_wide): the agreement of the proceedings' dates
  (application, first hearing, final order) with the days the child's legal status changed in
  SSDA903 (an episode starting under a new legal status, or a period of care ending by a court
  order): a date within 7 days of one; within 31 days; else. Children never looked after have no
  such dates (the null level: no evidence either way).

Missing values score the null level, which is neutral. A pair becomes a link when its match
probability is at least ``LINK_AT`` and no other child of the same proceeding comes within
``CLOSE_WEIGHT`` of its match weight; pairs from ``REVIEW_FROM`` up to ``LINK_AT``, and close
seconds, go to the clerical review queue.
"""
from __future__ import annotations

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
import splink.comparison_library as cl

LINK_AT = 0.95
"""Match probability from which the best pair of a proceeding is linked without review."""
REVIEW_FROM = 0.50
"""Match probability from which a pair is worth a reviewer's look."""
CLOSE_WEIGHT = 3.0
"""A second child whose match weight is within this of the best (the best less than 2**3 = 8 times
as likely) makes the best pair a review case, however likely it is: twins recorded by an initial."""
DATE_WINDOW_DAYS = 7
"""How near a legal status change must be to a court date to agree (orders are recorded late)."""
M_FLOOR = 0.001
"""The least m probability a trained level keeps (see carepath.linkage.link.floor_m)."""
WIDE_WINDOW_DAYS = 31
"""The weaker agreement: within a month."""

FIRST_LETTER = "substr(forename_l, 1, 1) = substr(forename_r, 1, 1)"
SWAPPED_DAY_MONTH = ("day(dob_l) = month(dob_r) AND month(dob_l) = day(dob_r) AND year(dob_l) = year(dob_r)")


# The two SQL dialects the model runs in (``--engine``): the array functions are all that differ.
ARRAY_SQL = {"duckdb": {"size": "len({})", "overlap": "list_has_any({}, {})"},
             "spark": {"size": "size({})", "overlap": "arrays_overlap({}, {})"}}


def _dates_within(column: str, dialect: str = "duckdb") -> str:
    """Any court date of one side within the window of any legal status change of the other.

    Proceedings carry their dates' day numbers; children carry every day within the window of
    each status change (``prepare``), so the two lists share a day exactly when they agree (neither
    list holds a null, so Spark's ``arrays_overlap`` is true or false as DuckDB's ``list_has_any``)."""
    return ARRAY_SQL[dialect]["overlap"].format(f"{column}_l", f"{column}_r")


def comparisons(dialect: str = "duckdb") -> list:
    """The comparisons, in ``dialect`` (duckdb or spark): Splink writes each library level in the
    linker's dialect; the court dates' custom levels are written here for each."""
    size = ARRAY_SQL[dialect]["size"]
    return [
        cl.CustomComparison(output_column_name="forename", comparison_levels=[
            cll.NullLevel("forename"), cll.ExactMatchLevel("forename"),
            cll.JaroWinklerLevel("forename", 0.88),
            cll.CustomLevel(FIRST_LETTER, "same first letter (initial, nickname)"), cll.ElseLevel()]),
        cl.CustomComparison(output_column_name="surname", comparison_levels=[
            cll.NullLevel("surname"), cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("surname", 0.92), cll.JaroWinklerLevel("surname", 0.80), cll.ElseLevel()]),
        cl.CustomComparison(output_column_name="dob", comparison_levels=[
            cll.NullLevel("dob"), cll.ExactMatchLevel("dob"),
            cll.CustomLevel(SWAPPED_DAY_MONTH, "day and month swapped"),
            cll.AbsoluteDateDifferenceLevel("dob", input_is_string=False, threshold=31, metric="day"),
            cll.CustomLevel("year(dob_l) = year(dob_r)", "same year"), cll.ElseLevel()]),
        cl.ExactMatch("sex"),
        cl.ExactMatch("postcode"),
        cl.CustomComparison(output_column_name="court_dates", comparison_levels=[
            cll.CustomLevel(f"court_days_l IS NULL OR court_days_r IS NULL OR {size.format('court_days_l')} = 0 "
                            f"OR {size.format('court_days_r')} = 0",
                            "no legal status changes").configure(is_null_level=True),
            cll.CustomLevel(_dates_within("court_days", dialect), f"within {DATE_WINDOW_DAYS} days"),
            cll.CustomLevel(_dates_within("court_days_wide", dialect), f"within {WIDE_WINDOW_DAYS} days"),
            cll.ElseLevel()]),
    ]

BLOCKING_RULES = [
    block_on("la_code", "dob"),
    block_on("la_code", "surname"),
    block_on("la_code", "substr(forename, 1, 1)", "year(dob)"),
    block_on("la_code", "forename", "sex"),
]
"""Pairs scored at all, always within one authority: the same date of birth, or surname, or
initial and birth year, or forename and sex."""

TRAINING_BLOCKS = [block_on("la_code", "dob"), block_on("la_code", "surname", "substr(forename, 1, 1)")]
"""EM blocks: comparisons used in a block's rule are not trained in that block, so each is trained once."""

KNOWN_SHARE = 0.9
"""The prior: the share of proceedings whose child is among the store's children. Almost every
child subject to proceedings is known to the authority first (Masson et al., Care Profiling
Study, Ministry of Justice, 2008); 0.9 leaves room for children of other authorities' files.
The probability that two random records match is then ``KNOWN_SHARE / children``."""


def settings(prior: float, dialect: str = "duckdb") -> SettingsCreator:
    """The model for a linker in ``dialect`` (duckdb or spark); the blocking rules are written by
    Splink in either (``substr`` and ``year`` are common to both)."""
    return SettingsCreator(link_type="link_only", comparisons=comparisons(dialect),
                           probability_two_random_records_match=prior,
                           blocking_rules_to_generate_predictions=BLOCKING_RULES,
                           retain_intermediate_calculation_columns=False, retain_matching_columns=True)
