"""Looked-after indicators over messy SSDA903 histories: they run, and they agree with each other.

Hypothesis builds episode histories the way damaged returns look: overlapping episodes, X1 with a
gap, a date ceased before the start, missing RNE, legal status or placement, short breaks in the
middle of care. Whatever the input, every snapshot indicator must share cla_at_end's children as
its base, the age bands must not exceed the total, and no numerator may exceed its denominator.
"""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.loader import upsert

DAY_ZERO = date(2022, 1, 1)
days = st.integers(min_value=0, max_value=1300).map(lambda n: DAY_ZERO + timedelta(days=n))
episode = st.fixed_dictionaries({
    "start": days,
    "length": st.one_of(st.none(), st.integers(min_value=-30, max_value=500)),
    "rne": st.sampled_from(["S", "L", "P", "B", "T", "U", None]),
    "legal_status": st.sampled_from(["C2", "V2", "E1", "V3", "V4", None]),
    "placement": st.sampled_from(["U1", "U4", "U6", "A5", "A6", "K2", "H5", "P1", "T1", "T2", None]),
    "reason_ceased": st.sampled_from(["X1", "X1", "E4A", "E11", "E45", "E41", None]),
})
child = st.fixed_dictionaries({
    "dob": st.one_of(st.none(), days.map(lambda d: d.replace(year=d.year - 15))),
    "uasc": st.sampled_from([True, False, None]),
    "episodes": st.lists(episode, min_size=1, max_size=5, unique_by=lambda e: e["start"]),
    "visits": st.lists(days, max_size=3, unique=True),
    "workers": st.lists(st.tuples(st.sampled_from(["SW1", "SW2", "SW3", "SW4"]), days), max_size=4,
                        unique_by=lambda w: w),
    "missing": st.lists(days, max_size=2, unique=True),
})

SNAPSHOTS = ["cla_placements_3plus", "cla_in_foster_care", "cla_in_homes", "cla_in_independent",
             "cla_lasting_6m", "cla_lasting_1y", "cla_lasting_2y", "cla_3plus_social_workers",
             "cla_visits_on_time"]
AGE_BANDS = ["cla_at_end_under_1", "cla_at_end_1_4", "cla_at_end_5_9", "cla_at_end_10_15", "cla_at_end_16_plus"]


def build(con, children: list[dict]) -> None:
    """Write the histories with one upsert per table (row by row is too slow for many examples)."""
    rows: dict[str, list[dict]] = {name: [] for name in ("child", "cla_episode", "visit", "sw_episode", "missing")}
    for number, history in enumerate(children):
        cid = f"846/C{number}"
        rows["child"].append({"child_id": cid, "la_code": "846", "dob": history["dob"], "uasc": history["uasc"]})
        for ep in history["episodes"]:
            end = None if ep["length"] is None else ep["start"] + timedelta(days=ep["length"])
            rows["cla_episode"].append({
                "episode_id": join(cid, ep["start"]), "child_id": cid, "la_code": "846", "start_date": ep["start"],
                "end_date": end, "rne": ep["rne"], "legal_status": ep["legal_status"],
                "placement": ep["placement"], "reason_ceased": ep["reason_ceased"] if end else None})
        for day in history["visits"]:
            rows["visit"].append({"visit_id": join(cid, day, "CLA"), "child_id": cid, "la_code": "846",
                                  "visit_date": day, "kind": "CLA", "seen": True})
        for sw_id, day in history["workers"]:
            rows["sw_episode"].append({"sw_episode_id": join(cid, sw_id, day), "child_id": cid, "la_code": "846",
                                       "sw_id": sw_id, "start_date": day})
        for day in history["missing"]:
            rows["missing"].append({"missing_id": join(cid, day, "M"), "child_id": cid, "la_code": "846",
                                    "kind": "M", "start_date": day})
    for table, table_rows in rows.items():
        if table_rows:
            upsert(con, BY_NAME[table], table_rows, batch_id=0)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(child, min_size=1, max_size=6))
def test_looked_after_indicators_agree_on_damaged_histories(children):
    con = store_mod.connect(":memory:")
    try:
        build(con, children)
        chosen = [i for i in catalogue.indicators().values() if i.group == "looked_after"]
        engine.run(con, chosen, [periods.parse("2024-25"), periods.parse("2024Q3")], levels=("authority",), keep_records=True)
        results = {(r[0], r[1]): (r[2], r[3]) for r in con.execute(
            "SELECT indicator_id, period, numerator, denominator FROM indicator_result WHERE level = 'authority'"
        ).fetchall()}
        records = con.execute("SELECT indicator_id, period, record_id, child_id, numerator, denominator "
                              "FROM indicator_record").fetchall()
        for period in ("2024-25", "2024Q3"):
            at_end = {r[3] for r in records if r[0] == "cla_at_end" and r[1] == period}
            assert results[("cla_at_end", period)][0] == len(at_end)        # one record per child
            for indicator in SNAPSHOTS:
                base = {r[3] for r in records if r[0] == indicator and r[1] == period}
                assert base == at_end, indicator
            assert sum(results[(band, period)][0] for band in AGE_BANDS) <= len(at_end)
            assert results[("cla_uasc_at_end", period)][0] <= len(at_end)
            assert results[("cla_starting", period)][0] <= len(children)
            assert results[("cla_ceasing", period)][0] <= len(children)
            stable_base = {r[3] for r in records if r[0] == "cla_long_term_stability" and r[1] == period}
            assert stable_base <= at_end
        for indicator_id, period, record_id, child_id, numerator, denominator in records:
            assert denominator is None or numerator <= denominator, (indicator_id, record_id)
        keys = [(r[0], r[1], r[2]) for r in records]
        assert len(keys) == len(set(keys))                                  # record ids are unique
    finally:
        con.close()
