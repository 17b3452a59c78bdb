"""The match report: how much was linked, how sure, and whether the linked differ from the unlinked.

* match rate: proceedings linked / proceedings (refused ones count as not linked);
* the match weight distribution of the probabilistic links and the review queue (bands of 2);
* linked against unlinked by age at application (0, 1-4, 5-9, 10-15, 16+; unknown without a
  date of birth), sex, order sought and made, and year of application: the bias check of Harron
  et al., *A guide to evaluating linkage quality for the analysis of linked data*, International
  Journal of Epidemiology 46(5), 2017, as cited in *Data Visualisation in Children's Social Care*
  (Coram, April 2019). A group linked much less often than the rest biases every analysis of the
  linked cases;
* precision and recall, where the true child of each case is known (a synthetic authority).
"""
from __future__ import annotations

import duckdb
import pandas as pd

COMPARE_SQL = """
SELECT p.proceeding_id, p.la_code, l.child_id IS NOT NULL AS linked, l.method,
       CASE WHEN p.child_dob IS NULL THEN 'unknown'
            WHEN date_diff('year', p.child_dob, p.application_date) < 1 THEN '0'
            WHEN date_diff('year', p.child_dob, p.application_date) < 5 THEN '1-4'
            WHEN date_diff('year', p.child_dob, p.application_date) < 10 THEN '5-9'
            WHEN date_diff('year', p.child_dob, p.application_date) < 16 THEN '10-15' ELSE '16+' END AS age,
       coalesce(p.child_sex, 'not recorded') AS sex, coalesce(p.order_sought, 'not recorded') AS order_sought,
       coalesce(p.order_made, 'not concluded') AS order_made, year(p.application_date)::VARCHAR AS year
FROM proceeding p LEFT JOIN proceeding_link l USING (proceeding_id)
WHERE $la IS NULL OR p.la_code = $la
"""


def linked_against_unlinked(con: duckdb.DuckDBPyConnection, la_code: str | None = None) -> pd.DataFrame:
    """For each characteristic and value: proceedings, linked, unlinked, match rate."""
    frame = con.execute(COMPARE_SQL, {"la": la_code}).df()
    if frame.empty:
        return pd.DataFrame(columns=["characteristic", "value", "proceedings", "linked", "unlinked", "match_rate"])
    parts = []
    for column in ("age", "sex", "order_sought", "order_made", "year"):
        g = frame.groupby(column).linked.agg(["count", "sum"]).reset_index()
        g.columns = ["value", "proceedings", "linked"]
        g.insert(0, "characteristic", column)
        parts.append(g)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out["linked"] = out.linked.astype(int)
    out["unlinked"] = out.proceedings - out.linked
    out["match_rate"] = (out.linked / out.proceedings).round(3)
    return out


def weight_distribution(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""
        SELECT floor(match_weight / 2) * 2 AS weight_from, status, count(*) AS pairs
        FROM proceeding_candidate WHERE match_weight IS NOT NULL GROUP BY ALL ORDER BY 1, 2""").df()


def match_rate(con: duckdb.DuckDBPyConnection) -> dict:
    total, linked = con.execute("SELECT count(*), count(l.proceeding_id) FROM proceeding p "
                                "LEFT JOIN proceeding_link l USING (proceeding_id)").fetchone()
    methods = dict(con.execute("SELECT method, count(*) FROM proceeding_link GROUP BY 1").fetchall())
    review = con.execute("SELECT count(DISTINCT proceeding_id) FROM proceeding_candidate "
                         "WHERE status = 'review'").fetchone()[0]
    refused = con.execute("SELECT count(*) FROM proceeding_link_issue").fetchone()[0]
    return {"proceedings": total, "linked": linked, "match_rate": round(linked / total, 3) if total else None,
            "by_method": methods, "waiting_for_review": review, "refused": refused}


def precision_recall(links: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Precision: links that are right / links made. Recall: right links / proceedings with a true child."""
    right = sum(1 for p, c in links.items() if truth.get(p) == c)
    return (right / len(links) if links else 1.0, right / len(truth) if truth else 1.0)
