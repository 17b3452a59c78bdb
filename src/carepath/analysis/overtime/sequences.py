"""Groups of care histories: sequence analysis of each child's months from their first entry to care,
after McGrath-Lone's groups of children in care (cited in section 4 of the Coram report above).

Method, all with maintained libraries:

* **Who**: children whose first period of care in the data began on or after the start of the data
  and at least ``months`` months before its end (so every history is seen in full); short breaks
  (V3, V4) are left out. A store with more than ``sample`` such children is sampled: a random
  sample without replacement stratified by authority (each authority's share of the sample is its
  share of the histories, by largest remainder; numpy, seed 0; :func:`stratified_sample`), said in
  the notes. The sample is clustered; every other child joins the group whose medoid is nearest
  (Hamming distance), so group sizes, medians and the drill-through cover every child.
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
    labels: dict[str, int] = field(default_factory=dict)    # every child grouped, sampled or not
    notes: list[str] = field(default_factory=list)
    sampled: int = 0                                         # the histories clustered (the rest assigned)


def _eligible(con, la: str | None, months: int) -> list[tuple[str, str]]:
    """(child_id, la_code) of every child whose whole first ``months`` of care are in the data."""
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
    eligible = [(r[0], r[1]) for r in con.execute(f"""
        SELECT child_id, la_code FROM (SELECT child_id, any_value(la_code) AS la_code, min(start_date) AS first
                                       FROM cla_episode_context GROUP BY child_id) f
        JOIN (VALUES {windows}) w(la_code, data_start, data_end) USING (la_code)
        WHERE f.first >= w.data_start AND f.first + {span} <= w.data_end ORDER BY child_id""").fetchall()]
    if not eligible:
        raise CarepathError(f"No child first entered care at least {months} months before the end of the data, so no "
                            "whole care history can be compared: load more years of returns, or choose fewer --months.")
    return eligible


def stratified_sample(eligible: list[tuple[str, str]], size: int, seed: int = 0) -> list[int]:
    """Positions of a random sample of ``size`` stratified by authority: each authority's share of the
    sample is its share of the histories (the fractions rounded by largest remainder, ties to the
    authority coming first by code), drawn without replacement with numpy's generator ``seed``,
    authorities in code order."""
    strata: dict[str, list[int]] = {}
    for i, (_, la) in enumerate(eligible):
        strata.setdefault(la, []).append(i)
    exact = {la: size * len(members) / len(eligible) for la, members in strata.items()}
    counts = {la: int(x) for la, x in exact.items()}
    for la in sorted(exact, key=lambda la: (counts[la] - exact[la], la))[:size - sum(counts.values())]:
        counts[la] += 1
    rng = np.random.default_rng(seed)
    chosen = [i for la in sorted(strata) for i in rng.choice(strata[la], size=counts[la], replace=False).tolist()]
    return sorted(chosen)


def _build(con, ids: list[str], months: int) -> tuple[np.ndarray, np.ndarray]:
    """(states: one row per child in ``ids`` order, one column a month; periods of care per child)."""
    con.execute("CREATE OR REPLACE TEMP TABLE sequence_children AS SELECT unnest(?) AS child_id", [ids])
    episodes = con.execute("""SELECT child_id, start_date, end_date, placement, care_no
                              FROM cla_episode_context JOIN sequence_children USING (child_id)
                              ORDER BY child_id, start_date""").df()
    row_of = {c: i for i, c in enumerate(ids)}
    rows = episodes["child_id"].map(row_of).to_numpy()
    starts = episodes["start_date"].to_numpy(dtype="datetime64[D]")
    ends = episodes["end_date"].to_numpy(dtype="datetime64[D]")
    first = np.full(len(ids), np.datetime64("9999-12-31"), dtype="datetime64[D]")
    np.minimum.at(first, rows, starts)
    offsets = np.array([round(m * 30.4375) for m in range(months)])     # month m is day offsets[m] of the history
    since = (starts - first[rows]).astype(int)
    until = np.where(np.isnat(ends), 10 ** 6, (ends - first[rows]).astype("int64"))
    # an episode covers month m when it is open on the month's day: start <= day < end
    lo, hi = np.searchsorted(offsets, since, side="left"), np.searchsorted(offsets, until, side="left")
    states = np.array([PLACE_STATE.get(p, 5) for p in episodes["placement"]], dtype=np.int8)
    seqs = np.zeros((len(ids), months), dtype=np.int8)
    for r, a, b, state in zip(rows, lo, hi, states):    # in start order: a later episode wins a shared month
        seqs[r, a:b] = state
    periods = np.zeros(len(ids), dtype=int)
    np.maximum.at(periods, rows, episodes["care_no"].to_numpy(dtype=int))
    return seqs, periods


def _sequences(con, la: str | None, months: int, sample: int):
    """(sampled ids, their states, their periods, the other ids, their states, their periods, notes)."""
    eligible = _eligible(con, la, months)
    notes = []
    rest: list[str] = []
    ids = [c for c, _ in eligible]
    if len(eligible) > sample:
        keep = stratified_sample(eligible, sample)
        authorities = len({a for _, a in eligible})
        kept = set(keep)
        rest = [c for i, (c, _) in enumerate(eligible) if i not in kept]
        ids = [eligible[i][0] for i in keep]
        notes.append(f"{len(eligible)} care histories" + (f" in {authorities} authorities" if authorities > 1 else "")
                     + f": a random sample of {sample}" + (", stratified by authority (each authority's share of "
                     "the sample is its share of the histories)" if authorities > 1 else "")
                     + f", seed 0, is grouped; the other {len(rest)} join the group whose typical history (medoid) "
                     "is nearest theirs (Hamming distance).")
    seqs, periods = _build(con, ids, months)
    rest_seqs, rest_periods = _build(con, rest, months) if rest else (np.zeros((0, months), np.int8), np.zeros(0, int))
    return ids, seqs, periods, rest, rest_seqs, rest_periods, notes


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
    ids, seqs, periods, rest, rest_seqs, rest_periods, notes = _sequences(con, la, months, sample)
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
    found = sorted(set(labels))
    medoids = {}
    for g in found:
        members = np.nonzero(labels == g)[0]
        medoids[g] = members[int(square[np.ix_(members, members)].sum(axis=1).argmin())]
    rest_labels = np.array(found)[np.argmin((rest_seqs[:, None, :] != seqs[[medoids[g] for g in found]][None, :, :])
                                            .mean(axis=2), axis=1)] if len(rest) else np.zeros(0, int)
    every_seq, every_label = np.vstack([seqs, rest_seqs]), np.concatenate([labels, rest_labels])
    every_periods = np.concatenate([periods, rest_periods])
    rows, index_rows = [], []
    for g in found:
        members = np.nonzero(labels == g)[0]
        medoid = medoids[g]
        everyone = np.nonzero(every_label == g)[0]
        in_care = (every_seq[everyone] > 0).sum(axis=1)
        rows.append({"group": int(g), "children": len(everyone), "sampled": len(members),
                     "share_percent": round(100 * len(everyone) / len(every_label), 1),
                     "median_months_in_care": float(np.median(in_care)),
                     "median_periods_of_care": float(np.median(every_periods[everyone])),
                     "typical_path": _runs(seqs[medoid])})
        order = members[np.lexsort(seqs[members].T[::-1])]     # sorted by month 0, then month 1, ...
        for r, i in enumerate(order[:200]):
            for m, state in enumerate(seqs[i]):
                index_rows.append({"group": f"Group {g}", "row": r, "month": m, "state": STATES[int(state)]})
    table = pd.DataFrame(rows).sort_values("children", ascending=False)
    notes.append(f"{best_k} groups: the highest mean silhouette ({best:.2f}) of {low} to {high} groups tried.")
    return Groups(len(every_label), table, pd.DataFrame([{"groups": k, "silhouette": round(s, 3)} for k, s, _ in scores]),
                  best, pd.DataFrame(index_rows), dict(zip(ids + rest, map(int, every_label))), notes,
                  len(ids))
