"""Properties of the referral families on random episode histories: every referral in exactly one group.

Random referrals, closures, plans, care episodes and early help, damaged as real data is (no
closure date, NFA with a plan, sources missing or outside the code list); whatever the history,
each referral of the period must be in exactly one source group and reach exactly one outcome.
"""
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from tests.indicators.world import World

OUTCOMES = [f"referral_outcome_{o}" for o in ("nfa", "early_help", "cin", "cp", "looked_after")]
SOURCES = [i for i in catalogue.indicators() if i.startswith("referrals_source_")]
FIRST = date(2024, 1, 1)

day = st.integers(min_value=0, max_value=600).map(lambda n: FIRST + timedelta(days=n))
offset = st.one_of(st.none(), st.integers(min_value=-30, max_value=300))
referral = st.fixed_dictionaries({
    "child": st.sampled_from("ABC"), "day": day, "nfa": st.booleans(),
    "closure": offset, "reason": st.sampled_from([None, "RC7", "RC8", "RC9"]),
    "source": st.sampled_from([None, "1A", "2A", "3E", "5D", "6", "10", "ZZ"]),
    "cp": offset, "linked_cp": st.booleans(), "care": offset, "care_status": st.sampled_from(["C2", "V3"]),
    "early_help": offset, "cin_plan": st.booleans(),
})


def shifted(start: date, days):
    return None if days is None else start + timedelta(days=days)


def build(world: World, referrals: list[dict]) -> set[str]:
    for child in "ABC":
        world.child(child)
    ids = set()
    for r in referrals:
        start = r["day"]
        closure = shifted(start, None if r["closure"] is None else abs(r["closure"]))
        rid = world.referral(r["child"], start.isoformat(), source=r["source"], nfa=r["nfa"],
                             closure=closure, reason=r["reason"] if closure else None)
        if r["cp"] is not None:
            world.cp_plan(r["child"], shifted(start, r["cp"]).isoformat(), referral_id=rid if r["linked_cp"] else None)
        if r["care"] is not None:
            world.episode(r["child"], shifted(start, r["care"]).isoformat(), legal_status=r["care_status"])
        if r["early_help"] is not None:
            eh_start = shifted(start, r["early_help"])
            world.put("early_help", early_help_id=f"{world.cid(r['child'])}/{eh_start}",
                      child_id=world.cid(r["child"]), start_date=eh_start)
        if r["cin_plan"]:
            world.cin_plan(rid, start.isoformat())
        if date(2024, 4, 1) <= start <= date(2025, 3, 31):
            ids.add(rid)
    return ids


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(referral, min_size=1, max_size=8))
def test_every_referral_has_one_source_group_and_one_outcome(referrals):
    with tempfile.TemporaryDirectory() as folder:
        con = store_mod.connect(Path(folder) / "store.duckdb")
        try:
            in_period = build(World(con), referrals)
            wanted = [catalogue.get(i) for i in OUTCOMES + SOURCES]
            engine.run(con, wanted, [periods.parse("2024-25")], levels=("authority",), keep_records=True)
            rows = con.execute("""
                SELECT record_id,
                       sum(numerator) FILTER (WHERE indicator_id LIKE 'referral_outcome_%'),
                       sum(numerator) FILTER (WHERE indicator_id LIKE 'referrals_source_%'),
                       count(*), min(denominator)
                FROM indicator_record WHERE period = '2024-25' GROUP BY record_id""").fetchall()
        finally:
            con.close()
    assert {r[0] for r in rows} == in_period
    for record_id, outcomes, groups, records, denominator in rows:
        assert (outcomes, groups, records, denominator) == (1, 1, len(wanted), 1), record_id
