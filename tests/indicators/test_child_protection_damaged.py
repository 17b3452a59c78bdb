"""Child protection indicators over messy plan histories: they run, and they agree with each other.

Hypothesis builds plans the way damaged returns look: overlapping open plans for one child, an end
date before the start, NumberOfPreviousCPP empty or contradicting the store, visits of every kind.
Whatever the input, the snapshot indicators must share cp_plans_at_end's children as their base,
the flow indicators cp_plans_starting's and cp_plans_ceasing's plans, and no numerator may exceed
its denominator.
"""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.loader import upsert

DAY_ZERO = date(2021, 6, 1)
days = st.integers(min_value=0, max_value=1500).map(lambda n: DAY_ZERO + timedelta(days=n))
plan = st.fixed_dictionaries({
    "start": days,
    "length": st.one_of(st.none(), st.integers(min_value=-20, max_value=900)),
    "previous": st.sampled_from([None, 0, 1, 3]),
})
child = st.fixed_dictionaries({
    "dob": st.one_of(st.none(), days.map(lambda d: d.replace(year=d.year - 8))),
    "plans": st.lists(plan, min_size=1, max_size=4, unique_by=lambda p: p["start"]),
    "visits": st.lists(st.tuples(days, st.sampled_from(["CP", "CIN"]), st.sampled_from([True, False, None])),
                       max_size=3, unique_by=lambda v: (v[0], v[1])),
})
SNAPSHOTS = ["cp_plans_2y_at_end", "cp_lasting_6m", "cp_lasting_1y", "cp_lasting_2y", "cp_visits_on_time"]
STARTING = ["repeat_cp_plans", "repeat_cp_plans_2y", "cp_again_12m", "cp_again_24m"]
ENDING = ["cp_plans_ended_2y", "cp_plan_length"]


def build(con, children: list[dict]) -> None:
    rows: dict[str, list[dict]] = {"child": [], "cp_plan": [], "visit": []}
    for number, history in enumerate(children):
        cid = f"846/C{number}"
        rows["child"].append({"child_id": cid, "la_code": "846", "dob": history["dob"]})
        for p in history["plans"]:
            end = None if p["length"] is None else p["start"] + timedelta(days=p["length"])
            rows["cp_plan"].append({"cp_plan_id": join(cid, p["start"]), "child_id": cid, "la_code": "846",
                                    "start_date": p["start"], "end_date": end, "previous_plans": p["previous"]})
        for day, kind, seen in history["visits"]:
            rows["visit"].append({"visit_id": join(cid, day, kind), "child_id": cid, "la_code": "846",
                                  "visit_date": day, "kind": kind, "seen": seen})
    for table, table_rows in rows.items():
        if table_rows:
            upsert(con, BY_NAME[table], table_rows, batch_id=0)


def records_of(records, indicator, period):
    return {r[2] for r in records if r[0] == indicator and r[1] == period}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(child, min_size=1, max_size=6))
def test_child_protection_indicators_agree_on_damaged_histories(children):
    con = store_mod.connect(":memory:")
    try:
        build(con, children)
        chosen = [i for i in catalogue.indicators().values() if i.group == "child_protection"]
        engine.run(con, chosen, [periods.parse("2023-24"), periods.parse("2024Q3")], levels=("authority",), keep_records=True)
        records = con.execute("SELECT indicator_id, period, record_id, child_id, numerator, denominator "
                              "FROM indicator_record").fetchall()
        for period in ("2023-24", "2024Q3"):
            at_end = [r[3] for r in records if r[0] == "cp_plans_at_end" and r[1] == period]
            assert len(at_end) == len(set(at_end))                         # one plan per child
            for indicator in SNAPSHOTS:
                assert records_of(records, indicator, period) == records_of(records, "cp_plans_at_end", period)
            for indicator in STARTING:
                assert records_of(records, indicator, period) == records_of(records, "cp_plans_starting", period)
            for indicator in ENDING:
                assert records_of(records, indicator, period) == records_of(records, "cp_plans_ceasing", period)
        for indicator_id, period, record_id, child_id, numerator, denominator in records:
            assert denominator is None or numerator <= denominator, (indicator_id, record_id)
        keys = [(r[0], r[1], r[2]) for r in records]
        assert len(keys) == len(set(keys))
    finally:
        con.close()
