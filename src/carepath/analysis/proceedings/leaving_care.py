"""The leaving-care curve of periods of care with and without care proceedings.

Section 5 of *Data Visualisation in Children's Social Care* (Coram, April 2019) compares children
subject to proceedings with those without: 70% of the first were still in care 50 weeks after
entering, against 50% of the second. Here:

* a **period of care** is a run of SSDA903 episodes of one child, each starting the day the one
  before ended (short breaks, V3/V4, left out); it starts with its first episode and ends with
  the last one's end date (open: censored at the data's last day, the latest episode start or end);
* a period is **with proceedings** when a linked proceeding was under way during it: applied for
  on or before the period's last day (or while it is open) and not concluded before it started
  (final order on or after the start, or none yet);
* the curve is the Kaplan-Meier estimate (lifelines) of the share still in care ``weeks`` after
  the start, by group; ``still_in_care_at`` reads it at 50 weeks (350 days);
* for the dashboard, :func:`survival` fits the same curves with the Over time pages' machinery
  (:func:`carepath.analysis.overtime.survival.curves`: lifelines, 95% bands, numbers at risk), so
  that their disclosure control (:mod:`carepath.analysis.overtime.control`) applies unchanged, and
  :func:`at_weeks` reads them at 13, 26, 50, 52, 78 and 104 weeks.
"""
from __future__ import annotations

import duckdb
import pandas as pd

PERIODS_SQL = """
WITH ep AS (
    SELECT child_id, start_date, end_date,
           CASE WHEN lag(end_date) OVER w = start_date THEN 0 ELSE 1 END AS new_period
    FROM cla_episode WHERE (legal_status IS NULL OR legal_status NOT IN ('V3', 'V4')) AND ($la IS NULL OR la_code = $la)
    WINDOW w AS (PARTITION BY child_id ORDER BY start_date)
), numbered AS (
    SELECT *, sum(new_period) OVER (PARTITION BY child_id ORDER BY start_date) AS period
    FROM ep
), periods AS (
    SELECT child_id, period, min(start_date) AS start_date,
           CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS end_date
    FROM numbered GROUP BY child_id, period
)
SELECT p.child_id, p.start_date, p.end_date,
       EXISTS (SELECT 1 FROM proceeding q JOIN proceeding_link l USING (proceeding_id)
               WHERE l.child_id = p.child_id AND (p.end_date IS NULL OR q.application_date <= p.end_date)
                 AND (q.final_order_date IS NULL OR q.final_order_date >= p.start_date)) AS with_proceedings
FROM periods p ORDER BY p.child_id, p.start_date
"""


def periods(con: duckdb.DuckDBPyConnection, la: str | None = None) -> pd.DataFrame:
    """Periods of care (of one authority's children, or all) with their duration in days, whether they
    ended, and the group."""
    frame = con.execute(PERIODS_SQL, {"la": la}).df()
    data_end = con.execute("SELECT greatest(max(start_date), max(end_date)) FROM cla_episode "
                           "WHERE $la IS NULL OR la_code = $la", {"la": la}).fetchall()[0][0]
    if frame.empty:
        return frame.assign(duration=[], left=[], group=[])
    ends = pd.to_datetime(frame.end_date)
    frame["left"] = ends.notna()
    frame["duration"] = (ends.fillna(pd.Timestamp(data_end)) - pd.to_datetime(frame.start_date)).dt.days
    frame["group"] = frame.with_proceedings.map({True: "With proceedings", False: "Without proceedings"})
    return frame


def curve(frame: pd.DataFrame, weeks: int = 104) -> pd.DataFrame:
    """Share still in care at each week from 0 to ``weeks``, by group (Kaplan-Meier)."""
    from lifelines import KaplanMeierFitter
    rows = []
    for group, part in frame.groupby("group"):
        fitter = KaplanMeierFitter().fit(part.duration, part.left, label=group)
        for week in range(weeks + 1):
            rows.append({"group": group, "week": week, "still_in_care": round(float(fitter.predict(7 * week)), 4),
                         "at_risk": int((part.duration >= 7 * week).sum())})
    return pd.DataFrame(rows)


def still_in_care_at(frame: pd.DataFrame, weeks: int = 50) -> dict[str, float]:
    table = curve(frame, weeks)
    return {g: float(v) for g, v in table[table.week == weeks].set_index("group").still_in_care.items()}


WEEKS = (13, 26, 50, 52, 78, 104)
"""The weeks the dashboard's table reads the curves at (50: the Coram report's comparison)."""
DAYS_PER_WEEK = 7


def survival(frame: pd.DataFrame):
    """The curves by group as :class:`carepath.analysis.overtime.survival.Survival` (steps in months)."""
    from dataclasses import replace

    from carepath.analysis.overtime.survival import curves
    records = frame.assign(record_id=frame.child_id + "/" + frame.start_date.astype(str),
                           event=frame.left.astype(int), kind=frame.left.astype(int))
    result = curves(records, "leaving_care", "group")
    return replace(result, title="Still in care, with and without care proceedings", share_label="still in care",
                   notes=[n for n in result.notes])


def at_weeks(result, frame: pd.DataFrame, controlled: bool, threshold: int = 5) -> list[dict]:
    """One row per group and week of ``WEEKS``: % still in care (the curve's last step on or before the
    day), the periods still followed then, and the periods that had ended by then.

    ``result`` is the (controlled, when ``controlled``) :func:`survival`; when controlled, a share
    with fewer than ``threshold`` periods followed, or with 1 to ``threshold - 1`` endings before it,
    is ``c``, as are those counts (the Over time pages' rule)."""
    from carepath.analysis.overtime.histories import DAYS_PER_MONTH
    from carepath.exchange.disclosure import SUPPRESSED
    rows = []
    for curve in result.curves:
        part = frame[frame.group == curve.group]
        durations, left = part.duration.to_numpy(), part.left.to_numpy()
        for week in WEEKS:
            day = week * DAYS_PER_WEEK
            followed = int((durations >= day).sum())
            ended = int(((durations <= day) & left).sum())
            steps = [i for i, m in enumerate(curve.months) if m * DAYS_PER_MONTH <= day + 1e-9]
            share = curve.share[steps[-1]] if steps and durations.max() >= day else None
            row = {"group": curve.group, "weeks": week,
                   "still_in_care": None if share is None else round(100 * share, 1),
                   "followed": followed, "ended": ended}
            if controlled:
                if followed < threshold or 0 < ended < threshold:
                    row["still_in_care"] = SUPPRESSED if row["still_in_care"] is not None else None
                if 0 < followed < threshold:
                    row["followed"] = SUPPRESSED
                if 0 < ended < threshold:
                    row["ended"] = SUPPRESSED
            rows.append(row)
    return rows
