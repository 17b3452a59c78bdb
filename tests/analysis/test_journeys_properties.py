"""Property: on any records, damaged ones included, the dots the timed journeys place at each
station on every day equal the independent SQL count.

Records are drawn in a 40-day window so that same-day moves, overlapping stages, ends before
starts, missing ends and missing dates all happen often.
"""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath.analysis import journeys, journeys_counts
from carepath.analysis.journeys_cohort import Cohort
from carepath.model import store as store_mod
from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.loader import upsert

FIRST = date(2024, 1, 1)
days = st.integers(0, 40).map(lambda n: FIRST + timedelta(days=n))
maybe_days = st.one_of(st.none(), days)


@st.composite
def child_records(draw, number: int) -> dict[str, list[dict]]:
    child_id = f"846/C{number}"
    rows: dict[str, list[dict]] = {"child": [{"child_id": child_id, "la_code": "846", "sex": "F"}]}

    def add(table, **row):
        rows.setdefault(table, []).append({"la_code": "846", "child_id": child_id, **row})
    for day in draw(st.lists(days, max_size=3, unique=True)):
        add("contact", contact_id=join(child_id, day), contact_date=day)
    for referred in draw(st.lists(days, max_size=3, unique=True)):
        rid = join(child_id, referred)
        add("referral", referral_id=rid, referral_date=referred, nfa=draw(st.sampled_from([None, False, True])),
            closure_date=draw(maybe_days), closure_reason=draw(st.sampled_from([None, "RC1", "RC7", "RC8", "RC9"])),
            icpc_date=draw(st.one_of(st.none(), st.none(), days)))
        for start in draw(st.lists(days, max_size=2, unique=True)):
            add("assessment", assessment_id=join(rid, start), referral_id=rid, start_date=start,
                authorised_date=draw(maybe_days))
        for start in draw(st.lists(days, max_size=2, unique=True)):
            add("s47", s47_id=join(rid, start), referral_id=rid, start_date=start, icpc_date=draw(maybe_days),
                icpc_not_required=draw(st.sampled_from([None, False, True])))
        for start in draw(st.lists(days, max_size=1)):
            add("cin_plan", cin_plan_id=join(rid, start), referral_id=rid, start_date=start, end_date=draw(maybe_days))
    for table, id_name in (("cp_plan", "cp_plan_id"), ("early_help", "early_help_id")):
        for start in draw(st.lists(days, max_size=2, unique=True)):
            add(table, **{id_name: join(child_id, start)}, start_date=start, end_date=draw(maybe_days))
    for start in draw(st.lists(days, max_size=2, unique=True)):
        add("cla_episode", episode_id=join(child_id, start), start_date=start, end_date=draw(maybe_days),
            legal_status=draw(st.sampled_from([None, "C1", "V2", "V3", "V4"])))
    return rows


TABLES = ("child", "contact", "referral", "assessment", "s47", "cin_plan", "cp_plan", "early_help", "cla_episode")


@pytest.fixture(scope="module")
def journey_store(tmp_path_factory):
    con = store_mod.connect(tmp_path_factory.mktemp("journeys") / "store.duckdb")
    yield con
    con.close()


def dates_that_matter(tables: dict[str, list[dict]]) -> list[date]:
    """Every day on which a count can change: each date in the records, the day after it (a step
    ended the day before), and the day after an exit's week; between them the counts stand still."""
    found = set()
    for rows in tables.values():
        for row in rows:
            for value in row.values():
                if isinstance(value, date):
                    found.update(value + timedelta(days=shift) for shift in (0, 1, 7))
    return sorted(found)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(children=st.integers(1, 4).flatmap(lambda n: st.tuples(*[child_records(i) for i in range(n)])))
def test_timed_journeys_place_as_many_dots_as_the_sql_counts(journey_store, children):
    con = journey_store
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    tables: dict[str, list[dict]] = {}
    for records in children:
        for table, rows in records.items():
            tables.setdefault(table, []).extend(rows)
    for table, rows in tables.items():
        upsert(con, BY_NAME[table], rows, batch_id=0)
    cohort = Cohort(FIRST - timedelta(days=60), FIRST + timedelta(days=60))
    built = journeys.build(con, cohort)
    for day in dates_that_matter(tables):
        assert built.counts_at(day) == journeys_counts.station_counts(con, cohort, day), day
