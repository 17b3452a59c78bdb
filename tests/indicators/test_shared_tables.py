"""The shared derived tables of sql/_shared, row by row, on a few hand-built care histories.

Child A: a temporary placement and the return from it, a legal-status change, a new carer, a
period of care ended by a return home, a short break, then Annex A episodes with no RNE.
Child B: an episode ended with no reason (care continues), then a gap of nine days (a new period),
the last episode ceasing on 31 March 2025. C: only a short break. D: two open episodes (a data
error). E: an episode with no legal status.
"""
from carepath.indicators import catalogue, engine, periods
from tests.indicators.world import d


def histories(world):
    for child in "ABCDE":
        world.child(child)
    world.episode("A", "2020-04-01", "2020-09-01", rne="S", placement="U4", placement_postcode="QA1 1AA",
                  reason_ceased="X1")
    world.episode("A", "2020-09-01", "2020-09-15", rne="T", placement="T1", reason_ceased="X1")
    world.episode("A", "2020-09-15", "2021-02-01", rne="T", placement="U4", placement_postcode="QA1 1AA",
                  reason_ceased="X1")
    world.episode("A", "2021-02-01", "2021-05-01", rne="L", legal_status="C1", placement="U4",
                  placement_postcode="QA1 1AA", reason_ceased="X1")
    world.episode("A", "2021-05-01", "2021-06-01", rne="P", legal_status="C1", placement="U6",
                  placement_postcode="QB2 2BB", reason_ceased="E4A")
    world.episode("A", "2021-06-01", "2021-06-03", rne="S", legal_status="V3", placement="U6", reason_ceased="E13")
    world.episode("A", "2021-08-01", "2022-01-01", rne="S", placement="K2", placement_postcode="QC3 3CC",
                  reason_ceased="X1")
    world.episode("A", "2022-01-01", "2022-06-01", rne=None, placement="K2", placement_postcode="QC3 3CC",
                  reason_ceased="X1")
    world.episode("A", "2022-06-01", None, rne=None, placement="U6", placement_postcode="QC3 3CC")
    world.episode("B", "2022-01-01", "2022-03-01", rne="S", placement="U4")
    world.episode("B", "2022-03-01", "2022-05-01", rne="P", placement="U6", reason_ceased="X1")
    world.episode("B", "2022-05-10", "2025-03-31", rne="P", placement="U4", reason_ceased="E4A")
    world.episode("C", "2024-01-01", None, rne="S", legal_status="V3")
    world.episode("D", "2023-01-01", None, rne="S", placement="U4")
    world.episode("D", "2024-01-01", None, rne="P", placement="K2")
    world.episode("E", "2024-06-01", None, rne="S", legal_status=None, placement="U6")


def build(world):
    """The shared tables a run of cla_long_term_stability needs (all four), for 2021-22 and 2024-25."""
    engine.prepare(world.con, [periods.parse("2021-22"), periods.parse("2024-25")],
                   indicators=[catalogue.get("cla_long_term_stability")])


def rows(world, sql):
    return world.con.execute(sql).fetchall()


def test_episode_context_marks_periods_of_care_carers_and_temporary_placements(world):
    histories(world)
    build(world)
    found = rows(world, """
        SELECT start_date, previous_start, usual_placement, usual_postcode, new_period, temporary,
               back_from_temporary, new_carer, care_no, carer_no
        FROM cla_episode_context WHERE child_id = '846/A' ORDER BY start_date""")
    assert found == [
        # the first episode: a new period of care and new carers
        (d("2020-04-01"), None, None, None, True, False, False, True, 1, 1),
        # T1 is temporary: the usual placement is the U4 before it; same carers
        (d("2020-09-01"), d("2020-04-01"), "U4", "QA1 1AA", False, True, False, False, 1, 1),
        # back to U4 at the same postcode: the return from the temporary placement, same carers
        (d("2020-09-15"), d("2020-09-01"), "U4", "QA1 1AA", False, False, True, False, 1, 1),
        # RNE L: legal status only, same carers
        (d("2021-02-01"), d("2020-09-15"), "U4", "QA1 1AA", False, False, False, False, 1, 1),
        # RNE P: new carers in the same period of care
        (d("2021-05-01"), d("2021-02-01"), "U4", "QA1 1AA", False, False, False, True, 1, 2),
        # the V3 short break is not here; the episode before ended E4A: a new period of care
        (d("2021-08-01"), d("2021-05-01"), "U6", "QB2 2BB", True, False, False, True, 2, 3),
        # no RNE, same PLACE and postcode: same carers
        (d("2022-01-01"), d("2021-08-01"), "K2", "QC3 3CC", False, False, False, False, 2, 3),
        # no RNE, another PLACE: new carers
        (d("2022-06-01"), d("2022-01-01"), "K2", "QC3 3CC", False, False, False, True, 2, 4),
    ]
    # B: an empty reason counts as X1 (same period); a gap of nine days starts a new one
    assert rows(world, "SELECT start_date, new_period, care_no FROM cla_episode_context "
                       "WHERE child_id = '846/B' ORDER BY start_date") == [
        (d("2022-01-01"), True, 1), (d("2022-03-01"), False, 1), (d("2022-05-10"), True, 2)]
    # C had only a short break; E's episode with no legal status is kept
    assert rows(world, "SELECT DISTINCT child_id FROM cla_episode_context ORDER BY 1") == [
        ("846/A",), ("846/B",), ("846/D",), ("846/E",)]


def test_care_periods_and_runs_with_the_same_carers(world):
    histories(world)
    build(world)
    assert rows(world, "SELECT child_id, care_no, first_episode, care_start, care_end FROM cla_care_period "
                       "WHERE child_id IN ('846/A', '846/B') ORDER BY ALL") == [
        ("846/A", 1, "846/A/2020-04-01", d("2020-04-01"), d("2021-06-01")),
        ("846/A", 2, "846/A/2021-08-01", d("2021-08-01"), None),   # still open
        ("846/B", 1, "846/B/2022-01-01", d("2022-01-01"), d("2022-05-01")),
        ("846/B", 2, "846/B/2022-05-10", d("2022-05-10"), d("2025-03-31")),
    ]
    assert rows(world, "SELECT care_no, carer_no, carer_start, first_placement FROM cla_carer_run "
                       "WHERE child_id = '846/A' ORDER BY ALL") == [
        (1, 1, d("2020-04-01"), "U4"), (1, 2, d("2021-05-01"), "U6"),
        (2, 3, d("2021-08-01"), "K2"), (2, 4, d("2022-06-01"), "U6")]


def test_looked_after_at_the_end_of_each_period(world):
    histories(world)
    build(world)
    found = rows(world, """SELECT p.period, a.child_id, a.episode_id, a.care_no, a.carer_no
                           FROM cla_at_period_end a JOIN periods p USING (period_id) ORDER BY ALL""")
    assert found == [
        # 31 March 2022: A in its K2 episode, B in its second
        ("2021-22", "846/A", "846/A/2022-01-01", 2, 3),
        ("2021-22", "846/B", "846/B/2022-03-01", 1, 2),
        # 31 March 2025: B ceased on the day (not looked after at the end); C is on a short break;
        # D has two open episodes, the later-started is the row; E has no legal status and counts
        ("2024-25", "846/A", "846/A/2022-06-01", 2, 4),
        ("2024-25", "846/D", "846/D/2024-01-01", 1, 2),
        ("2024-25", "846/E", "846/E/2024-06-01", 1, 1),
    ]


def test_a_run_builds_only_the_shared_tables_its_indicators_use():
    def needed(*ids):
        return [t.name for t in catalogue.shared_needed([catalogue.get(i) for i in ids])]
    assert needed("cla_again_12m") == ["cla_episode_context", "cla_care_period"]
    assert needed("cla_at_end") == ["cla_episode_context", "cla_at_period_end"]
    assert needed("cla_visits_on_time", "cla_lasting_6m") == [
        "cla_episode_context", "cla_care_period", "cla_carer_run", "cla_at_period_end"]
    assert needed("sw_agency_rate", "care_leavers_eet_17_18") == []
