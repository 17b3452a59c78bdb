"""The catalogue as a whole: metadata complete, sets resolvable, and a hand-worked test per indicator."""
from pathlib import Path

import pytest

from carepath.indicators import catalogue

TESTS = Path(__file__).resolve().parent


def test_every_indicator_has_its_metadata():
    found = catalogue.indicators()
    assert len(found) > 100
    for ind in found.values():
        assert ind.title and ind.definition and ind.sources, ind.id
        assert ind.boundaries, f"{ind.id} writes down no boundary choice"
        assert ind.unit in catalogue.UNITS and ind.polarity in catalogue.POLARITIES, ind.id


def test_the_four_sets_hold_what_their_documents_list():
    sets = catalogue.sets()
    riia = [m.code for m in sets["riia"].members]
    assert riia == ["201", "202"] + [str(n) for n in range(20202, 20213)] + [str(n) for n in range(203, 225)]
    sos = {m.code.split(".")[0] for m in sets["sos"].members}
    assert sos == {"A1", "A2", "A3", "A4", "P1", "P2", "P3", "P4", "O1", "O2", "O3", "O4", "O5", "W1", "W2", "W3", "W4"}
    board = {int("".join(c for c in m.code if c.isdigit())) for m in sets["board"].members}
    assert board == set(range(1, 22))
    assert len(sets["national"].members) >= 24


def test_every_indicator_is_named_in_a_hand_worked_test():
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_catalogue.py")
    def named(ind):  # by its id, or a family's variants by an f-string over the family's prefix
        return (f'"{ind.id}"' in text or f"'{ind.id}'" in text
                or (ind.family != ind.id and ind.id.startswith(ind.family) and f"{ind.family}_{{" in text))
    untested = [i for i, ind in catalogue.indicators().items() if not named(ind)]
    assert untested == []


def test_a_variant_leaving_a_parameter_unset_is_refused(tmp_path, monkeypatch):
    group = tmp_path / "sql" / "demo"
    group.mkdir(parents=True)
    (group / "family.sql").write_text("/*\nid: family\ntitle: T\nunit: count\npolarity: neither\nkind: flow\n"
                                      "definition: d\nsources: [s]\npublished: {none: nothing matches}\nvariants:\n  - {id: a, params: {}}\n*/\n"
                                      "SELECT {codes}")
    monkeypatch.setattr(catalogue, "SQL_DIR", tmp_path / "sql")
    catalogue.indicators.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match="leaves a parameter unset"):
            catalogue.indicators()
    finally:
        catalogue.indicators.cache_clear()


def test_every_indicator_whose_query_reaches_before_its_period_declares_its_look_back():
    undeclared = [i for i, ind in catalogue.indicators().items() if catalogue.reaches_back(ind.sql) and not ind.lookback]
    assert undeclared == []
    # what counts as reaching back: an interval taken off a date, a previous record, an earlier one
    assert catalogue.reaches_back("WHERE e.referral_date >= (r.referral_date - INTERVAL 12 MONTH)::DATE")
    assert catalogue.reaches_back("lag(e.end_date) OVER w") and catalogue.reaches_back("SELECT previous_end")
    assert catalogue.reaches_back("EXISTS (SELECT 1 FROM cp_plan e WHERE e.start_date < c.start_date)")
    assert not catalogue.reaches_back("JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end")
    assert not catalogue.reaches_back("SELECT (dob + INTERVAL 16 YEAR)::DATE -- not (dob - INTERVAL 1 DAY)")


def test_a_look_back_the_catalogue_cannot_read_is_refused(tmp_path, monkeypatch):
    group = tmp_path / "sql" / "demo"
    group.mkdir(parents=True)
    (group / "again.sql").write_text("/*\nid: again\ntitle: T\nunit: count\npolarity: neither\nkind: flow\n"
                                     "definition: d\nsources: [s]\npublished: {none: nothing matches}\nlookback: a year or so\n*/\nSELECT 1")
    monkeypatch.setattr(catalogue, "SQL_DIR", tmp_path / "sql")
    catalogue.indicators.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match="lookback 'a year or so'"):
            catalogue.indicators()
    finally:
        catalogue.indicators.cache_clear()


def test_set_labels_are_whole_even_with_commas():
    # a label such as "Care leavers aged 17-18 in education, employment or training" written unquoted in a
    # YAML flow mapping was cut at its comma ("... in education") with the rest taken as a key
    labels = {(s, m.code): m.label for s, chosen in catalogue.sets().items() for m in chosen.members}
    assert labels[("national", "O4.7")] == "Care leavers aged 17-18 in education, employment or training"
    assert labels[("national", "O1.1")] == "CIN rate per 10,000 at the end of the period"
    assert labels[("board", "18")] == "Frequency of supervision (CIN, CP and CLA)"
    assert labels[("sos", "A1")] == "Referrals per 10,000"


def test_a_set_member_with_an_unquoted_comma_is_refused(tmp_path, monkeypatch):
    (tmp_path / "demo.yml").write_text("title: T\nsource: S\nmembers:\n"
                                       "  - {code: A1, indicator: referrals, label: Referrals per 10,000}\n")
    monkeypatch.setattr(catalogue, "SETS_DIR", tmp_path)
    catalogue.sets.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match="quote a label that holds a comma"):
            catalogue.sets()
    finally:
        catalogue.sets.cache_clear()
