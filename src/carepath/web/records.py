"""Child-level reads: the records behind a figure, a child's timeline, a caseload.

Only the pages in :mod:`carepath.web.pages.children` call these, after checking scope and
before writing the audit row; nothing here decides who may see what.

**Under load.** The slow part of the records behind a figure is finding them (the engine
recomputes the indicator for the authority when the run kept none), and of a caseload, ordering
every child in scope by their latest referral. Both are done once per figure or scope and kept
(``remember``: the dashboard's cache, keyed by the store's data version), indexed by unit
(:func:`figure_records_by_unit`) or as the ordered list of children (:func:`caseload_order`);
each request then reads its slice. The plain queries (:func:`figure_records`, :func:`caseload`)
remain the reference the tests compare them with, and serve searches and whole exports.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from carepath import codes
from carepath.indicators import catalogue, engine, periods
from carepath.web.results import RECORD_UNIT
from carepath.web.scope import Scope

RECORD_COLUMNS = ("record_id", "child_id", "event_date", "numerator", "denominator", "measure", "worker",
                  "team", "locality", "service")


@contextmanager
def _records_source(cursor, indicator_id: str, la: str, period: str, numerator_only: bool):
    """Where a figure's records are: ``indicator_record`` where a run kept them, else the engine's
    recomputation, registered as ``recomputed_records`` while the caller reads it."""
    recompute = getattr(engine, "records", None)
    kept = cursor.execute("SELECT EXISTS (SELECT 1 FROM indicator_record WHERE indicator_id = ? AND la_code = ? "
                          "AND period = ?)", [indicator_id, la, period]).fetchall()[0][0]
    if recompute is None or kept:
        yield "indicator_record"
        return
    cursor.register("recomputed_records", recompute(cursor, catalogue.get(indicator_id), periods.parse(period),
                                                    la_code=la, numerator_only=numerator_only))
    try:
        yield "recomputed_records"
    finally:
        cursor.unregister("recomputed_records")


def figure_records(cursor, indicator_id: str, la: str, period: str, level: str, unit: str,
                   numerator_only: bool = False) -> list[dict]:
    """The records behind one figure: recomputed by the engine now (it keeps none by default), or read
    from ``indicator_record`` where a run kept them."""
    column = RECORD_UNIT[level]
    with _records_source(cursor, indicator_id, la, period, numerator_only) as source:
        rows = cursor.execute(f"""
            SELECT r.record_id, r.child_id, r.event_date, r.numerator, r.denominator, r.measure,
                   coalesce(w.worker_name, r.worker_id), coalesce(o.team_name, r.team_id), r.locality, r.service
            FROM {source} r
            LEFT JOIN worker w ON w.worker_id = r.worker_id
            LEFT JOIN org_unit o ON o.team_id = r.team_id
            WHERE r.la_code = ? AND r.{column} = ?
              {"AND r.indicator_id = ? AND r.period = ?" if source == "indicator_record" else ""}
              {"AND r.numerator > 0" if numerator_only else ""}
            ORDER BY r.event_date, r.record_id""",
                              [la, unit] + ([indicator_id, period] if source == "indicator_record" else [])).fetchall()
    return [dict(zip(RECORD_COLUMNS, r)) for r in rows]


UNIT_COLUMNS = ("la_code", "service", "locality", "team_id", "worker_id")


def figure_records_by_unit(cursor, indicator_id: str, la: str, period: str,
                           numerator_only: bool = False) -> dict[tuple[str, str], list[dict]]:
    """Every record behind a figure of (indicator, authority, period), found once and indexed by
    (level, unit): the same rows, in the same order, as :func:`figure_records` for each unit."""
    with _records_source(cursor, indicator_id, la, period, numerator_only) as source:
        params = [la] + ([indicator_id, period] if source == "indicator_record" else [])
        rows = cursor.execute(f"""
            SELECT r.record_id, r.child_id, r.event_date, r.numerator, r.denominator, r.measure,
                   coalesce(w.worker_name, r.worker_id), coalesce(o.team_name, r.team_id), r.locality, r.service,
                   r.la_code, r.service, r.locality, r.team_id, r.worker_id
            FROM {source} r
            LEFT JOIN worker w ON w.worker_id = r.worker_id
            LEFT JOIN org_unit o ON o.team_id = r.team_id
            WHERE r.la_code = ?
              {"AND r.indicator_id = ? AND r.period = ?" if source == "indicator_record" else ""}
              {"AND r.numerator > 0" if numerator_only else ""}
            ORDER BY r.event_date, r.record_id""", params).fetchall()
    by_unit: dict[tuple[str, str], list[dict]] = {}
    width = len(RECORD_COLUMNS)
    levels = {column: level for level, column in RECORD_UNIT.items()}
    for row in rows:
        record = dict(zip(RECORD_COLUMNS, row[:width]))
        for column, unit in zip(UNIT_COLUMNS, row[width:]):
            if unit is not None:
                by_unit.setdefault((levels[column], unit), []).append(record)
    return by_unit


def child(cursor, child_id: str) -> dict | None:
    row = cursor.execute("""SELECT child_id, la_code, local_child_id, dob, expected_dob, sex, ethnicity, disabilities,
                                   uasc, date_of_death FROM child WHERE child_id = ?""", [child_id]).fetchall()
    if not row:
        return None
    row = row[0]
    keys = ("child_id", "la_code", "local_child_id", "dob", "expected_dob", "sex", "ethnicity", "disabilities",
            "uasc", "date_of_death")
    return dict(zip(keys, row))


# kind, start, end, then up to five codes or values that the details are made from (see _DETAILS)
TIMELINE_SQL = """
SELECT 'Referral' AS kind, referral_date AS start_date, closure_date AS end_date,
       source AS v1, primary_need AS v2, CASE WHEN nfa THEN 'yes' END AS v3, closure_reason AS v4, NULL AS v5
FROM referral WHERE child_id = $child
UNION ALL
SELECT 'Assessment', start_date, authorised_date, CASE WHEN authorised_date IS NULL THEN 'no' END,
       NULL, NULL, NULL, NULL
FROM assessment WHERE child_id = $child
UNION ALL
SELECT 'Section 47 enquiry', start_date, icpc_date,
       CASE WHEN icpc_date IS NOT NULL THEN 'held' WHEN icpc_not_required THEN 'not required' END,
       NULL, NULL, NULL, NULL
FROM s47 WHERE child_id = $child
UNION ALL
SELECT 'Child in need plan', start_date, end_date, NULL, NULL, NULL, NULL, NULL FROM cin_plan WHERE child_id = $child
UNION ALL
SELECT 'Child protection plan', start_date, end_date, coalesce(latest_category, initial_category),
       CASE WHEN previous_plans > 0 THEN previous_plans::VARCHAR END, NULL, NULL, NULL
FROM cp_plan WHERE child_id = $child
UNION ALL
SELECT 'Placement', start_date, end_date, legal_status, placement, provider, rne, reason_ceased
FROM cla_episode WHERE child_id = $child
UNION ALL
SELECT 'Allocation', a.start_date, a.end_date, coalesce(w.worker_name, a.worker_id),
       coalesce(o.team_name, a.team_id, w.team_id), NULL, NULL, NULL
FROM allocation a LEFT JOIN worker w ON w.worker_id = a.worker_id
LEFT JOIN org_unit o ON o.team_id = coalesce(a.team_id, w.team_id)
WHERE a.child_id = $child
"""


def _named(codes_list: dict, code) -> str | None:
    """A code's meaning from the return's code list; an unknown code is shown as it is."""
    if code is None:
        return None
    meaning = codes_list.get(code)
    return meaning if meaning else str(code)


def _detail(kind: str, v: tuple) -> str:
    """A row's details in words, from the code lists of the returns (:mod:`carepath.codes`)."""
    if kind == "Referral":
        parts = [f"Source: {_named(codes.REFERRAL_SOURCE, v[0])}" if v[0] else None,
                 f"Need: {_named(codes.PRIMARY_NEED, v[1])}" if v[1] else None,
                 "No further action" if v[2] else None,
                 f"Closed: {_named(codes.CLOSURE_REASON, v[3])}" if v[3] else None]
    elif kind == "Assessment":
        parts = ["Not yet authorised" if v[0] else None]
    elif kind == "Section 47 enquiry":
        parts = [{"held": "Initial child protection conference held",
                  "not required": "Initial child protection conference not required"}.get(v[0])]
    elif kind == "Child protection plan":
        parts = [f"Category: {_named(codes.ABUSE_CATEGORY, v[0])}" if v[0] else None,
                 f"{v[1]} previous plan{'s' if v[1] != '1' else ''}" if v[1] else None]
    elif kind == "Placement":
        parts = [f"Legal status: {_named(codes.LEGAL_STATUS, v[0])}" if v[0] else None,
                 f"Placement: {_named(codes.PLACEMENT, v[1])}" if v[1] else None,
                 f"Provider: {_named(codes.PLACEMENT_PROVIDER, v[2])}" if v[2] else None,
                 f"Episode began: {_named(codes.RNE, v[3])}" if v[3] else None,
                 f"Ceased: {_named(codes.REASON_CEASED, v[4])}" if v[4] else None]
    elif kind == "Allocation":
        parts = [v[0], v[1]]
    else:
        parts = []
    return "; ".join(p for p in parts if p)


def timeline(cursor, child_id: str) -> list[dict]:
    """The child's referrals, assessments, enquiries, plans, placements and allocations, by date,
    with each period in care (consecutive episodes joined) as its own row. Details are in words:
    codes are replaced by their meanings in the returns' code lists."""
    rows = cursor.execute(f"SELECT * FROM ({TIMELINE_SQL}) ORDER BY start_date, kind",
                          {"child": child_id}).fetchall()
    events = [{"kind": r[0], "start": r[1], "end": r[2], "detail": _detail(r[0], r[3:])} for r in rows]
    events += periods_in_care([e for e in events if e["kind"] == "Placement"])
    order = {"Referral": 0, "Assessment": 1, "Section 47 enquiry": 2, "Child in need plan": 3,
             "Child protection plan": 4, "Period in care": 5, "Placement": 6, "Allocation": 7}
    return sorted(events, key=lambda e: (e["start"] or date.min, order.get(e["kind"], 9)))


def periods_in_care(placements: list[dict]) -> list[dict]:
    """Episodes that follow one another without a gap (one ends the day the next starts) are one period of care."""
    spells: list[dict] = []
    for episode in sorted(placements, key=lambda e: e["start"]):
        if spells and spells[-1]["end"] is not None and spells[-1]["end"] == episode["start"]:
            spells[-1]["end"] = episode["end"]
            spells[-1]["episodes"] += 1
        elif spells and spells[-1]["end"] is None:
            spells[-1]["episodes"] += 1
        else:
            spells.append({"kind": "Period in care", "start": episode["start"], "end": episode["end"], "episodes": 1})
    for spell in spells:
        count = spell.pop("episodes")
        spell["detail"] = f"{count} episode{'s' if count != 1 else ''}"
    return spells


CASELOAD_KEYS = ("child_id", "local_child_id", "dob", "sex", "last_referral", "on_cp_plan", "looked_after")


def caseload_order(cursor, scope: Scope, la: str | None) -> list[tuple]:
    """Every child in the viewer's scope (of authority ``la``) as (child_id, latest referral), in the
    caseload's order: latest referral first (none last), then by id. Found once and kept by the
    page; :func:`caseload_page` then shows any page of it."""
    children, params = scope.children_sql()
    where, args = ["c.child_id IN (SELECT s.child_id FROM (" + children + ") s)"], list(params)
    if la:
        where.append("c.la_code = ?")
        args.append(la)
    same_la = " AND r.la_code = ?" if la else ""
    return cursor.execute(f"""
        WITH scoped AS (SELECT c.child_id FROM child c WHERE {' AND '.join(where)}),
        latest AS (SELECT r.child_id, max(r.referral_date) AS last_referral FROM referral r
                   WHERE r.child_id IN (SELECT child_id FROM scoped){same_la} GROUP BY r.child_id)
        SELECT s.child_id, l.last_referral FROM scoped s LEFT JOIN latest l USING (child_id)
        ORDER BY l.last_referral DESC NULLS LAST, s.child_id""", args + ([la] if la else [])).fetchall()


def caseload_page(cursor, order: list[tuple], limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of a caseload from its order (:func:`caseload_order`): the same rows as
    :func:`caseload` with no search, reading only those children's details and what is open for them."""
    shown = order[offset:offset + limit]
    if not shown:
        return [], len(order)
    ids = [child_id for child_id, _ in shown]
    details = {r[0]: r[1:] for r in cursor.execute("""
        SELECT c.child_id, c.local_child_id, c.dob, c.sex,
               EXISTS (SELECT 1 FROM cp_plan p WHERE p.child_id = c.child_id AND p.end_date IS NULL),
               EXISTS (SELECT 1 FROM cla_episode e WHERE e.child_id = c.child_id AND e.end_date IS NULL)
        FROM child c WHERE c.child_id IN (SELECT unnest(?::VARCHAR[]))""", [ids]).fetchall()}
    rows = []
    for child_id, last_referral in shown:
        local_id, dob, sex, on_cp_plan, looked_after = details[child_id]
        rows.append(dict(zip(CASELOAD_KEYS, (child_id, local_id, dob, sex, last_referral, on_cp_plan,
                                             looked_after))))
    return rows, len(order)


def caseload(cursor, scope: Scope, la: str | None, search: str = "", limit: int | None = 200,
             offset: int = 0) -> tuple[list[dict], int]:
    """Children in the viewer's scope (of authority ``la``), with what is open for them today or last known:
    ``limit`` of them (None: all) from ``offset``, latest referral first, and how many there are in all."""
    children, params = scope.children_sql()
    where, args = ["c.child_id IN (SELECT s.child_id FROM (" + children + ") s)"], list(params)
    if la:
        where.append("c.la_code = ?")
        args.append(la)
    if search:
        where.append("(c.child_id ILIKE ? OR c.local_child_id ILIKE ?)")
        args += [f"%{search}%", f"%{search}%"]
    clause = " AND ".join(where)
    total = cursor.execute(f"SELECT count(*) FROM child c WHERE {clause}", args).fetchall()[0][0]
    # the page's 200 children first (by their latest referral), then what is open for those only:
    # at a region's or the nation's scale the open plans and episodes of every child are not needed
    same_la = " AND r.la_code = ?" if la else ""
    rows = cursor.execute(f"""
        WITH scoped AS (SELECT c.child_id, c.local_child_id, c.dob, c.sex FROM child c WHERE {clause}),
        latest AS (SELECT r.child_id, max(r.referral_date) AS last_referral FROM referral r
                   WHERE r.child_id IN (SELECT child_id FROM scoped){same_la} GROUP BY r.child_id),
        shown AS (SELECT s.*, l.last_referral FROM scoped s LEFT JOIN latest l USING (child_id)
                  ORDER BY l.last_referral DESC NULLS LAST, s.child_id LIMIT ? OFFSET ?)
        SELECT s.child_id, s.local_child_id, s.dob, s.sex, s.last_referral,
               EXISTS (SELECT 1 FROM cp_plan p WHERE p.child_id = s.child_id AND p.end_date IS NULL) AS on_cp_plan,
               EXISTS (SELECT 1 FROM cla_episode e WHERE e.child_id = s.child_id AND e.end_date IS NULL) AS looked_after
        FROM shown s ORDER BY s.last_referral DESC NULLS LAST, s.child_id""",
                          args + ([la] if la else []) + [total if limit is None else limit, offset]).fetchall()
    keys = ("child_id", "local_child_id", "dob", "sex", "last_referral", "on_cp_plan", "looked_after")
    return [dict(zip(keys, r)) for r in rows], total
