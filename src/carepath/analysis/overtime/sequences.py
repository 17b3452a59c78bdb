"""Groups of care histories: sequence analysis of each child's months from their first entry to care,
after McGrath-Lone's groups of children in care (cited in section 4 of the Coram report above).

Method, all with maintained libraries:

* **Who**: children whose first period of care in the data began on or after the start of the data
  and at least ``months`` months before its end (so every history is seen in full); short breaks
  (V3, V4) are left out. A store with more than ``sample`` such children is sampled: a simple
  random sample without replacement (numpy, seed 0), said in the notes.
* **States**, one a month (the state on the month's first day, month 0 = the day of entry):
  foster care (PLACE U1-U6), residential (K1, K2, R1, R2, R5, S1, H5, K3), placed with parents (P1),
  placed for adoption (A3-A6), other placement, out of care.
* **Dissimilarity**: Hamming distance between histories (the share of months in different states;
  scipy ``pdist``), a documented alternative to optimal matching with substitution cost 1 and no
  insertions or deletions, appropriate here because every history has the same length and start.
* **Groups**: average-linkage hierarchical clustering (scipy); the number of groups is the one in
  ``k_range`` with the highest mean silhouette (scikit-learn, on the same distances).
* **Described** by size, share, median months in care, median periods of care, and the typical path
  of the group's medoid (the history nearest all others), as runs: "foster 14m, out 22m".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from carepath.analysis.overtime import histories
from carepath.errors import CarepathError

STATES = {0: "Out of care", 1: "Foster care", 2: "Residential", 3: "Placed with parents",
          4: "Placed for adoption", 5: "Other placement"}
PLACE_STATE = {**{f"U{i}": 1 for i in range(1, 7)}, **{p: 2 for p in ("K1", "K2", "K3", "R1", "R2", "R5", "S1", "H5")},
               "P1": 3, **{f"A{i}": 4 for i in range(3, 7)}}


@dataclass
class Groups:
    histories: int
    groups: pd.DataFrame
    silhouette: pd.DataFrame
    best_score: float
    index_plot: pd.DataFrame
    labels: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _sequences(con, la: str | None, months: int, sample: int) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    if la:
        observations = [histories.observation(con, la)]
    else:
        codes = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM cla_episode ORDER BY 1").fetchall()]
        observations = [histories.observation(con, c) for c in codes]
    if not observations:
        raise CarepathError("The store holds no SSDA903 episodes: there are no care histories to group.")
    histories._install_care_periods(con)
    span = round(months * 30.4375)
    windows = ", ".join(f"('{o.la_code}', DATE '{o.data_start}', DATE '{o.data_end}')" for o in observations)
    eligible = [r[0] for r in con.execute(f"""
        SELECT child_id FROM (SELECT child_id, any_value(la_code) AS la_code, min(start_date) AS first
                              FROM cla_episode_context GROUP BY child_id) f
        JOIN (VALUES {windows}) w(la_code, data_start, data_end) USING (la_code)
        WHERE f.first >= w.data_start AND f.first + {span} <= w.data_end ORDER BY child_id""").fetchall()]
    if not eligible:
        raise CarepathError(f"No child first entered care at least {months} months before the end of the data, so no "
                            "whole care history can be compared: load more years of returns, or choose fewer --months.")
    notes = []
    if len(eligible) > sample:
        keep = np.sort(np.random.default_rng(0).choice(len(eligible), size=sample, replace=False))
        notes.append(f"{len(eligible)} care histories: a simple random sample of {sample} (seed 0) is grouped.")
        eligible = [eligible[i] for i in keep]
    con.execute("CREATE OR REPLACE TEMP TABLE sequence_children AS SELECT unnest(?) AS child_id", [eligible])
    episodes = con.execute("""SELECT child_id, start_date, end_date, placement, care_no
                              FROM cla_episode_context JOIN sequence_children USING (child_id)
                              ORDER BY child_id, start_date""").df()
    ids, rows, periods = [], [], []
    for child_id, part in episodes.groupby("child_id", sort=True):
        first = part["start_date"].iloc[0].date()
        starts = part["start_date"].dt.date.to_numpy()
        ends = part["end_date"].apply(lambda d: d.date() if not pd.isna(d) else date.max).to_numpy()
        places = part["placement"].to_numpy()
        seq = np.zeros(months, dtype=np.int8)
        for m in range(months):
            day = first + timedelta(days=round(m * 30.4375))
            open_ = np.nonzero((starts <= day) & (ends > day))[0]
            if len(open_):
                seq[m] = PLACE_STATE.get(places[open_[-1]], 5)
        ids.append(child_id)
        rows.append(seq)
        periods.append(int(part["care_no"].max()))
    return ids, np.vstack(rows), np.array(periods), notes


def _runs(seq: np.ndarray) -> str:
    out, start = [], 0
    for i in range(1, len(seq) + 1):
        if i == len(seq) or seq[i] != seq[start]:
            out.append(f"{STATES[int(seq[start])].lower()} {i - start}m")
            start = i
    return ", ".join(out)


def groups(con, la: str | None = None, months: int = 36, k_range: tuple[int, int] = (2, 8),
           sample: int = 3000) -> Groups:
    """Cluster the care histories (see the module docstring)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist, squareform
    from sklearn.metrics import silhouette_score
    ids, seqs, periods, notes = _sequences(con, la, months, sample)
    low, high = k_range
    if len(ids) < max(low + 1, 10):
        raise CarepathError(f"Only {len(ids)} whole care histories of {months} months: too few to group.")
    distances = pdist(seqs, metric="hamming")
    tree = linkage(distances, method="average")
    square = squareform(distances)
    scores = []
    for k in range(low, min(high, len(ids) - 1) + 1):
        labels = fcluster(tree, k, criterion="maxclust")
        if len(set(labels)) < 2:
            continue
        scores.append((k, float(silhouette_score(square, labels, metric="precomputed")), labels))
    if not scores:
        raise CarepathError("The care histories are all alike: there are no groups to find.")
    best_k, best, labels = max(scores, key=lambda s: s[1])
    rows, index_rows = [], []
    for g in sorted(set(labels)):
        members = np.nonzero(labels == g)[0]
        inner = square[np.ix_(members, members)]
        medoid = members[int(inner.sum(axis=1).argmin())]
        in_care = (seqs[members] > 0).sum(axis=1)
        rows.append({"group": int(g), "children": len(members), "share_percent": round(100 * len(members) / len(ids), 1),
                     "median_months_in_care": float(np.median(in_care)),
                     "median_periods_of_care": float(np.median(periods[members])), "typical_path": _runs(seqs[medoid])})
        order = members[np.lexsort(seqs[members].T[::-1])]     # sorted by month 0, then month 1, ...
        for r, i in enumerate(order[:200]):
            for m, state in enumerate(seqs[i]):
                index_rows.append({"group": f"Group {g}", "row": r, "month": m, "state": STATES[int(state)]})
    table = pd.DataFrame(rows).sort_values("children", ascending=False)
    notes.append(f"{best_k} groups: the highest mean silhouette ({best:.2f}) of {low} to {high} groups tried.")
    return Groups(len(ids), table, pd.DataFrame([{"groups": k, "silhouette": round(s, 3)} for k, s, _ in scores]),
                  best, pd.DataFrame(index_rows), dict(zip(ids, map(int, labels))), notes)
