"""Disclosure control attacked: an adversary who knows every published cell and total, and that
counts are whole numbers of at least 0, must not pin down any suppressed cell exactly.

The adversary here is independent of the module's own linear-programming audit: it enumerates
every whole-number filling of the suppressed cells that agrees with what was published.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath.exchange import disclosure
from carepath.exchange.disclosure import Rules, grid, protect


def fillings(table, suppressed, limit=None):
    """Every whole-number assignment of the suppressed items consistent with the published ones."""
    hidden = sorted(suppressed, key=str)
    top = limit if limit is not None else int(sum(v for v in table.values.values() if v is not None))
    equations = table.equations

    def consistent(assigned):
        for equation in equations:
            unknown = [k for k, _ in equation if k in suppressed and k not in assigned]
            total = sum(c * (assigned[k] if k in suppressed else table.values[k]) for k, c in equation
                        if k not in unknown)
            if not unknown and total != 0:
                return False
            # positive unknowns cannot make a sum smaller: prune when the partial sum overshoots
            if unknown and all(c > 0 for k, c in equation if k in unknown) and total > 0:
                return False
            if unknown and all(c < 0 for k, c in equation if k in unknown) and total < 0:
                return False
        return True

    found = []

    def search(i, assigned):
        if i == len(hidden):
            found.append(dict(assigned))
            return
        for value in range(top + 1):
            assigned[hidden[i]] = value
            if consistent(assigned):
                search(i + 1, assigned)
            del assigned[hidden[i]]
    search(0, {})
    return found


def test_a_single_small_cell_needs_a_complement_in_its_row_and_column():
    table = grid({("T1", "Q1"): 3, ("T1", "Q2"): 10, ("T2", "Q1"): 12, ("T2", "Q2"): 20})
    hidden = protect(table)
    # 3 is primary; its row (T1) and column (Q1) need a second suppression each; the 2x2 core
    # (T1,Q1) (T1,Q2) (T2,Q1) (T2,Q2) is the smallest pattern with a degree of freedom.
    assert hidden == {("T1", "Q1"), ("T1", "Q2"), ("T2", "Q1"), ("T2", "Q2")}
    values = {f[("T1", "Q1")] for f in fillings(table, hidden)}
    assert len(values) > 1 and 3 in values


def test_zero_is_not_suppressed_and_nothing_small_is_left_shown():
    table = grid({("A", "x"): 0, ("A", "y"): 7, ("B", "x"): 9, ("B", "y"): 11})
    assert protect(table) == set()


@st.composite
def tables(draw):
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    values = draw(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 9, 12]),
                           min_size=rows * cols, max_size=rows * cols))
    return {(f"r{i // cols}", f"c{i % cols}"): v for i, v in enumerate(values)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_leave_no_suppressed_cell_recoverable(cells):
    table = grid(cells)
    hidden = protect(table)
    for key, value in table.values.items():
        if 1 <= value <= 4:
            assert key in hidden, f"small count {key}={value} shown"
    if not hidden:
        return
    solutions = fillings(table, hidden)
    assert solutions, "the true table must be among the fillings"
    for key in hidden:
        assert len({s[key] for s in solutions}) > 1, f"{key} can be pinned down"


def test_period_totals_are_equations_too():
    # a year published beside its quarters: year = Q1 + Q2 + Q3 + Q4
    table = disclosure.Table({"Q1": 2, "Q2": 15, "Q3": 14, "Q4": 17, "year": 48})
    table.add_total("year", ["Q1", "Q2", "Q3", "Q4"])
    hidden = protect(table)
    assert "Q1" in hidden and len(hidden) >= 2
    solutions = fillings(table, hidden)
    assert all(len({s[k] for s in solutions}) > 1 for k in hidden)


def test_rounded_totals_protect_on_their_own():
    table = grid({("A", "x"): 3, ("A", "y"): 40, ("B", "x"): 22, ("B", "y"): 35})
    table.round_totals(10)
    assert disclosure.disclosed(table, {("A", "x")}) == []   # 3 lies somewhere within +/- 5
    assert disclosure.round_total(43, Rules(round_totals_to=10)) == 40
    assert disclosure.round_total(45, Rules(round_totals_to=10)) == 50


def test_rates_on_suppressed_counts_are_suppressed():
    assert disclosure.suppress_derived([True, False], [12.5, 30.1]) == ["c", 30.1]
