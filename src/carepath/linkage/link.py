"""Linking care proceedings to children: a deterministic pass, then Splink, then clerical decisions.

1. **Refused**: proceedings without usable identifiers or with self-contradicting dates
   (:func:`carepath.linkage.prepare.refusal`) are never linked; each gets its reason in
   ``proceeding_link_issue``.
2. **Deterministic**: the legal file's social care id equals a child's LAchildID (same
   authority); or forename, surname and date of birth all agree exactly with one child only.
3. **Probabilistic**: the rest are scored by the Splink model of :mod:`carepath.linkage.settings`,
   trained on this run's data (u by random sampling, m by EM, over every proceeding offered,
   including those the deterministic pass linked), in an in-memory DuckDB database, or on
   Spark (``spark``: a session from :func:`carepath.linkage.spark.session`).
   Trained m probabilities are floored (``M_FLOOR``) so that no one disagreement vetoes a link.
   A proceeding's best child is linked when its match probability is at least ``LINK_AT`` and
   no other child comes within ``CLOSE_WEIGHT`` of its match weight; otherwise pairs from
   ``REVIEW_FROM`` wait for review. Candidates equally likely are ranked by child id, so the
   choice never depends on the order the engine returned them in.
4. **Clerical**: reviewers' decisions (``clerical_decision``) are re-applied on every run: an
   accepted pair is linked (method ``clerical``, match probability 1: a person confirmed it; the
   model's weight is kept) whatever the model says; a rejected pair is never
   linked, and the proceeding's next best child is considered instead.

Every run replaces ``proceeding_link``, ``proceeding_candidate`` and ``proceeding_link_issue`` for
the authorities it covers, in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

from carepath.errors import CarepathError
from carepath.linkage import settings as model
from carepath.linkage.prepare import Sides, read_sides
from carepath.linkage.scoring import floor_levels, floor_m, score  # noqa: F401 (floor_levels, floor_m: API)


@dataclass
class LinkRun:
    proceedings: int = 0
    refused: int = 0
    deterministic: int = 0
    probabilistic: int = 0
    clerical: int = 0
    review: int = 0
    unlinked: int = 0
    notes: list[str] = field(default_factory=list)
    links: pd.DataFrame | None = None  # proceeding_id, child_id, method, match_probability, match_weight
    candidates: pd.DataFrame | None = None
    model: dict | None = None  # the trained Splink model (settings with m and u), as Splink saves it
    weights_chart: object | None = None  # Splink's match weights chart (an Altair chart) of the trained model

    @property
    def linked(self) -> int:
        return self.deterministic + self.probabilistic + self.clerical

    def summary(self) -> str:
        rate = self.linked / self.proceedings if self.proceedings else 0
        return (f"{self.proceedings:,} proceedings: {self.linked:,} linked ({rate:.0%}: {self.deterministic:,} "
                f"deterministic, {self.probabilistic:,} probabilistic, {self.clerical:,} clerical), "
                f"{self.review:,} waiting for review, {self.refused:,} refused, {self.unlinked:,} not linked")


def deterministic_links(sides: Sides) -> dict[str, str]:
    """{proceeding_id: child_id} from the social care id, or an exact, unique name and date of birth."""
    offered = sides.proceedings[~sides.proceedings.unique_id.isin(sides.issues)]
    children = sides.children
    by_local = dict(zip(zip(children.la_code, children.local_child_id), children.unique_id))
    full = children.dropna(subset=["forename", "surname", "dob"])
    keys: dict[tuple, list[str]] = {}  # a plain dict: pandas' groupby into lists took 12 s on 200,000 children
    for key, child in zip(zip(full.la_code, full.forename, full.surname, full.dob), full.unique_id):
        keys.setdefault(key, []).append(child)
    found = {}
    for row in offered.itertuples():
        if isinstance(row.social_care_id, str) and (row.la_code, row.social_care_id.strip()) in by_local:
            found[row.unique_id] = by_local[(row.la_code, row.social_care_id.strip())]
            continue
        if pd.isna(row.dob) or not isinstance(row.forename, str) or not isinstance(row.surname, str):
            continue
        same = keys.get((row.la_code, row.forename, row.surname, row.dob), [])
        if len(same) == 1:
            found[row.unique_id] = same[0]
    return found


def decide(pairs: pd.DataFrame, decisions: dict[tuple[str, str], str]) -> tuple[list[dict], list[dict]]:
    """Links and candidates from scored pairs and reviewers' decisions (accept or reject)."""
    links, candidates = [], []
    chosen_by_reviewer = {p for (p, _), d in decisions.items() if d == "accept"}
    # best first by weight (a probability saturates at 1 where weights still differ); equal weights (to
    # rounding: engines sum in their own order) by child id, so DuckDB and Spark choose alike
    pairs = pairs.assign(rank_weight=pairs.match_weight.astype(float).round(9)).sort_values(
        ["proceeding_id", "rank_weight", "child_id"], ascending=[True, False, True], kind="stable")
    for proceeding_id, group in pairs.groupby("proceeding_id", sort=False):
        ranked = [r for r in group.itertuples() if decisions.get((proceeding_id, r.child_id)) != "reject"]
        accepted = [r for r in ranked if decisions.get((proceeding_id, r.child_id)) == "accept"]
        best = ranked[0] if ranked else None
        second = ranked[1].match_weight if len(ranked) > 1 else float("-inf")
        if accepted:
            chosen, method = accepted[0], "clerical"
        elif proceeding_id in chosen_by_reviewer:
            chosen, method = None, None  # a reviewer chose a child the model did not score: linked below
        elif best is not None and best.match_probability >= model.LINK_AT \
                and best.match_weight - second >= model.CLOSE_WEIGHT:
            chosen, method = best, "probabilistic"
        else:
            chosen, method = None, None
        if chosen is not None:  # a reviewer's accept makes the pair certain; the model's score stays beside it
            links.append({"proceeding_id": proceeding_id, "child_id": chosen.child_id, "method": method,
                          "match_probability": 1.0 if method == "clerical" else chosen.match_probability,
                          "match_weight": chosen.match_weight})
        for rank, r in enumerate(ranked, 1):
            if chosen is not None:
                status = "linked" if r is chosen else "below"
            else:
                status = "review" if r.match_probability >= model.REVIEW_FROM else "below"
            if status != "below" or rank == 1:
                candidates.append({"proceeding_id": proceeding_id, "child_id": r.child_id, "rank": rank,
                                   "match_probability": r.match_probability, "match_weight": r.match_weight,
                                   "status": status})
    return links, candidates


def clerical_decisions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """The latest decision on each pair."""
    return {(p, c): d for p, c, d in con.execute(
        "SELECT proceeding_id, child_id, decision FROM clerical_decision").fetchall()}


def link_proceedings(con: duckdb.DuckDBPyConnection, la_code: str | None = None, say=None, spark=None) -> LinkRun:
    """Link every proceeding in the store (or one authority's) and store the result; ``spark``: a
    Spark session to run the Splink model on (:mod:`carepath.linkage.spark`), else DuckDB."""
    say = say or (lambda message: None)
    sides = read_sides(con, la_code)
    run = LinkRun(proceedings=len(sides.proceedings), refused=len(sides.issues))
    if run.proceedings == 0:
        raise CarepathError("No care proceedings in the store. Load the legal department's extract first "
                            "(carepath load FILE: a CSV or xlsx with Case No and Date of Issue columns).")
    if sides.children.empty:
        raise CarepathError("No children in the store to link the proceedings to. Load the CIN census, "
                            "SSDA903 and the children extract (with names) first.")
    say(f"{run.proceedings:,} proceedings, {len(sides.children):,} children; {run.refused:,} refused")
    decisions = clerical_decisions(con)
    accepted = {p: c for (p, c), d in decisions.items() if d == "accept"}
    exact = {p: c for p, c in deterministic_links(sides).items()
             if decisions.get((p, c)) != "reject" and accepted.get(p, c) == c}
    run.deterministic = len(exact)
    say(f"deterministic pass: {run.deterministic:,} linked; training the probabilistic model")
    offered = sides.proceedings[~sides.proceedings.unique_id.isin(set(sides.issues))]
    pairs = score(offered, sides.children, run.notes, run, set(exact), spark)  # trained on all, scored for the rest
    pairs = pairs[~pairs.proceeding_id.isin(set(exact))]
    links, candidates = decide(pairs, decisions)
    links = [{"proceeding_id": p, "child_id": c, "method": "deterministic", "match_probability": 1.0,
              "match_weight": None} for p, c in exact.items()] + links
    scored, offered_ids = {x["proceeding_id"] for x in links}, set(offered.unique_id)
    known = set(sides.children.unique_id)
    for p, c in accepted.items():  # accepted pairs the model did not score (blocked out, or very unlikely)
        if p in offered_ids and p not in scored and c in known:
            links.append({"proceeding_id": p, "child_id": c, "method": "clerical", "match_probability": 1.0,
                          "match_weight": None})
    run.probabilistic = sum(1 for x in links if x["method"] == "probabilistic")
    run.clerical = sum(1 for x in links if x["method"] == "clerical")
    linked = {x["proceeding_id"] for x in links}
    run.review = len({c["proceeding_id"] for c in candidates if c["status"] == "review"})
    run.unlinked = run.proceedings - run.refused - len(linked)
    run.links = pd.DataFrame(links, columns=["proceeding_id", "child_id", "method", "match_probability",
                                             "match_weight"])
    run.candidates = pd.DataFrame(candidates, columns=["proceeding_id", "child_id", "rank", "match_probability",
                                                       "match_weight", "status"])
    _store(con, sides, run, la_code)
    say(run.summary())
    return run


def link_each_authority(con: duckdb.DuckDBPyConnection, say=None, spark=None) -> LinkRun:
    """:func:`link_proceedings` for each authority in turn, each with its own model, and the runs added up.

    Proceedings are brought by one authority about its own children, and blocking never pairs
    records of two authorities, so linking them one by one loses no pair; it keeps the memory to one
    authority's children (a national store's five million do not fit at once), and each model is
    trained on that authority's own records (an authority with too few proceedings for EM keeps the
    default m of the comparisons it could not train, said in the notes)."""
    say = say or (lambda message: None)
    authorities = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM proceeding WHERE la_code IS NOT NULL "
                                             "ORDER BY 1").fetchall()]
    if not authorities:
        raise CarepathError("No care proceedings in the store. Load the legal department's extract first "
                            "(carepath load FILE: a CSV or xlsx with Case No and Date of Issue columns).")
    total = LinkRun(links=pd.DataFrame(), candidates=pd.DataFrame())
    links, candidates = [], []
    for number, la in enumerate(authorities, 1):
        try:
            run = link_proceedings(con, la, say=lambda m, la=la, n=number: say(f"LA {la} ({n} of {len(authorities)}): {m}"),
                                   spark=spark)
        except CarepathError as exc:  # an authority whose legal file names no child it holds: said, not fatal
            say(f"LA {la} ({number} of {len(authorities)}): not linked: {exc}")
            total.notes.append(f"LA {la}: {exc}")
            continue
        for name in ("proceedings", "refused", "deterministic", "probabilistic", "clerical", "review", "unlinked"):
            setattr(total, name, getattr(total, name) + getattr(run, name))
        total.notes.extend(f"LA {la}: {note}" for note in run.notes)
        links.append(run.links)
        candidates.append(run.candidates)
    # records, not pd.concat: a deterministic run's match_weight column is all None, which pandas warns of
    total.links = pd.DataFrame([r for frame in links for r in frame.to_dict("records")],
                               columns=["proceeding_id", "child_id", "method", "match_probability", "match_weight"])
    total.candidates = pd.DataFrame([r for frame in candidates for r in frame.to_dict("records")],
                                    columns=["proceeding_id", "child_id", "rank", "match_probability",
                                             "match_weight", "status"])
    say(total.summary())
    return total


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a frame's rows to a table, by column name (one INSERT, not a statement per row)."""
    if frame.empty:
        return
    con.register("rows_to_store", frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(frame.columns)}) SELECT * FROM rows_to_store")
    finally:
        con.unregister("rows_to_store")


def _store(con: duckdb.DuckDBPyConnection, sides: Sides, run: LinkRun, la_code: str | None) -> None:
    la_of = dict(zip(sides.proceedings.unique_id, sides.proceedings.la_code))
    now = datetime.now().replace(microsecond=0)
    scope = "WHERE la_code = ?" if la_code else ""
    params = [la_code] if la_code else []
    links = run.links.assign(la_code=run.links.proceeding_id.map(la_of), linked_at=now,
                             match_probability=run.links.match_probability.astype(float),
                             match_weight=run.links.match_weight.astype(float))
    candidates = run.candidates.assign(la_code=run.candidates.proceeding_id.map(la_of),
                                       match_probability=run.candidates.match_probability.astype(float),
                                       match_weight=run.candidates.match_weight.astype(float),
                                       rank=run.candidates["rank"].astype(int))
    issues = pd.DataFrame({"proceeding_id": list(sides.issues), "la_code": [la_of[p] for p in sides.issues],
                           "reason": list(sides.issues.values())}, columns=["proceeding_id", "la_code", "reason"])
    con.execute("BEGIN")
    try:
        for table in ("proceeding_link", "proceeding_candidate", "proceeding_link_issue"):
            con.execute(f"DELETE FROM {table} {scope}", params)
        _insert(con, "proceeding_link", links[["proceeding_id", "child_id", "la_code", "match_probability", "method",
                                               "match_weight", "linked_at"]])
        _insert(con, "proceeding_candidate", candidates[["proceeding_id", "child_id", "la_code", "match_probability",
                                                         "match_weight", "rank", "status"]])
        _insert(con, "proceeding_link_issue", issues)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def decide_pair(con: duckdb.DuckDBPyConnection, proceeding_id: str, child_id: str, decision: str, user: str,
                note: str | None = None) -> None:
    """Record a reviewer's accept or reject; the next linkage run applies it."""
    if decision not in ("accept", "reject"):
        raise CarepathError("A decision is accept or reject.")
    found = con.execute("SELECT la_code FROM proceeding WHERE proceeding_id = ?", [proceeding_id]).fetchone()
    if found is None:
        raise CarepathError(f"No proceeding {proceeding_id} in the store.")
    if con.execute("SELECT 1 FROM child WHERE child_id = ?", [child_id]).fetchone() is None:
        raise CarepathError(f"No child {child_id} in the store.")
    con.execute("DELETE FROM clerical_decision WHERE proceeding_id = ? AND child_id = ?", [proceeding_id, child_id])
    con.execute("INSERT INTO clerical_decision VALUES (?, ?, ?, ?, ?, ?, ?)",
                [proceeding_id, child_id, found[0], decision, user, datetime.now().replace(microsecond=0), note])
