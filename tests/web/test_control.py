"""Disclosure control of what a page shows, on tables worked out by hand."""
from types import SimpleNamespace

from carepath.exchange.disclosure import SUPPRESSED
from carepath.web.control import TOTAL, control_figures, control_grid, suppress_counts

PERCENT = SimpleNamespace(unit="percent", group="front_door")
RATE = SimpleNamespace(unit="rate", group="front_door")
STAFF = SimpleNamespace(unit="percent", group="workforce")


def rows(*figures):
    return [{"unit_id": u, "numerator": n, "denominator": d, "value": (100 * n / d if d else None)}
            for u, n, d in figures]


def test_a_count_of_one_to_four_is_suppressed_and_its_only_partner_goes_too():
    # 3 + 10 = 13: the 3 is primary; with the total shown, 10 would give it away, so 10 goes too
    assert suppress_counts({"a": 3, "b": 10}, total=13) == {"a", "b"}
    # 3 + 4 + 10 = 17: two primaries already hide each other; 10 may stay
    assert suppress_counts({"a": 3, "b": 4, "c": 10}, total=17) == {"a", "b"}
    # zero discloses nothing; 5 and above are shown
    assert suppress_counts({"a": 0, "b": 5, "c": 12}, total=17) == set()
    # a lone hidden cell equal to the total: the total must go with it
    assert suppress_counts({"a": 2}, total=2) == {"a", TOTAL}


def test_a_viewer_who_sees_every_child_gets_the_figures_untouched():
    shown, total = control_figures(PERCENT, rows(("T1", 2, 10), ("T2", 1, 3)), None, rows(("846", 3, 13))[0])
    assert [r["numerator"] for r in shown] == [2, 1] and total["numerator"] == 3
    assert not any(r["suppressed"] or r["controlled"] for r in shown)


def test_a_team_manager_sees_own_team_and_protected_others():
    # Alpha's manager: Alpha's records are all about children in scope (seen 2 of 10).
    # Hidden parts: numerators Beta 1, Gamma 0, not allocated 0 -> total 1;
    # denominators Beta 3, Gamma 6, not allocated 1 -> total 10.
    figures = rows(("T1", 2, 10), ("T2", 1, 3), ("T3", 0, 6), ("NA", 0, 1))
    total = rows(("846", 3, 20))[0]
    seen = {"T1": (2.0, 10.0), "846": (2.0, 10.0)}
    shown, total_shown = control_figures(PERCENT, figures, seen, total)
    by_unit = {r["unit_id"]: r for r in shown}
    assert by_unit["T1"]["value"] == 20.0 and not by_unit["T1"]["controlled"]
    # Beta: numerator 1 and denominator 3 are primary
    assert (by_unit["T2"]["numerator"], by_unit["T2"]["denominator"], by_unit["T2"]["value"]) == ("c", "c", "c")
    # Gamma: 0 of 6 reveals nothing about a child
    assert (by_unit["T3"]["numerator"], by_unit["T3"]["denominator"], by_unit["T3"]["value"]) == (0, 6, 0.0)
    # not allocated: denominator 1 is primary, the value built on it goes; its numerator 0 stays
    assert (by_unit["NA"]["numerator"], by_unit["NA"]["denominator"], by_unit["NA"]["value"]) == (0, "c", "c")
    # authority: hidden numerator 3 - 2 = 1 is primary; hidden denominator 10 stays (Beta + NA = 4: two values hide each other)
    assert (total_shown["numerator"], total_shown["denominator"], total_shown["value"]) == ("c", 20, "c")


def test_a_regional_viewer_sees_no_child_so_every_part_is_hidden():
    # nothing seen: numerators T1 2, T2 1 (total 3) all primary; denominators T2 3, NA 1 primary
    figures = rows(("T1", 2, 10), ("T2", 1, 3), ("T3", 0, 6), ("NA", 0, 1))
    shown, total = control_figures(PERCENT, figures, {}, rows(("846", 3, 20))[0])
    by_unit = {r["unit_id"]: r for r in shown}
    assert (by_unit["T1"]["numerator"], by_unit["T1"]["denominator"], by_unit["T1"]["value"]) == ("c", 10, "c")
    assert by_unit["T2"]["value"] == "c" and by_unit["T3"]["value"] == 0.0 and by_unit["NA"]["denominator"] == "c"
    assert total["numerator"] == "c" and total["denominator"] == 20


def test_rates_suppress_the_count_not_the_population():
    figure = {"unit_id": "846", "numerator": 3, "denominator": 10_000, "value": 3.0}
    shown, _ = control_figures(RATE, [figure], {})
    assert (shown[0]["numerator"], shown[0]["denominator"], shown[0]["value"]) == ("c", 10_000, "c")


def test_staff_figures_are_never_suppressed():
    shown, _ = control_figures(STAFF, rows(("T1", 2, 3)), {})
    assert shown[0]["numerator"] == 2 and not shown[0]["suppressed"]


def test_a_grid_with_margins_for_new_pages():
    # from/to table: (a, x) = 2 is primary; its row and column each need a second suppression
    cells = {("a", "x"): 2, ("a", "y"): 8, ("b", "x"): 9, ("b", "y"): 7}
    shown = control_grid(cells)
    assert shown[("a", "x")] == SUPPRESSED
    assert sum(1 for key in (("a", "x"), ("a", "y")) if shown[key] == SUPPRESSED) >= 2
    assert sum(1 for key in (("a", "x"), ("b", "x")) if shown[key] == SUPPRESSED) >= 2
    assert shown[("*", "*")] == 26
