"""The population by ethnic group extract: DfE's major groups from the names a file gives them,
the Census 2021's "Aged 4 years" ages, and rows that name no group rejected with the reason."""
from __future__ import annotations

from carepath.sources import local_extract
from carepath.sources.loader import load_file
from carepath.sources.local_extract_kinds import ethnic_major_group

CENSUS = """area_code,year,age,sex,ethnic_group,observation
846,2021,Aged under 1 year,Female,"Asian, Asian British or Asian Welsh: Indian",31
846,2021,Aged under 1 year,Female,"Asian, Asian British or Asian Welsh: Chinese",4
846,2021,Aged 4 years,Male,"Black, Black British, Black Welsh, Caribbean or African: African",12
846,2021,Aged 4 years,Male,Mixed or Multiple ethnic groups: White and Black Caribbean,7
846,2021,4,M,WBRI,500
846,2021,4,M,Does not apply,3
"""


def test_the_kind_is_known_from_the_header():
    kind, _ = local_extract.choose_kind("x.csv", ["area_code", "year", "age", "sex", "ethnicity", "count"])
    assert kind.name == "population by ethnic group"


def test_groups_are_dfes_major_groups():
    assert ethnic_major_group("White: English, Welsh, Scottish, Northern Irish or British") == "White"
    assert ethnic_major_group("Other ethnic group: Arab") == "Other"
    assert ethnic_major_group("Asian, Asian British or Asian Welsh: Chinese") == "Other"   # as DfE's CLA tables
    assert ethnic_major_group("APKN") == "Asian" and ethnic_major_group("CHNE") == "Other"
    assert ethnic_major_group("NOBT") is None and ethnic_major_group("Does not apply") is None


def test_a_census_extract_loads_by_major_group(store, tmp_path):
    path = tmp_path / "ethnicity.csv"
    path.write_text(CENSUS, encoding="utf-8")
    result = load_file(store, path, la_code=None)
    # rows 2-6 load; row 7 ("Does not apply") is rejected: 6 read = 5 loaded + 1 rejected
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 5, 1)
    got = store.execute("SELECT year, age, sex, ethnic_group, sum(count) FROM population_ethnicity "
                        "GROUP BY ALL ORDER BY ALL").fetchall()
    assert got == [(2021, 0, "F", "Asian", 31), (2021, 0, "F", "Other", 4), (2021, 4, "M", "Black", 12),
                   (2021, 4, "M", "Mixed", 7), (2021, 4, "M", "White", 500)]
    (reason,) = store.execute("SELECT rule, reason FROM reject WHERE batch_id = ?", [result.batch_id]).fetchall()
    assert reason[0] == "code" and "'Does not apply' is not an ethnic group" in reason[1]
