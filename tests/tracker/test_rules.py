"""The tracker's RAG rules, tested from the rules file itself.

Every band of every item in the packaged rules.yml is checked at its threshold and one step past
it (the threshold is inclusive: "at_most: 13" makes 13 the band's and 14 the next one's), so
editing a threshold in the file moves what these tests expect with it. A few hand-worked cases pin
the packaged thresholds the issue names (SDQ bands, persistent absence, three placements).
"""
from __future__ import annotations

import pytest

from carepath.tracker import rules

ITEMS = rules.load()


def _next(band: rules.Band, step: float) -> float:
    return band.threshold + step if band.test == "at_most" else band.threshold - step


@pytest.mark.parametrize("item", ITEMS.values(), ids=list(ITEMS))
def test_every_band_holds_its_threshold_and_hands_on_one_step_past_it(item):
    for position, band in enumerate(item.bands):
        if band.test is None:
            assert position == len(item.bands) - 1, f"{item.id}: a band with no test must be last"
            continue
        if band.test == "equals":
            assert item.rate(band.threshold) == (band.rag, band.reason)
            continue
        assert item.rate(band.threshold)[0] == band.rag, f"{item.id}: {band.threshold} is {band.rag}'s"
        past = _next(band, 1 if isinstance(band.threshold, int) else 0.1)
        expected = next(b for b in item.bands if b.passes(past))
        assert expected is not band and item.rate(past) == (expected.rag, expected.reason)


def test_the_packaged_thresholds_by_hand():
    sdq = ITEMS["sdq_score"]
    assert [sdq.rate(v)[0] for v in (0, 13, 14, 16, 17, 40)] == ["green", "green", "amber", "amber", "red", "red"]
    attendance = ITEMS["attendance"]
    assert [attendance.rate(v)[0] for v in (100, 95, 94.9, 90, 89.9)] == ["green", "green", "amber", "amber", "red"]
    moves = ITEMS["placement_moves"]   # 2 moves in a year = 3 placements: DfE's instability measure
    assert [moves.rate(v)[0] for v in (0, 1, 2, 5)] == ["green", "amber", "red", "red"]
    health = ITEMS["health_assessment"]  # days until due: overdue by 28 days is amber, 29 red
    assert [health.rate(v)[0] for v in (30, 0, -1, -28, -29)] == ["green", "green", "amber", "amber", "red"]
    assert ITEMS["dental_check"].rate(None) == ("amber", "No dental check recorded.")
    assert ITEMS["immunisations"].rate(None) == (None, None)


def test_a_changed_rules_file_changes_the_rag(tmp_path):
    edited = (rules.DEFAULT.read_text(encoding="utf-8")
              .replace("{rag: green, at_most: 13,", "{rag: green, at_most: 11,"))
    path = tmp_path / "rules.yml"
    path.write_text(edited, encoding="utf-8")
    assert rules.load(path)["sdq_score"].rate(12)[0] == "amber"
    assert ITEMS["sdq_score"].rate(12)[0] == "green"


@pytest.mark.parametrize("text, message", [
    ("items: [{id: x, title: X, cohorts: [looked_after], bands: [{rag: pink, reason: r}]}]", "needs a rag"),
    ("items: [{id: x, title: X, cohorts: [everyone], bands: [{rag: red, reason: r}]}]", "cohorts must be"),
    ("items: [{id: x, title: X, cohorts: [looked_after], bands: [{rag: red, at_most: ten, reason: r}]}]",
     "at_most needs a number"),
    ("items: [{id: x, title: X, cohorts: [looked_after], bands: [{rag: red, at_most: 1, at_least: 0, reason: r}]}]",
     "one test"),
    ("items: [", "not valid YAML"),
])
def test_a_rules_file_it_cannot_follow_is_refused_naming_the_item(text, message):
    with pytest.raises(rules.RulesError, match=message):
        rules.parse(text, "rules.yml")
