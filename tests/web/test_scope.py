"""Which children each role may see, on the hand-made authority of tests/web/world.py."""
import duckdb
import pytest

from carepath.web.scope import Scope, can_see_child, children_out_of_scope

EVERY_846 = {f"846/{c}" for c in ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1", "B2", "C1", "C2", "C3",
                                  "D1", "D2", "D3", "D4", "D5", "D6", "U1"]}


@pytest.fixture
def cursor(built):
    con = duckdb.connect(str(built.store), read_only=True)
    yield con
    con.close()


def in_scope(cursor, scope):
    sql, params = scope.children_sql()
    return {r[0] for r in cursor.execute(sql, params).fetchall()}


@pytest.mark.parametrize("scope, expected", [
    (Scope("practitioner", "846", "846/W1"), {f"846/A{i}" for i in range(1, 9)}),        # Ann's caseload
    (Scope("team_manager", "846", "846/T1"), {f"846/A{i}" for i in range(1, 9)} | {"846/B1", "846/B2"}),
    (Scope("service_lead", "846", "Safeguarding"),                                       # Alpha and Beta
     {f"846/A{i}" for i in range(1, 9)} | {"846/B1", "846/B2", "846/C1", "846/C2", "846/C3"}),
    (Scope("authority_lead", "846"), EVERY_846),                                         # U1, never allocated, too
    (Scope("regional_viewer"), set()),
])
def test_children_in_scope_by_role(cursor, scope, expected):
    assert in_scope(cursor, scope) == expected


def test_an_analyst_sees_every_authority(cursor):
    assert in_scope(cursor, Scope("analyst")) == EVERY_846 | {f"501/S{i}" for i in range(1, 6)}


def test_checking_one_child_and_a_list(cursor):
    ann = Scope("practitioner", "846", "846/W1")
    assert can_see_child(cursor, ann, "846/A1")
    assert not can_see_child(cursor, ann, "846/C1")           # Cat's child, in another team
    assert not can_see_child(cursor, Scope("regional_viewer"), "846/A1")
    assert children_out_of_scope(cursor, ann, ["846/A1", "846/C1", "846/D2", None]) == ["846/C1", "846/D2"]
    assert children_out_of_scope(cursor, Scope("analyst"), ["846/C1"]) == []


def test_a_practitioner_who_held_cases_in_another_team_is_not_inside_the_managers_unit(tmp_path):
    """A worker who moved from Beta to Alpha: their figure counts Beta's children, whom Alpha's
    manager may not see, so it is not seen whole and goes through disclosure control."""
    from carepath.model import store as store_mod
    from carepath.web.results import within
    from tests.indicators.world import World

    con = store_mod.connect(tmp_path / "moved.duckdb")
    world = World(con, "846")
    world.team("T1", "Alpha", "North", "Safeguarding")
    world.team("T2", "Beta", "South", "Safeguarding")
    world.team("T3", "Gamma", "North", "Children in Care")
    world.worker("W1", "T1", "Ann")                                    # always in Alpha
    world.worker("W5", "T1", "Eve")                                    # in Alpha now ...
    world.child("E1")
    world.allocation("E1", "W5", "2023-01-01", "2023-12-31", team="T2")   # ... but held E1 in Beta
    world.child("A1")
    world.allocation("A1", "W1", "2023-01-01")
    assert within(con, Scope("team_manager", "846", "846/T1"), "846", "worker") == {"846/W1"}
    # Beta is in the same service: for the service lead both practitioners are inside
    assert within(con, Scope("service_lead", "846", "Safeguarding"), "846", "worker") == {"846/W1", "846/W5"}
    con.close()
