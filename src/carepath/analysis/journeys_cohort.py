"""Cohorts of children for the journey map, Sankey pathways and repeat patterns.

A cohort is the children of one authority (or all authorities in the store) matching filters on
who they are and who held their case, judged over a period (the animation's window):

* **age band**: age on the first day of the period, in DfE's bands (unborn or unknown, under 1,
  1-4, 5-9, 10-15, 16 and over);
* **sex** (M, F, U), **ethnic group** (the first letter of the CIN ethnicity code: White, Mixed,
  Asian, Black, Other; Refused and Not obtained are "Not known"), **disability** (yes: a CIN
  disability code other than NONE; no: NONE or nothing recorded);
* **team** and **locality**: an allocation of the child's case overlapping the period in that
  team (the allocation's team, else its worker's team), and the team's locality in ``org_unit``;
* **referral source** group (codes.REFERRAL_SOURCE_GROUP): a CIN episode from that source that
  overlaps the period (referred on or before its last day, not closed before its first).

Every filter left empty keeps everyone. The same SQL selects the cohort for the journeys sent to
the page and for the independent station counts, so a filter changes both alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

import duckdb

from carepath import codes
from carepath.errors import CarepathError

AGE_BANDS = ("Unborn or unknown", "Under 1", "1-4", "5-9", "10-15", "16+")
ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other", "Not known")
_AGE = ("(year($start) - year(c.dob) - CASE WHEN (month($start), day($start)) < (month(c.dob), day(c.dob)) "
        "THEN 1 ELSE 0 END)")
_AGE_SQL = f"""CASE WHEN c.dob IS NULL OR c.dob > $start THEN 'Unborn or unknown'
    WHEN {_AGE} < 1 THEN 'Under 1' WHEN {_AGE} < 5 THEN '1-4' WHEN {_AGE} < 10 THEN '5-9'
    WHEN {_AGE} < 16 THEN '10-15' ELSE '16+' END"""
_ETHNIC_SQL = """CASE WHEN c.ethnicity IS NULL OR c.ethnicity IN ('REFU', 'NOBT') THEN 'Not known'
    WHEN c.ethnicity LIKE 'W%' THEN 'White' WHEN c.ethnicity LIKE 'M%' THEN 'Mixed'
    WHEN c.ethnicity LIKE 'A%' THEN 'Asian' WHEN c.ethnicity LIKE 'B%' THEN 'Black' ELSE 'Other' END"""
_DISABLED_SQL = ("CASE WHEN EXISTS (SELECT 1 FROM (SELECT unnest(c.disabilities) AS code) "
                 "WHERE code IS NOT NULL AND code <> 'NONE') THEN 'yes' ELSE 'no' END")
_TEAMS = """SELECT a.child_id, coalesce(a.team_id, w.team_id) AS team_id, o.locality
    FROM allocation a LEFT JOIN worker w ON w.worker_id = a.worker_id
    LEFT JOIN org_unit o ON o.team_id = coalesce(a.team_id, w.team_id)
    WHERE a.start_date <= $end AND (a.end_date IS NULL OR a.end_date >= $start)"""


_TEAMS_EVER = """SELECT coalesce(a.team_id, w.team_id) AS team_id
    FROM allocation a LEFT JOIN worker w ON w.worker_id = a.worker_id"""


class CohortError(CarepathError):
    pass


@dataclass(frozen=True)
class Cohort:
    """Who is in view: filters (empty = everyone) judged over ``start`` to ``end``."""
    start: date
    end: date
    la_code: str | None = None
    age_bands: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    ethnic_groups: tuple[str, ...] = ()
    disability: str | None = None          # "yes" | "no" | None
    teams: tuple[str, ...] = ()
    localities: tuple[str, ...] = ()
    referral_sources: tuple[str, ...] = ()  # groups of codes.REFERRAL_SOURCE_GROUP
    within: str | None = None               # a table of child_id the cohort is limited to (a user's scope)
    label: str = field(default="", compare=False)

    def __post_init__(self):
        if self.end < self.start:
            raise CohortError(f"The period ends ({self.end}) before it starts ({self.start}).")
        unknown = [b for b in self.age_bands if b not in AGE_BANDS]
        if unknown:
            raise CohortError(f"Unknown age band {', '.join(unknown)}; bands are {', '.join(AGE_BANDS)}.")
        unknown = [g for g in self.ethnic_groups if g not in ETHNIC_GROUPS]
        if unknown:
            raise CohortError(f"Unknown ethnic group {', '.join(unknown)}; groups are {', '.join(ETHNIC_GROUPS)}.")
        unknown = [g for g in self.referral_sources if g not in codes.REFERRAL_SOURCE_GROUP]
        if unknown:
            raise CohortError(f"Unknown referral source group {', '.join(unknown)}; groups are "
                              f"{', '.join(codes.REFERRAL_SOURCE_GROUP)}.")
        if self.disability not in (None, "yes", "no"):
            raise CohortError(f"Disability filter must be yes or no, not {self.disability!r}.")

    def with_period(self, start: date, end: date) -> "Cohort":
        return replace(self, start=start, end=end)

    def describe(self) -> str:
        """The filters in words: 'authority 846; age: 10-15, 16+; sex: F'."""
        names = {"la_code": "authority", "age_bands": "age", "sexes": "sex", "ethnic_groups": "ethnic group",
                 "disability": "disabled", "teams": "team", "localities": "locality",
                 "referral_sources": "referral source"}
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name not in names or value in (None, ()):
                continue
            shown = ", ".join(value) if isinstance(value, tuple) else value
            parts.append(f"authority {shown}" if f.name == "la_code" else f"{names[f.name]}: {shown}")
        return "; ".join(parts) or "all children"


def cohort_sql(cohort: Cohort) -> tuple[str, dict]:
    """A query of ``child_id`` for the cohort, and its named parameters."""
    params: dict = {"start": cohort.start, "end": cohort.end}
    where = ["TRUE"]
    if cohort.within:
        if not cohort.within.replace("_", "").isalnum():
            raise CohortError(f"{cohort.within!r} is not a table name.")
        where.append(f"c.child_id IN (SELECT child_id FROM {cohort.within})")
    if cohort.la_code:
        where.append("c.la_code = $la_code")
        params["la_code"] = cohort.la_code
    if cohort.age_bands:
        where.append(f"({_AGE_SQL}) IN (SELECT unnest($age_bands))")
        params["age_bands"] = list(cohort.age_bands)
    if cohort.sexes:
        where.append("coalesce(c.sex, 'U') IN (SELECT unnest($sexes))")
        params["sexes"] = list(cohort.sexes)
    if cohort.ethnic_groups:
        where.append(f"({_ETHNIC_SQL}) IN (SELECT unnest($ethnic_groups))")
        params["ethnic_groups"] = list(cohort.ethnic_groups)
    if cohort.disability:
        where.append(f"({_DISABLED_SQL}) = $disability")
        params["disability"] = cohort.disability
    if cohort.teams:
        where.append(f"c.child_id IN (SELECT child_id FROM ({_TEAMS}) WHERE team_id IN (SELECT unnest($teams)))")
        params["teams"] = list(cohort.teams)
    if cohort.localities:
        where.append(f"c.child_id IN (SELECT child_id FROM ({_TEAMS}) "
                     "WHERE locality IN (SELECT unnest($localities)))")
        params["localities"] = list(cohort.localities)
    if cohort.referral_sources:
        source_codes = [code for group in cohort.referral_sources for code in codes.REFERRAL_SOURCE_GROUP[group]]
        unknown = "OR r.source IS NULL OR r.source NOT IN (SELECT unnest($all_sources))" \
            if "Unknown" in cohort.referral_sources else ""
        where.append("c.child_id IN (SELECT r.child_id FROM referral r WHERE r.referral_date <= $end "
                     "AND (r.closure_date IS NULL OR r.closure_date >= $start) "
                     f"AND (r.source IN (SELECT unnest($sources)) {unknown}))")
        params["sources"] = source_codes
        if unknown:
            params["all_sources"] = list(codes.REFERRAL_SOURCE)
    sql = "SELECT c.child_id FROM child c WHERE " + " AND ".join(where)
    return sql, {k: v for k, v in params.items() if f"${k}" in sql}


def install(con: duckdb.DuckDBPyConnection, cohort: Cohort, name: str = "cohort") -> int:
    """The temp table ``name`` (child_id) of the cohort's children; returns how many."""
    sql, params = cohort_sql(cohort)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", params)
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


def options(con: duckdb.DuckDBPyConnection, la_code: str | None = None) -> dict:
    """The values each filter can take in this store, for the page's controls."""
    where, params = ("WHERE la_code = $la", {"la": la_code}) if la_code else ("", {})
    # teams that hold (or held) an allocation, so every option can give children; each team once,
    # by name, with its id added where two teams share a name
    teams = con.execute(f"""SELECT team_id, coalesce(team_name, team_id), locality FROM org_unit {where}
                            {'AND' if where else 'WHERE'} team_id IN (SELECT team_id FROM ({_TEAMS_EVER}))
                            ORDER BY 2, 1""", params).fetchall()
    named = [name for _, name, _ in teams]
    teams = [(t, name if named.count(name) == 1 else f"{name} ({t})", locality) for t, name, locality in teams]
    return {
        "age_bands": list(AGE_BANDS),
        "sexes": [{"value": k, "label": v} for k, v in codes.SEX.items()],
        "ethnic_groups": list(ETHNIC_GROUPS),
        "disability": [{"value": "yes", "label": "Disabled"}, {"value": "no", "label": "Not disabled"}],
        "teams": [{"value": t, "label": name} for t, name, _ in teams],
        "localities": sorted({loc for _, _, loc in teams if loc}),
        "referral_sources": list(codes.REFERRAL_SOURCE_GROUP),
        "authorities": [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()],
    }
