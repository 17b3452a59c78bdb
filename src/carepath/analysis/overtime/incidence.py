"""Cumulative incidence by birth cohort: the % of the children born in a year who had a first
referral, a first CIN plan, a first CP plan and a first entry to care by each year of age.

The "1 in 30 children enter care by 18" view of section 4 of *Data Visualisation in Children's
Social Care* (Coram, April 2019, figure 1), at the authority's own scale. Boundary choices:

* **A birth cohort** is the children born in one calendar year. Only cohorts born on or after the
  1 January following the start of the data are shown: for them, a first event in the data is a
  first event in their life (the returns say nothing of what happened before they begin).
* **By age a** means before the child's (a + 1)th birthday. A cohort's age a is shown only once
  every child of it has passed that birthday inside the data (31 December of its year of birth +
  a + 1 on or before the end of the data); later ages are left empty, **never extrapolated**, and
  the table and chart say how many ages each cohort has.
* **The denominator** is the mid-year population estimate of the cohort's age in the year it
  reached it (children aged a at mid-(birth year + a)), from the store's ``population`` table by
  single year of age (a population extract, or the synthetic authority's). The published 0-17
  totals in the reference folder are not by single year of age and cannot be used. Without it the
  analysis stops and says what to load.
* **Sex** uses the population's M and F rows where it has them.
* **Ethnic group** (DfE's major groups: White, Mixed, Asian, Black, Other, from the first letter of
  the child's ethnicity code; refused and not obtained are in no group) needs the population by
  ethnic group, sex and single year of age (the ``population by ethnic group`` local extract, e.g.
  the Census 2021's, or the synthetic authority's). A year it gives is used as it is; any other
  year takes each group's share of its age in the nearest year given (the earlier on a tie) times
  that year's mid-year estimate of the age. Without it, the analysis says it is not available.
* First entry to care leaves short breaks (V3, V4) out, as the periods of care do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from carepath.analysis.overtime import histories
from carepath.errors import CarepathError
from carepath.exchange import disclosure
from carepath.exchange.disclosure import SUPPRESSED
from carepath.sources.local_extract_kinds import MAJOR_GROUPS

EVENTS = {"referral": "First referral", "cin_plan": "First CIN plan", "cp_plan": "First CP plan",
          "care": "First entry to care"}
FIRSTS = """
    SELECT child_id, 'referral' AS event, min(referral_date) AS day FROM referral WHERE la_code = $la GROUP BY 1
    UNION ALL SELECT child_id, 'cin_plan', min(start_date) FROM cin_plan WHERE la_code = $la GROUP BY 1
    UNION ALL SELECT child_id, 'cp_plan', min(start_date) FROM cp_plan WHERE la_code = $la GROUP BY 1
    UNION ALL SELECT child_id, 'care', min(start_date) FROM cla_episode_context WHERE la_code = $la GROUP BY 1
"""


@dataclass
class Incidence:
    la_code: str
    cohorts: list[int]
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def chart_note(self) -> str:
        last = max(self.table["age"]) if len(self.table) else 0
        return (f"{len(self.cohorts)} birth cohorts observed from birth, to age {last} at most: "
                "later ages are not in the data and are not extrapolated.")

    def notes_table(self) -> pd.DataFrame:
        return pd.DataFrame({"note": self.notes or ["-"]})


def _population(con, la: str) -> pd.DataFrame:
    return con.execute("SELECT year, age, sex, sum(count) AS people FROM population WHERE area_code = ? "
                       "GROUP BY ALL", [la]).df()


def _population_by_ethnic_group(con, la: str) -> pd.DataFrame:
    held = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'population_ethnicity'"
                       ).fetchall()[0][0]
    if not held:      # a store made before the table existed, opened read-only
        return pd.DataFrame(columns=["year", "age", "sex", "ethnic_group", "people"])
    return con.execute("SELECT year, age, sex, ethnic_group, sum(count) AS people FROM population_ethnicity "
                       "WHERE area_code = ? GROUP BY ALL", [la]).df()


def by_ethnic_group_given(con, la: str) -> bool:
    """Whether the store has a population by ethnic group for the authority (else that split is not available)."""
    return not _population_by_ethnic_group(con, la).empty


def _both_sexes(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["sex"].isin(["M", "F"])] if rows["sex"].isin(["M", "F"]).any() else rows


def ethnic_denominator(by_group: pd.DataFrame, population: pd.DataFrame, year: int, age: int,
                       group: str) -> float | None:
    """Children of ``group`` aged ``age`` at mid-``year``: the year's own count where given, else the
    group's share of the age in the nearest year given times the year's mid-year estimate; None
    where that is nobody (no denominator)."""
    at_age = by_group[by_group["age"] == age]
    if at_age.empty:
        return None
    same = _both_sexes(at_age[at_age["year"] == year])
    if len(same):
        return float(same.loc[same["ethnic_group"] == group, "people"].sum()) or None
    nearest = min(set(at_age["year"]), key=lambda y: (abs(y - year), y))
    rows = _both_sexes(at_age[at_age["year"] == nearest])
    everyone = float(rows["people"].sum())
    base = _denominator(population, year, age, None)
    if not everyone or base is None:
        return None
    return base * float(rows.loc[rows["ethnic_group"] == group, "people"].sum()) / everyone or None


def _denominator(population: pd.DataFrame, year: int, age: int, sex: str | None) -> float | None:
    rows = population[(population["year"] == year) & (population["age"] == age)]
    if sex:
        rows = rows[rows["sex"] == sex]
    elif (rows["sex"].isin(["M", "F"])).any():
        rows = rows[rows["sex"].isin(["M", "F"])]
    return float(rows["people"].sum()) if len(rows) else None


def cumulative(con, la: str, subgroup: str | None = None, controlled: bool = False) -> Incidence:
    """The cumulative % by birth cohort and age for each first event (see the module docstring)."""
    obs = histories.observation(con, la)
    population = _population(con, la)
    if population.empty:
        raise CarepathError(f"The store has no mid-year population estimates by single year of age for authority "
                            f"{la}, so there is nothing to divide by: load the authority's population extract "
                            "(columns area_code, year, age, sex, count). The published 0-17 totals are not by "
                            "single year of age.")
    notes = []
    by_group = _population_by_ethnic_group(con, la) if subgroup == "ethnic_group" else None
    if subgroup == "ethnic_group" and by_group.empty:
        raise CarepathError(f"Cumulative incidence by ethnic group is not available: the store has no population by "
                            f"ethnic group for authority {la}, so there is no denominator. Load a population by "
                            "ethnic group extract (columns area_code, year, age, sex, ethnic_group, count; the "
                            "Census 2021 population by ethnic group, sex and single year of age will do).")
    if subgroup == "sex" and not population["sex"].isin(["M", "F"]).any():
        raise CarepathError("Cumulative incidence by sex is not available: the store's population estimates "
                            "are not given by sex.")
    first_cohort = obs.data_start.year + (0 if (obs.data_start.month, obs.data_start.day) == (1, 1) else 1)
    cohorts = [b for b in range(first_cohort, obs.data_end.year + 1) if date(b + 1, 12, 31) <= obs.data_end]
    if not cohorts:
        raise CarepathError(
            f"The data cover {', '.join(obs.years)} only: no birth cohort has been followed from birth through a "
            f"whole year of age (a cohort born in {first_cohort} needs returns to 31 March {first_cohort + 2}). "
            "Load more years of returns.")
    histories._install_care_periods(con)
    firsts = con.execute(f"SELECT f.event, f.day, c.dob, c.sex, c.ethnicity FROM ({FIRSTS.replace('$la', '?')}) f "
                         "JOIN child c USING (child_id) WHERE c.dob IS NOT NULL", [la] * 4).df()
    firsts["dob"] = pd.to_datetime(firsts["dob"])
    firsts["day"] = pd.to_datetime(firsts["day"])
    firsts["birth_year"] = firsts["dob"].dt.year
    firsts["age"] = [(d.year - b.year) - ((d.month, d.day) < (b.month, b.day))
                     for d, b in zip(firsts["day"], firsts["dob"])]
    firsts["ethnic_group"] = [histories._ethnic_group(c) for c in firsts["ethnicity"]]
    if subgroup == "ethnic_group":
        groups = [(g, g) for g in MAJOR_GROUPS]
        given = sorted({int(y) for y in by_group["year"]})
        unknown = int((firsts["ethnic_group"] == "Not known").sum())
        notes.append(f"By ethnic group: the population by ethnic group is given for {', '.join(map(str, given))}; "
                     "other years take each group's share of the age in the nearest of those years times the "
                     f"mid-year estimate. {unknown} first events of children whose ethnicity is refused or not "
                     "obtained are in no group.")
    else:
        groups = [(None, None)] if subgroup is None else [("Male", "M"), ("Female", "F")]
    rows = []
    for event in EVENTS:
        mine = firsts[firsts["event"] == event]
        for label, key in groups:
            sex = key if subgroup == "sex" else None
            part = (mine[mine["ethnic_group"] == key] if subgroup == "ethnic_group" else
                    mine[mine["sex"] == sex] if sex else mine)
            for b in cohorts:
                ages = [a for a in range(0, 18) if date(b + a + 1, 12, 31) <= obs.data_end]
                born = part[part["birth_year"] == b]
                for a in ages:
                    children = int((born["age"] <= a).sum())
                    people = (ethnic_denominator(by_group, population, b + a, a, key) if subgroup == "ethnic_group"
                              else _denominator(population, b + a, a, sex))
                    rows.append({"event": event, "subgroup": label, "birth_year": b, "age": a,
                                 "new": int((born["age"] == a).sum()), "children": children, "population": people,
                                 "cumulative_percent": round(100 * children / people, 2) if people else None})
    table = pd.DataFrame(rows)
    missing = table[table["population"].isna()]
    if len(missing):
        notes.append(f"No population estimate for {len(missing)} cohort-age cells (e.g. born {missing.iloc[0]['birth_year']}"
                     f", age {missing.iloc[0]['age']}): their % is left empty.")
    reached = {b: int(table[table["birth_year"] == b]["age"].max()) + 1 for b in cohorts}
    notes.append("Ages observed by cohort: " + "; ".join(f"born {b}: ages 0 to {n - 1}" for b, n in reached.items())
                 + ". Later ages are not in the data yet and are not extrapolated.")
    if len(cohorts) < 18:
        notes.append(f"{len(cohorts)} birth cohorts are observed from birth, fewer than the 18 years of childhood: "
                     "no cohort reaches 18 in these data.")
    if controlled:
        table = _control(table)
    return Incidence(la, cohorts, table.drop(columns=["new"]), notes)


def _control(table: pd.DataFrame) -> pd.DataFrame:
    """Suppress new counts of 1 to 4 and any cumulative count that would reveal one."""
    table = table.copy().astype({"children": object, "cumulative_percent": object})
    for _, part in table.groupby(["event", "subgroup", "birth_year"], dropna=False):
        values = {("new", r.age): r.new for r in part.itertuples()}
        values.update({("cum", r.age): r.children for r in part.itertuples()})
        t = disclosure.Table(values)
        for r in part.itertuples():
            t.add_total(("cum", r.age), [("new", a) for a in part["age"] if a <= r.age])
        hidden = disclosure.protect(t)
        for index, r in zip(part.index, part.itertuples()):
            if ("cum", r.age) in hidden:
                table.at[index, "children"] = SUPPRESSED
                table.at[index, "cumulative_percent"] = SUPPRESSED
    return table
