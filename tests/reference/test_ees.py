"""Any DfE data file in Explore education statistics' layout, read on an indicator's ``published:`` block.

The files are made up here, in a temporary reference folder, in DfE's open-data layout (the columns
of the Children's social work workforce file ``csww_indicators_2017_to_2024.csv`` and of the
looked-after children's ``la_cla_placement_stability.csv``). The answers were worked out by hand:

Social worker turnover (sw_turnover_rate: turnover_rate_fte, leavers_fte over inpost_fte), DfE's
time_period 2024 = 30 September 2024, which carepath compares with its year 2024-25:

  England 15.0; North East (E12000001) 12.0; North West (E12000002) 18.0
  801 North East 10.0 (10 / 100)    802 North East 20.0 (20 / 100)    803 North East c (suppressed)
  804 North East 30.0 (15 / 50)     805 North West  5.0 (5 / 100)     806 North West 45.0 (45 / 100)
  "940 / 941" (published jointly) 12.0: left out, not any one authority's figure

For 801, whose neighbours are 802, 803, 804, 806 (closest first): the neighbours with a figure are
802 20.0, 804 30.0, 806 45.0, so the median is 30.0 and the mean (20 + 30 + 45) / 3 = 31.67; 803
is shown as suppressed (c). Among the other authorities 20, 30, 5, 45 (lower is better) one is
better than 10.0, a share of 1/4 = 0.25, which is not below 0.25: band B; rank 1 + 1 = 2 of 5.
"""
from __future__ import annotations

import pytest

from carepath.analysis.benchmark import Published, compare, missing_file
from carepath.reference import ees, published

GEOGRAPHY = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"


def _row(period, level, region="", region_name="", la="", new="", name="", *rest):
    return ",".join([str(period), "Reporting year", level, "E92000001", "England", region, region_name, la, new,
                     name, *[str(r) for r in rest]])


def write_reference(folder, own: str = "801"):
    """The made-up reference folder; ``own`` takes authority 801's code (a web test's store is 846)."""
    folder.mkdir(exist_ok=True)
    header = GEOGRAPHY + "old_la_code,new_la_code,la_name,inpost_fte,leavers_fte,turnover_rate_fte\n"
    ne, nw = ("E12000001", "North East"), ("E12000002", "North West")
    rows = [_row(2024, "National", "", "", "", "", "", 1000, 150, "15.0"),
            _row(2024, "Regional", *ne, "", "", "", 500, 60, "12.0"),
            _row(2024, "Regional", *nw, "", "", "", 500, 90, "18.0"),
            _row(2024, "Local authority", *ne, "801", "E06000801", "Authority A", 100, 10, "10.0"),
            _row(2024, "Local authority", *ne, "802", "E06000802", "Authority B", 100, 20, "20.0"),
            _row(2024, "Local authority", *ne, "803", "E06000803", "Authority C", "c", "c", "c"),
            _row(2024, "Local authority", *ne, "804", "E06000804", "Authority D", 50, 15, "30.0"),
            _row(2024, "Local authority", *nw, "805", "E06000805", "Authority E", 100, 5, "5.0"),
            _row(2024, "Local authority", *nw, "806", "E06000806", "Authority F", 100, 45, "45.0"),
            _row(2024, "Local authority", *nw, "940 / 941", "E1 / E2", "Joint", 100, 12, "12.0")]
    (folder / "csww_indicators_2017_to_2024.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    # an older release of the same file (it ends in 2023, though its name sorts after 2017_to_2024) and another
    # table whose name starts with this one's: neither is read
    older = [_row(2024, "National", "", "", "", "", "", 1000, 990, "99.0")]
    (folder / "csww_indicators_2018_to_2023.csv").write_text(header + "\n".join(older) + "\n", encoding="utf-8")
    (folder / "csww_indicators_by_role.csv").write_text(header + "\n".join(older) + "\n", encoding="utf-8")
    (folder / "authorities.csv").write_text(
        "old_la_code,new_la_code,la_name,region_code,region_name,first_year,last_year,lait_region,la_type,current_2025\n"
        + "".join(f"{c},E06000{c},Authority {n},{r},{rn},2013,2025,{rn},UA,True\n"
                  for c, n, (r, rn) in (("801", "A", ne), ("802", "B", ne), ("803", "C", ne), ("804", "D", ne),
                                        ("805", "E", nw), ("806", "F", nw))), encoding="utf-8")
    (folder / "neighbours.csv").write_text(
        "old_la_code,la_name,sn_rank,sn_old_la_code,closeness,sn_la_name\n"
        + "".join(f"801,Authority A,{rank},{code},Close,x\n" for rank, code in enumerate(("802", "803", "804", "806"), 1)),
        encoding="utf-8")
    if own != "801":
        for path in folder.glob("*.csv"):
            path.write_text(path.read_text(encoding="utf-8").replace("801", own), encoding="utf-8")
    return folder


@pytest.fixture
def reference(tmp_path):
    return write_reference(tmp_path / "reference")


def test_benchmark_figures_of_a_workforce_indicator_from_an_ees_file(reference):
    source = Published(reference)
    found = compare(source, "sw_turnover_rate", "lower", "801", 2025)
    assert found.period == "2024-25"                     # 30 September 2024 is carepath's 2024-25
    assert found.value == 10.0 and found.england == 15.0
    assert (found.region_name, found.region) == ("North East", 12.0)
    assert found.neighbours == {"802": 20.0, "804": 30.0, "806": 45.0}
    assert found.neighbours_median == 30.0
    assert found.neighbours_mean == pytest.approx(95 / 3)
    assert (found.band, found.rank, found.ranked) == ("B", 2, 5)
    assert found.suppressed == {"803": "c"}
    assert set(found.all_authorities) == {"801", "802", "804", "805", "806"}      # not 803 (c), not 940 / 941
    pairs = {code: (n, d) for code, _, n, d in source.pairs("sw_turnover_rate", 2025)}
    assert pairs == {"801": (10, 100), "802": (20, 100), "804": (15, 50), "805": (5, 100), "806": (45, 100)}
    assert source.years("sw_turnover_rate") == [2025]


def test_a_sum_of_columns_and_a_computed_ratio(reference):
    # sw_vacancy_rate's denominator is vacancy_fte + inpost_fte; the file has no vacancy_fte, so it gives
    # nothing rather than a wrong figure. sw_sickness is computed: working_days_lost_fte / inpost_fte,
    # which this file lacks too.
    source = Published(reference)
    assert source.values("sw_vacancy_rate", 2025) == {}
    assert source.values("sw_sickness", 2025) == {}


def test_rows_picked_by_filters_with_the_denominator_from_another_row(tmp_path):
    # la_cla_placement_stability in an earlier layout (number, percentage): England 100 of 1,000 children
    # looked after at 31 March had 3 or more placements (10%); authority 801 5 of 50 (10%), 802 low of 40.
    folder = tmp_path / "reference"
    folder.mkdir()
    header = GEOGRAPHY + "old_la_code,la_name,new_la_code,cla_group,placement_stability,number,percentage\n"
    rows = []
    for level, la, total, three, pct in (("National", "", 1000, 100, "10"), ("Local authority", "801", 50, 5, "10"),
                                         ("Local authority", "802", 40, "low", "low")):
        for what, n, p in (("Total children", total, "100"), ("With 3 or more placements during the year", three, pct)):
            rows.append(",".join(["2025", "Reporting year", level, "E92000001", "England", "", "", la, "", "",
                                  "CLA on 31 March", what, str(n), p]))
            rows.append(",".join(["2025", "Reporting year", level, "E92000001", "England", "", "", la, "", "",
                                  "CLA 2 years on 31 March", what, "999", "99"]))        # another group: ignored
    (folder / "la_cla_placement_stability.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    source = Published(folder)
    assert source.values("cla_placements_3plus", 2025) == {"E": 10.0, "801": 10.0}
    assert source.suppressed("cla_placements_3plus", 2025) == {"802": "low"}
    assert {c: (n, d) for c, _, n, d in source.pairs("cla_placements_3plus", 2025)} == {"801": (5, 50)}


def test_suppression_codes_are_never_numbers():
    for symbol in ("c", "x", "z", "low", "u", "k"):
        assert ees._number(symbol) == (None, symbol)
    assert ees._number("1,234") == (1234.0, "1,234")
    assert ees._sum([(3.0, "3"), (None, "c")]) == (None, "c")        # a sum with a suppressed part is suppressed


def test_the_page_says_which_file_to_download_when_it_is_missing(reference):
    text = missing_file("cla_placements_3plus", reference)
    assert "la_cla_placement_stability" in text
    assert "Children looked after in England including adoptions" in text
    assert "Department for Education" in text and "explore-education-statistics.service.gov.uk" in text
    assert missing_file("sw_turnover_rate", reference) == ""         # its file is there
    assert missing_file("referrals", reference) == ""                # not an EES comparator
    assert "csww_indicators" in published.title_of({"release": "Children's social work workforce",
                                                    "file": "csww_indicators"})


def test_the_groups_total_row_and_rows_added_up_in_dfes_ceased_table(tmp_path):
    # DfE's la_children_who_ceased_during_the_year (2023-24, England, as published): every cla_group has its
    # own Total row (Age on ceasing, Gender, Reason episode ceased: 33,620 each). Special guardianship orders
    # 3,860 (11%), adopted 2,980. So cla_ceased_sgo is 11 with the funnel pair (3860, 33620), never over the
    # three Totals added up (100,860); cla_ceased_adoption_sgo is computed: (2,980 + 3,860) / 33,620 = 20.345%.
    folder = tmp_path / "reference"
    folder.mkdir()
    header = GEOGRAPHY + "old_la_code,la_name,new_la_code,cla_group,characteristic,number,percentage\n"
    rows = [("Age on ceasing", "Under 1 year", "1660", "5"), ("Age on ceasing", "Total", "33620", "100"),
            ("Gender", "Total", "33620", "100"), ("Reason episode ceased", "Adopted", "2980", "9"),
            ("Reason episode ceased", "Died", "60", "k"),
            ("Reason episode ceased", "Special guardianship orders", "3860", "11"),
            ("Reason episode ceased", "Total", "33620", "100")]
    lines = [",".join(["2024", "Reporting year", "National", "E92000001", "England", "", "", "", "", "", *r])
             for r in rows]
    (folder / "la_children_who_ceased_during_the_year.csv").write_text(header + "\n".join(lines) + "\n",
                                                                      encoding="utf-8")
    source = Published(folder)
    assert source.values("cla_ceased_sgo", 2024) == {"E": 11.0}
    assert source.con.execute("SELECT ees_numerator, ees_denominator FROM wide WHERE source = 'ees:cla_ceased_sgo'"
                              ).fetchall() == [(3860.0, 33620.0)]
    assert source.values("cla_ceased_adoption_sgo", 2024)["E"] == pytest.approx(100 * 6840 / 33620)
    assert source.values("cla_ceased_cao", 2024) == {}              # no such row in this file


def test_a_description_that_picks_two_rows_gives_no_figure(tmp_path):
    # a care leavers file with a gender column the indicator's filters leave out: two rows for England
    # (Female 60%, Male 62%) are not one figure, so none is read rather than their sum
    folder = tmp_path / "reference"
    folder.mkdir()
    import csv
    with open(folder / "la_care_leavers_activity.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(GEOGRAPHY.rstrip(",").split(",") + ["old_la_code", "la_name", "new_la_code", "care_leaver_age",
                                                         "gender", "breakdown", "care_leaver_count", "care_leaver_percent"])
        for sex, n, pct in (("Female", "600", "60"), ("Male", "620", "62")):
            out.writerow(["2025", "Reporting year", "National", "E92000001", "England", "", "", "", "", "",
                          "17 to 18 years", sex, "Total in education, employment or training", n, pct])
        # and 801 once, with the age as DfE wrote it in earlier releases: read (the age filter lists both)
        out.writerow(["2025", "Reporting year", "Local authority", "E92000001", "England", "E12000001", "North East",
                      "801", "A", "E06000801", "Aged 17 to 18", "Total", "Total in education, employment or training",
                      "30", "64"])
    source = Published(folder)
    assert source.rows > 0
    assert source.values("care_leavers_eet_17_18", 2025) == {"801": 64.0}


def test_plans_open_over_6_months_and_1_year_from_d5s_bands(tmp_path):
    # DfE's table D5 (made up): England, 200 children on a plan at 31 March 2025: 3 months or less 50,
    # 3 to 6 months 40, 6 months to 1 year 50, 1 to 2 years 40, 2 years or more 20 (10.0%). Over 6 months
    # (50 + 40 + 20) / 200 = 55%; over 1 year (40 + 20) / 200 = 30%; 2 years or more 10.0 as published.
    # Authority 801's 1-2 year band is suppressed (c): no 6-month or 1-year figure, and the note says c.
    folder = tmp_path / "reference"
    folder.mkdir()
    bands = "3_months_or_less,more_than_3_months_6_months,more_than_6_months_less_than_1_year,1_year_less_than_2_years"
    header = GEOGRAPHY + f"old_la_code,new_la_code,la_name,CPP_At31,{bands},2_years_or_more,2_years_or_more_percent\n"
    lines = [_row(2025, "National", "", "", "", "", "", 200, 50, 40, 50, 40, 20, "10.0"),
             _row(2025, "Local authority", "E12000001", "North East", "801", "E06000801", "A", 30, 10, 10, 5, "c", 2, "6.7")]
    (folder / "d5_cpps_at31march_by_duration_2013_to_2025.csv").write_text(header + "\n".join(lines) + "\n",
                                                                           encoding="utf-8")
    source = Published(folder)
    assert source.values("cp_lasting_6m", 2025) == {"E": 55.0}
    assert source.values("cp_lasting_1y", 2025) == {"E": 30.0}
    assert source.values("cp_lasting_2y", 2025) == {"E": 10.0, "801": 6.7}
    assert source.suppressed("cp_lasting_6m", 2025) == {"801": "c"}
    assert {c: (n, d) for c, _, n, d in source.pairs("cp_lasting_1y", 2025)} == {}      # England is no authority
