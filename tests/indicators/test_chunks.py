"""A store of several authorities computed a group at a time gives the figures of one pass."""
from carepath.indicators import catalogue, chunks, engine, periods
from tests.indicators.world import World


def build(con):
    for la in ("846", "847"):
        w = World(con, la=la)
        w.team("T1")
        w.worker("W1", "T1")
        for child, day in (("A", "2024-05-01"), ("B", "2024-06-01"), ("A", "2024-09-01")):
            w.child(child)
            w.referral(child, day)
            w.allocation(child, "W1", "2024-04-01")
        w.episode("A", "2024-07-01")
        w.population(2024, 10_000)


def results(con):
    return sorted(con.execute("SELECT indicator_id, period, la_code, level, unit_id, numerator, denominator, value "
                              "FROM indicator_result").fetchall(), key=str)


def test_groups_give_the_same_figures_as_one_pass(store, monkeypatch):
    build(store)
    chosen = [catalogue.get(i) for i in ("referrals", "re_referrals_12m", "cla_at_end", "cla_placements_3plus")]
    wanted = [periods.parse("2024-25"), periods.parse("2024Q2")]
    engine.run(store, chosen, wanted)
    one_pass = results(store)
    store.execute("DELETE FROM indicator_result")
    monkeypatch.setattr(chunks, "CHILDREN_PER_GROUP", 1)
    assert chunks.groups(store, ["846", "847"], 1) == [["846"], ["847"]]
    engine.run(store, chosen, wanted)
    assert results(store) == one_pass
    # re-referrals: each authority has one (A in September) of three referrals
    assert [r for r in one_pass if r[0] == "re_referrals_12m" and r[1] == "2024-25" and r[3] == "authority"] == [
        ("re_referrals_12m", "2024-25", "846", "authority", "846", 1.0, 3.0, 100 / 3),
        ("re_referrals_12m", "2024-25", "847", "authority", "847", 1.0, 3.0, 100 / 3)]
    # the connection reads the whole store again afterwards
    assert store.execute("SELECT count(DISTINCT la_code) FROM referral").fetchall()[0][0] == 2


def test_records_of_one_authority_in_a_store_of_two(store):
    build(store)
    table = engine.records(store, catalogue.get("referrals"), periods.parse("2024-25"), la_code="847")
    assert sorted(table.column("record_id").to_pylist()) == ["847/A/2024-05-01", "847/A/2024-09-01",
                                                             "847/B/2024-06-01"]
    assert store.execute("SELECT count(*) FROM referral").fetchall()[0][0] == 6


def test_a_run_in_groups_reports_each_groups_steps_as_a_share_of_the_whole(store, monkeypatch):
    build(store)
    monkeypatch.setattr(chunks, "CHILDREN_PER_GROUP", 1)      # one authority a group: two groups
    told = []
    engine.run(store, [catalogue.get("referrals")], [periods.parse("2024-25")],
               progress=lambda what, done, total: told.append((what, done, total)))
    # each group is half the run; within it, computing starts at 15% and storing at 90% of the group
    assert told == [("preparing (authorities, group 1 of 2)", 0.0, 100),
                    ("computing the indicators (authorities, group 1 of 2)", 7.5, 100),
                    ("storing the figures (authorities, group 1 of 2)", 45.0, 100),
                    ("preparing (authorities, group 2 of 2)", 50.0, 100),
                    ("computing the indicators (authorities, group 2 of 2)", 57.5, 100),
                    ("storing the figures (authorities, group 2 of 2)", 95.0, 100),
                    ("done", 100, 100)]
