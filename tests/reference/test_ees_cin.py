"""The Children in need comparators (tables D1, D7, C2, C5) and the looked-after missing file, read from EES files.

Each file is made up here, in a temporary reference folder, in DfE's open-data layout with the column
names the indicators' ``published:`` blocks give (those of D1, D7, C2 and C5 are unchecked against
DfE's own files: the shared data folder has none of them). Every answer below was worked out by
hand. Areas: England (E), the North East (E12000001), authorities 801 and 802 (North East) and 803.
Children aged 0-17 at mid-2024 (ONS layout; a rate for 2024-25, DfE's time_period 2025, is per
10,000 of the preceding mid-year): England 12,000,000; North East 600,000; 801 20,000; 802 10,000;
803 16,000.

The last test reads the real D3 and C4 files in the shared data folder, and skips without it.
"""
from __future__ import annotations

import csv

import pytest

from carepath.analysis import benchmark
from carepath.analysis.benchmark import Published, compare, missing_file
from carepath.reference import ees

GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "old_la_code", "new_la_code", "la_name"]
AREAS = {"E": ("National", "", "", "", "", ""),
         "NE": ("Regional", "E12000001", "North East", "", "", ""),
         "801": ("Local authority", "E12000001", "North East", "801", "E06000801", "Authority A"),
         "802": ("Local authority", "E12000001", "North East", "802", "E06000802", "Authority B"),
         "803": ("Local authority", "E12000002", "North West", "803", "E06000803", "Authority C")}


def write(folder, name: str, columns: list[str], rows: list[tuple], year: int = 2025):
    """``name``.csv in EES layout: each row is (area key of AREAS, *its cells after the geography)."""
    folder.mkdir(exist_ok=True)
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(GEOGRAPHY + columns)
        for area, *cells in rows:
            level, region, region_name, la, new, la_name = AREAS[area]
            out.writerow([year, "Reporting year", level, "E92000001", "England", region, region_name, la, new,
                          la_name, *cells])
    return folder


def write_population(folder):
    """ONS mid-2024 children aged 0-17 in DfE's tidy layout (the counts in the module's docstring)."""
    write(folder, "ons_mid-year_population_estimates_2012_to_2024", ["age_group", "population_estimate"],
          [("E", "Children aged 0 to 17 years", 12_000_000), ("NE", "Children aged 0 to 17 years", 600_000),
           ("801", "Children aged 0 to 17 years", 20_000), ("802", "Children aged 0 to 17 years", 10_000),
           ("803", "Children aged 0 to 17 years", 16_000),
           ("801", "Children aged 0 to 4 years", 5_000)],           # another age group: never read
          year=2024)
    return folder


def test_plans_at_31_march_and_ending_per_10000_children_from_d1(tmp_path):
    # D1: plans at 31 March (CPP_At31) and plans ending in the year (CPP_end), as counts. Rates per 10,000:
    #   England  54,000 / 12,000,000 x 10,000 = 45.0    ending 60,000 -> 50.0
    #   N. East   3,300 /    600,000 x 10,000 = 55.0    ending  3,000 -> 50.0
    #   801         120 /     20,000 x 10,000 = 60.0    ending    150 -> 75.0
    #   802           c (suppressed): no rate, and said to be c; ending 25 -> 25.0
    folder = write_population(tmp_path / "reference")
    write(folder, "d1_child_protection_plans_2013_to_2025", ["CPP_At31", "CPP_end", "CPP_child_end"],
          [("E", 54_000, 60_000, 58_000), ("NE", 3_300, 3_000, 2_900), ("801", 120, 150, 140), ("802", "c", 25, 24)])
    source = Published(folder)
    assert source.values("cp_plans_at_end", 2025) == pytest.approx({"E": 45.0, "E12000001": 55.0, "801": 60.0})
    assert source.suppressed("cp_plans_at_end", 2025) == {"802": "c"}
    assert source.values("cp_plans_ceasing", 2025) == pytest.approx(
        {"E": 50.0, "E12000001": 50.0, "801": 75.0, "802": 25.0})         # CPP_end (plans), not CPP_child_end
    # the funnel of a rate is the count over the children aged 0-17
    assert {a: (n, d) for a, _, n, d in source.pairs("cp_plans_at_end", 2025)} == {"801": (120, 20_000)}


def test_share_of_plans_ending_after_2_years_or_more_from_d7(tmp_path):
    # D7: 2_years_or_more_percent is taken as published: England 4.0, North East 5.0, 801 4.0 (6 of 150);
    # the funnel pair is (2_years_or_more, CPP_End) = (6, 150) for 801.
    folder = tmp_path / "reference"
    write(folder, "d7_cpps_ending_by_duration_2013_to_2025", ["CPP_End", "2_years_or_more", "2_years_or_more_percent"],
          [("E", 60_000, 2_400, "4.0"), ("NE", 3_000, 150, "5.0"), ("801", 150, 6, "4.0")])
    source = Published(folder)
    assert source.values("cp_plans_ended_2y", 2025) == {"E": 4.0, "E12000001": 5.0, "801": 4.0}
    assert {a: (n, d) for a, _, n, d in source.pairs("cp_plans_ended_2y", 2025)} == {"801": (6, 150)}


def test_d7_as_the_2013_to_2020_data_set_named_its_columns(tmp_path):
    # 2_years+ and 2_years+_percent (a plus sign in DfE's own name is not a sum): 801 in 2019-20, 9 of 120 = 7.5
    folder = tmp_path / "reference"
    write(folder, "d7_cpps_ending_by_duration", ["CPP_End", "2_years+", "2_years+_percent"],
          [("801", 120, 9, "7.5")], year=2020)
    source = Published(folder)
    assert source.values("cp_plans_ended_2y", 2020) == {"801": 7.5}
    assert {a: (n, d) for a, _, n, d in source.pairs("cp_plans_ended_2y", 2020)} == {"801": (9, 120)}


C2_COLUMNS = ["Assessments_completed", "Same_day", "1-10_days", "11-20_days", "21-30_days", "31-40_days",
              "41-45_days", "46-60_days", "61+_days", "Median_days"]


def c2_folder(tmp_path):
    # C2 (the two bands after 41-45 days are named here for illustration; they are never read):
    #            completed  same  1-10  11-20  21-30  31-40  41-45 | 46-60  61+ | median
    #   England    600,000 30,000 90,000 120,000 120,000 90,000 60,000 | 60,000 30,000 | 27
    #   N. East     30,000  1,000  4,000   6,000   7,000  5,000  3,000 |  3,000  1,000 | 28
    #   801            400     10     40      80     100     60     30 |     50     30 | 29
    #   802            300     20     60      80      60     40      c |      c      x | x
    folder = write_population(tmp_path / "reference")
    return write(folder, "c2_children_in_need_assessments_duration_2013_to_2025", C2_COLUMNS,
                 [("E", 600_000, 30_000, 90_000, 120_000, 120_000, 90_000, 60_000, 60_000, 30_000, 27),
                  ("NE", 30_000, 1_000, 4_000, 6_000, 7_000, 5_000, 3_000, 3_000, 1_000, 28),
                  ("801", 400, 10, 40, 80, 100, 60, 30, 50, 30, 29),
                  ("802", 300, 20, 60, 80, 60, 40, "c", "c", "x", "x")])


def test_median_days_of_assessments_from_c2(tmp_path):
    # Median_days as published: 27, 28, 29; 802's is x (not available): no figure, said to be x
    source = Published(c2_folder(tmp_path))
    assert source.values("assessment_duration", 2025) == {"E": 27.0, "E12000001": 28.0, "801": 29.0}
    assert source.suppressed("assessment_duration", 2025) == {"802": "x"}


def test_assessments_within_45_working_days_add_up_c2s_bands(tmp_path):
    # the six bands up to 41-45 days over all completed:
    #   England (30 + 90 + 120 + 120 + 90 + 60) thousand = 510,000 / 600,000 = 85.0%
    #   N. East  1 + 4 + 6 + 7 + 5 + 3 = 26 thousand / 30,000 = 86.67%
    #   801      10 + 40 + 80 + 100 + 60 + 30 = 320 / 400 = 80.0%
    #   802      its 41-45 band is c: the sum is suppressed, so no figure, said to be c
    # and assessments completed per 10,000 children: England 600,000 / 12,000,000 = 500.0, N. East
    # 30,000 / 600,000 = 500.0, 801 400 / 20,000 = 200.0, 802 300 / 10,000 = 300.0
    source = Published(c2_folder(tmp_path))
    assert source.values("assessments_within_45wd", 2025) == pytest.approx(
        {"E": 85.0, "E12000001": 2600 / 30, "801": 80.0})
    assert source.suppressed("assessments_within_45wd", 2025) == {"802": "c"}
    assert {a: (n, d) for a, _, n, d in source.pairs("assessments_within_45wd", 2025)} == {"801": (320, 400)}
    assert source.values("assessments_completed", 2025) == pytest.approx(
        {"E": 500.0, "E12000001": 500.0, "801": 200.0, "802": 300.0})


C5_COLUMNS = ["Individual", "Schools", "Education_Services", "Health_Services", "Housing", "LA_Services", "Police",
              "Other_legal_agency", "Other", "Anonymous", "Unknown"]


def test_a_referral_sources_share_of_c5s_groups_added_up(tmp_path):
    # C5, referrals by source in the year:
    #            indiv schools educ health housing LA police legal other anon unknown | total
    #   England     80    180    20    140      10 150    290    30    50   20      30 | 1,000
    #   801         10     40     4     30       2  30     60     6    10    4       4 |   200
    #   802         12     30     3     20       c  25     50     5     8    3       4 | c (a group is c)
    #   803         12     30     3     20       x  25      c     5     8    3       4 | x (first hidden: housing)
    # Police: England 290 / 1,000 = 29.0%, 801 60 / 200 = 30.0%; schools 18.0% and 20.0%; individual 8.0%, 5.0%.
    # 802 publishes its police count (50) but not the total, so it has no share: said to be c (its total's
    # symbol). 803 hides both the police count (c) and the total (x): the numerator's symbol, c, is named;
    # its schools share has only the total hidden: x.
    folder = tmp_path / "reference"
    write(folder, "c5_children_in_need_referrals_by_source", C5_COLUMNS,
          [("E", 80, 180, 20, 140, 10, 150, 290, 30, 50, 20, 30), ("801", 10, 40, 4, 30, 2, 30, 60, 6, 10, 4, 4),
           ("802", 12, 30, 3, 20, "c", 25, 50, 5, 8, 3, 4), ("803", 12, 30, 3, 20, "x", 25, "c", 5, 8, 3, 4)])
    source = Published(folder)
    assert source.values("referrals_source_police", 2025) == pytest.approx({"E": 29.0, "801": 30.0})
    assert source.values("referrals_source_schools", 2025) == pytest.approx({"E": 18.0, "801": 20.0})
    assert source.values("referrals_source_individual", 2025) == pytest.approx({"E": 8.0, "801": 5.0})
    assert {a: (n, d) for a, _, n, d in source.pairs("referrals_source_police", 2025)} == {"801": (60, 200)}
    assert source.suppressed("referrals_source_police", 2025) == {"802": "c", "803": "c"}
    assert source.suppressed("referrals_source_schools", 2025) == {"802": "c", "803": "x"}


def test_children_missing_from_care_over_those_looked_after(tmp_path):
    # DfE's missing file (2021-2025 layout, filter column missing_status): England 10,000 with a missing
    # incident of 100,000 looked after = 10.0%; 801 30 of 200 = 15.0%. The away-without-authorisation
    # row (A) is never added in. The earlier layout's filter column cla_group is read too: 801 in
    # 2019-20, 20 of 250 = 8.0%.
    folder = tmp_path / "reference"
    looked_after, missing = "Children looked after during the year", "Children who had a missing incident during the year"
    away = "Children who were away from placement without authorisation during the year"
    write(folder, "la_children_who_were_missing_or_away_from_placement_without_authorisation_2021_to_2025",
          ["missing_status", "number", "percentage"],
          [("E", looked_after, 100_000, 100), ("E", missing, 10_000, 10), ("E", away, 3_000, 3),
           ("801", looked_after, 200, 100), ("801", missing, 30, 15), ("801", away, 40, 20)])
    source = Published(folder)
    assert source.values("cla_missing", 2025) == pytest.approx({"E": 10.0, "801": 15.0})
    assert {a: (n, d) for a, _, n, d in source.pairs("cla_missing", 2025)} == {"801": (30, 200)}
    earlier = tmp_path / "earlier"
    write(earlier, "la_children_who_were_missing_or_away_from_placement_without_authorisation",
          ["cla_group", "number"], [("801", looked_after, 250), ("801", missing, 20)], year=2020)
    assert Published(earlier).values("cla_missing", 2020) == pytest.approx({"801": 8.0})


@pytest.mark.parametrize("symbol", ["c", "x", "z", "low"])
def test_a_suppressed_cell_gives_no_value_and_says_so(tmp_path, symbol):
    # D7 for 802 shown as the symbol: 802 has no figure and is listed as not shown, with DfE's meaning
    folder = tmp_path / "reference"
    write(folder, "d7_cpps_ending_by_duration", ["CPP_End", "2_years_or_more", "2_years_or_more_percent"],
          [("E", 60_000, 2_400, "4.0"), ("801", 150, 6, "4.0"), ("802", 40, symbol, symbol)])
    (folder / "neighbours.csv").write_text("old_la_code,la_name,sn_rank,sn_old_la_code,closeness,sn_la_name\n"
                                           "801,Authority A,1,802,Close,Authority B\n", encoding="utf-8")
    source = Published(folder)
    assert source.values("cp_plans_ended_2y", 2025) == {"E": 4.0, "801": 4.0}
    found = compare(source, "cp_plans_ended_2y", "lower", "801", 2025)
    assert found.neighbours == {} and found.suppressed == {"802": symbol}
    assert ees.SYMBOLS[symbol]                 # the page words it: "c: suppressed to protect confidentiality"


def test_a_file_named_with_alternatives_is_found_under_either_name(tmp_path, monkeypatch):
    # file: new_name | old_name. Only the old one there: read. Both there reaching 2025: the first named.
    # The old one reaching a later year than the new: the later one. Neither: both named as what to download.
    # (A folder's files are listed once per process, so each case has its own folder.)
    block = {"release": "Children in need", "file": "d1_new_name | d1_old_name", "value": "CPP_At31"}
    spec = ees.spec("cp_plans_at_end", block)
    old_only = write(tmp_path / "old_only", "d1_old_name_2013_to_2025", ["CPP_At31"], [("801", 111)])
    assert ees.find_file(old_only, spec.file).name == "d1_old_name_2013_to_2025.csv"
    assert [(r[3], r[7]) for r in ees.read(old_only, [spec])] == [("801", 111.0)]
    both = write(tmp_path / "both", "d1_old_name_2013_to_2025", ["CPP_At31"], [("801", 111)])
    write(both, "d1_new_name_2025", ["CPP_At31"], [("801", 222)])
    assert ees.find_file(both, spec.file).name == "d1_new_name_2025.csv"
    later = write(tmp_path / "later", "d1_new_name_2025", ["CPP_At31"], [("801", 222)])
    write(later, "d1_old_name_2026", ["CPP_At31"], [("801", 333)], year=2026)
    assert ees.find_file(later, spec.file).name == "d1_old_name_2026.csv"
    assert spec.title.startswith("Children in need, data file d1_new_name (or d1_old_name, as other releases")
    monkeypatch.setattr(benchmark, "comparator", lambda indicator_id: block)
    assert missing_file("cp_plans_at_end", old_only) == ""
    (tmp_path / "empty").mkdir()
    text = missing_file("cp_plans_at_end", tmp_path / "empty")
    assert '"d1_new_name" (or "d1_old_name", as other releases name it)' in text
    assert 'release "Children in need"' in text


def test_d3_and_c4_for_brighton_and_hove_as_published(shared_data):
    # Read by eye from the shared data folder's copies of DfE's Children in need tables D3 and C4 (reporting
    # year 2025, i.e. 2024-25), the Brighton and Hove rows (846):
    #   D3: CPP_start 346, CPP_subsequent 107, CPP_subsequent_percent 30.9
    #   C4: Section47 1205, ICPC 426, Duration_0-10_days 85, 11-15 321, 16-20 10, 21+ 10
    # and the ONS mid-2024 estimate of its children aged 0-17: 46,612. So: plans starting 346 / 46,612 x
    # 10,000 = 74.23; repeat plans 30.9 as published; S47s 1,205 / 46,612 x 10,000 = 258.52; ICPCs within
    # 15 working days (85 + 321) / (85 + 321 + 10 + 10) = 406 / 426 = 95.31%; S47s going to an ICPC 426 /
    # 1,205 = 35.35%.
    source = Published(shared_data)
    assert source.values("cp_plans_starting", 2025)["846"] == pytest.approx(346 / 46_612 * 10_000)
    assert source.values("repeat_cp_plans", 2025)["846"] == pytest.approx(30.9)
    assert source.values("s47_enquiries", 2025)["846"] == pytest.approx(1205 / 46_612 * 10_000)
    assert source.values("icpcs_within_15wd", 2025)["846"] == pytest.approx(100 * 406 / 426)
    assert source.values("s47_to_icpc", 2025)["846"] == pytest.approx(100 * 426 / 1205)
    assert {a: (n, d) for a, _, n, d in source.pairs("repeat_cp_plans", 2025)}["846"] == (107, 346)
