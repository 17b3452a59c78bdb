"""Each looked-after child's state at every month end, from the SSDA903 episodes in the store.

A child's state on a month end is their age (in completed months, which sets the age band) and the
type of their placement, from the episode that covers that day. Boundary choices, pinned by
``tests/forecast/test_care_history.py``:

* a child is looked after on day *d* when an episode started on or before *d* and has no end date
  or ends after *d* (SSDA903's DEC is the day the episode ceased, on which the child is no longer
  in that episode); when two episodes cover a day (bad data) the later-starting one counts;
* episodes of short-break care (legal status V3, V4) are left out, as DfE leaves them out of the
  children looked after it publishes;
* an episode left open in one SSDA903 return but absent from every later return loaded (its child
  is not in them) is taken to have ended by the end of that return's year (end date 1 April): a
  return lists every child looked after at any time in its year, so a child missing from the next
  one was not looked after in it. Without this, such children would stay looked after until 18.
  Episodes whose load recorded no return year are taken as they are;
* only month ends are observed, so a stay that starts and ends within one month is not counted —
  a monthly stock model, like the published "children looked after at 31 March", counts children
  present at a point in time;
* ages are whole months completed on the month end; a child aged 18 or over is not in the model;
* placement types (the forecast's groups of the SSDA903 PLACE codes and PLACE_PROVIDER):
  kinship = U1-U3 (foster care with relatives or friends); fostering in-house = U4-U6 with a
  public provider (PR1 own authority, PR2 another authority, PR3 other public); fostering agency =
  U4-U6 with a private or voluntary provider (PR4, PR5: independent fostering agencies), and U4-U6
  without a provider; residential = K1, K2, R1, R2, R5, S1 (children's homes, secure homes, health
  and custodial establishments, residential schools); placed with parents = P1; other = every
  other code (adoption placements A3-A6, supported and independent accommodation K3, H5, P2,
  P3, mother-and-baby units R3, temporary T0-T4, Z codes), and a missing code.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from carepath.errors import CarepathError

PLACEMENT_TYPES = ("fostering_in_house", "fostering_agency", "residential", "kinship",
                   "placed_with_parents", "other")
PLACEMENT_LABELS = {"fostering_in_house": "Fostering: in-house", "fostering_agency": "Fostering: agency",
                    "residential": "Residential", "kinship": "Kinship fostering",
                    "placed_with_parents": "Placed with parents", "other": "Other"}
# DfE's age groups for children looked after: (label, first year of age, last year of age)
AGE_BANDS = (("under 1", 0, 0), ("1 to 4", 1, 4), ("5 to 9", 5, 9), ("10 to 15", 10, 15), ("16 to 17", 16, 17))
MAX_AGE_MONTHS = 18 * 12          # a child leaves the model on their 18th birthday
KINSHIP = {"U1", "U2", "U3"}
FOSTER = {"U4", "U5", "U6"}
PUBLIC_PROVIDERS = {"PR1", "PR2", "PR3"}
RESIDENTIAL = {"K1", "K2", "R1", "R2", "R5", "S1"}
SHORT_BREAKS = ("V3", "V4")


class ForecastError(CarepathError):
    """Input the forecast cannot use; the message says what is missing and what to do."""


def placement_type(placement: str | None, provider: str | None) -> str:
    """The forecast's placement type for an SSDA903 PLACE code and PLACE_PROVIDER."""
    code = (placement or "").strip().upper()
    if code in KINSHIP:
        return "kinship"
    if code in FOSTER:
        return "fostering_in_house" if (provider or "").strip().upper() in PUBLIC_PROVIDERS else "fostering_agency"
    if code in RESIDENTIAL:
        return "residential"
    if code == "P1":
        return "placed_with_parents"
    return "other"


def band_of_age_months(age_months):
    """Index into AGE_BANDS of an age in completed months (scalar or numpy array)."""
    years = np.asarray(age_months) // 12
    edges = np.array([first for _, first, _ in AGE_BANDS[1:]])
    return np.searchsorted(edges, years, side="right")


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def month_ends(first: date, last: date) -> list[date]:
    """Every month end from first's month to last's month, inclusive."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def age_in_months(dob: pd.Series, on: date) -> np.ndarray:
    """Whole months completed by ``on`` (a birthday-of-the-month not yet reached does not count)."""
    dob = pd.to_datetime(dob)
    months = (on.year - dob.dt.year) * 12 + (on.month - dob.dt.month)
    return (months - (dob.dt.day > on.day).astype(int)).to_numpy()


@dataclass
class History:
    """Children's states at each month end; ``notes`` says what was left out and why."""

    states: pd.DataFrame                      # child_id, month_end, age_months, band, ptype
    months: list[date]
    notes: list[str] = field(default_factory=list)

    @property
    def span_months(self) -> int:
        return len(self.months) - 1


def monthly_states(episodes: pd.DataFrame, first: date, last: date) -> History:
    """States of every child at each month end from ``first`` to ``last``.

    ``episodes`` needs child_id, dob, start_date, end_date, placement, provider, and may have legal_status.
    """
    notes = []
    eps = episodes.copy()
    if "legal_status" in eps:
        short_breaks = eps["legal_status"].isin(SHORT_BREAKS)
        if short_breaks.any():
            notes.append(f"{int(short_breaks.sum())} short-break episodes (V3, V4) are left out, as in DfE's figures.")
        eps = eps[~short_breaks]
    for col in ("dob", "start_date", "end_date"):
        eps[col] = pd.to_datetime(eps[col])
    no_dob = eps["dob"].isna()
    if no_dob.any():
        notes.append(f"{eps.loc[no_dob, 'child_id'].nunique()} children without a date of birth are left out.")
        eps = eps[~no_dob]
    eps["ptype"] = [placement_type(p, r) for p, r in zip(eps["placement"], eps["provider"])]
    eps = eps.sort_values(["child_id", "start_date"])
    months = month_ends(first, last)
    frames = []
    for m in months:
        ts = pd.Timestamp(m)
        on = eps[(eps["start_date"] <= ts) & (eps["end_date"].isna() | (eps["end_date"] > ts))]
        on = on.drop_duplicates("child_id", keep="last")        # the later-starting episode
        ages = age_in_months(on["dob"], m)
        keep = (ages >= 0) & (ages < MAX_AGE_MONTHS)
        on = on[keep]
        frames.append(pd.DataFrame({"child_id": on["child_id"].to_numpy(), "month_end": m,
                                    "age_months": ages[keep].astype(int), "ptype": on["ptype"].to_numpy()}))
    states = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["child_id", "month_end", "age_months", "ptype"])
    states["band"] = band_of_age_months(states["age_months"].to_numpy(dtype=int))
    return History(states, months, notes)


EPISODES_SQL = """
SELECT e.child_id, c.dob, e.start_date, e.end_date, e.placement, e.provider, e.legal_status,
       b.return_year AS reported_in
FROM cla_episode e JOIN child c USING (child_id) LEFT JOIN load_batch b ON b.batch_id = e.batch_id
WHERE (? IS NULL OR e.la_code = ?)
"""


def _latest_year_start(text) -> int | None:
    """2018 for '2017-18, 2018-19' (a load's return years); None when none is recorded."""
    starts = [int(y.strip()[:4]) for y in str(text or "").split(",") if y.strip()[:4].isdigit()]
    return max(starts) if starts else None


def close_unreported(episodes: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Close open episodes that no later return loaded lists (see the module's notes); how many were closed.

    ``reported_in`` is the return year (or years) of the load that last wrote each episode.
    """
    if "reported_in" not in episodes or episodes.empty:
        return episodes, 0
    year = episodes["reported_in"].map(_latest_year_start)
    latest = year.max()
    if pd.isna(latest):
        return episodes, 0
    stale = episodes["end_date"].isna() & year.notna() & (year < latest)
    out = episodes.copy()
    out["end_date"] = pd.to_datetime(out["end_date"]).astype("datetime64[ns]")
    out.loc[stale, "end_date"] = [pd.Timestamp(int(y) + 1, 4, 1) for y in year[stale]]
    return out, int(stale.sum())


def history_period(con, la_code: str | None = None) -> tuple[date, date, str]:
    """First and last month ends the SSDA903 returns in the store cover, and how that was decided.

    From the return years of the SSDA903 loads: a return for 2021-22 lists every episode open on any
    day from 1 April 2021, so the stock is complete from 31 March 2021 to 31 March 2022.
    """
    years = [r[0] for r in con.execute(
        "SELECT DISTINCT return_year FROM load_batch WHERE format LIKE 'ssda903%' AND return_year IS NOT NULL "
        "AND (? IS NULL OR la_code = ?)", [la_code, la_code]).fetchall()]
    starts = sorted(int(y[:4]) for y in years if len(y) >= 4 and y[:4].isdigit())
    if starts:
        return date(starts[0], 3, 31), date(starts[-1] + 1, 3, 31), "the SSDA903 return years loaded"
    lo, hi = con.execute("SELECT min(start_date), greatest(max(start_date), max(end_date)) FROM cla_episode "
                         "WHERE (? IS NULL OR la_code = ?)", [la_code, la_code]).fetchall()[0]
    if lo is None:
        raise ForecastError("The store holds no SSDA903 episodes (cla_episode is empty). Load the authority's "
                            "SSDA903 returns for at least two years first: carepath load RETURNS/")
    return month_end(lo), month_end(hi), "the episode dates (no SSDA903 return year recorded)"


def load_history(con, la_code: str | None = None) -> History:
    """Monthly states of every looked-after child in the store (one authority, or all)."""
    authorities = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM cla_episode").fetchall()]
    if la_code is None and len(authorities) > 1:
        raise ForecastError(f"The store holds SSDA903 episodes for {len(authorities)} authorities "
                            f"({', '.join(sorted(map(str, authorities)))}); choose one with --la.")
    first, last, how = history_period(con, la_code)
    episodes = con.execute(EPISODES_SQL, [la_code, la_code]).df()
    episodes, closed = close_unreported(episodes)
    history = monthly_states(episodes, first, last)
    history.notes.insert(0, f"History from {first:%d %B %Y} to {last:%d %B %Y} ({how}).")
    if closed:
        history.notes.append(
            f"{closed} episodes left open in one return are not in any later return loaded: their children are "
            "taken to have stopped being looked after by the end of that return's year (a return lists every child "
            "looked after during its year).")
    latest = pd.to_datetime(episodes[["start_date", "end_date"]].stack(), errors="coerce").max()
    if pd.notna(latest) and latest.date() > month_end(last) and (latest.date() - last).days > 31:
        history.notes.insert(1, f"Episodes are dated up to {latest:%d %B %Y}, after the last return year's end "
                                f"({last:%d %B %Y}); they are not used. Check the return years the files were "
                                "loaded as (carepath status).")
    return history
