"""One file or many, any order: the same store (model/versions.py).

The value of the latest *return year* wins, not of the latest load: loading the same returns in
any order, and split into files in any way (one SSDA903 file with a YEAR column, or one per
year), gives the same canonical tables.
"""
from __future__ import annotations

import copy
import csv
import io
from datetime import date as d
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from carepath.model import store as store_mod
from carepath.model import versions
from carepath.sources.loader import load_file


def snapshot(con) -> dict[str, list[tuple]]:
    """Every canonical table, rows sorted, without the load bookkeeping column (batch_id)."""
    return {t.name: con.execute(f"SELECT * EXCLUDE (batch_id) FROM {t.name} ORDER BY ALL").fetchall()
            for t in versions.versioned()}


def load_all(con, paths) -> None:
    for path in paths:
        result = load_file(con, path)
        assert result.status in ("loaded", "already loaded"), (path.name, result.message)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# -- a hand-built three-year history --------------------------------------------------------------
# Child A's episode starts 01/05/2022 (return 2022-23), is still open at 31 March 2023 and 2024
# (so repeated, without DEC, in 2023-24) and ends 01/12/2024 with REC E11 (2024-25). Worked by hand,
# the one episode row must have: DECOM 2022-05-01, DEC 2024-12-01, REC E11; PL_POST from 2023-24
# (AB1 9ZZ, which corrected 2022-23's AB1 2CD; 2024-25 leaves it empty, which never erases);
# HOME_POST XY1 1XY from 2022-23 (never repeated). Child B's episode opens in 2024-25 only.
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR\n"
YEAR_ROWS = {
    "2022-23": "A,01/05/2022,S,C2,N1,U1,PR1,,,,XY1 1XY,AB1 2CD,SC000001,846,2022-23\n",
    "2023-24": "A,01/05/2022,S,C2,N1,U1,PR1,,,,,AB1 9ZZ,SC000001,846,2023-24\n",
    "2024-25": ("A,01/05/2022,S,C2,N1,U1,PR1,01/12/2024,E11,,,,SC000001,846,2024-25\n"
                "B,03/03/2025,S,V2,N2,U3,PR1,,,,,,,846,2024-25\n"),
}
EXPECTED_EPISODES = [
    ("846/A/2022-05-01", "846/A", d(2022, 5, 1), d(2024, 12, 1), "E11", "XY1 1XY", "AB1 9ZZ"),
    ("846/B/2025-03-03", "846/B", d(2025, 3, 3), None, None, None, None),
]


def episodes(con):
    return con.execute("SELECT episode_id, child_id, start_date, end_date, reason_ceased, home_postcode, "
                       "placement_postcode FROM cla_episode ORDER BY episode_id").fetchall()


def test_one_multi_year_file_gives_the_store_three_files_give_in_either_order(tmp_path):
    single = write(tmp_path / "all" / "episodes_all_years.csv", EPISODES + "".join(YEAR_ROWS.values()))
    yearly = [write(tmp_path / "years" / f"episodes_{year.replace('-', '_')}.csv", EPISODES + rows)
              for year, rows in YEAR_ROWS.items()]
    stores = {}
    for label, paths in {"one file": [single], "oldest first": yearly, "newest first": yearly[::-1]}.items():
        con = store_mod.connect(tmp_path / f"{label}.duckdb")
        load_all(con, paths)
        assert con.execute("SELECT sum(rows_rejected) FROM load_batch").fetchone()[0] == 0, label
        assert episodes(con) == EXPECTED_EPISODES, label
        stores[label] = snapshot(con)
        con.close()
    assert stores["one file"] == stores["oldest first"] == stores["newest first"]


def test_the_later_rows_of_a_multi_year_file_are_versions_not_duplicates(store, tmp_path):
    result = load_file(store, write(tmp_path / "episodes.csv", EPISODES + "".join(YEAR_ROWS.values())))
    # 4 rows read, 4 loaded (three versions of A's episode and B's), none rejected
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 4, 0)
    assert result.notes == [] and "2022-23, 2023-24, 2024-25" in store.execute(
        "SELECT return_year FROM load_batch").fetchone()[0]
    # the same key twice in the same year of one file is still a duplicate
    doubled = load_file(store, write(tmp_path / "doubled.csv", EPISODES + YEAR_ROWS["2023-24"] * 2))
    assert (doubled.rows_loaded, doubled.rows_rejected) == (1, 1)


def test_cin_censuses_loaded_newest_first_stitch_as_oldest_first(tmp_path, fixtures):
    # tests/fixtures/cin: E5's referral of 13/05/2024 is open in the 2024-25 census and closed
    # (30/06/2025, RC7) in the 2025-26 one, whose CINdetails repeat neither source nor disabilities
    files = [fixtures / "cin" / "cin_2024_25.xml", fixtures / "cin" / "cin_2025_26_carried.xml"]
    stores = []
    for order in (files, files[::-1]):
        con = store_mod.connect(tmp_path / f"{len(stores)}.duckdb")
        load_all(con, order)
        assert con.execute("SELECT source, closure_date, closure_reason FROM referral WHERE child_id = '846/E5'"
                           ).fetchall() == [("5D", d(2025, 6, 30), "RC7")]
        assert con.execute("SELECT disabilities FROM child WHERE child_id = '846/E5'"
                           ).fetchall() == [(["LD", "COMM", "BEH"],)]
        stores.append(snapshot(con))
        con.close()
    assert stores[0] == stores[1]


# -- the property: a synthetic multi-year history, split and shuffled ---------------------------------
@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A small synthetic authority's four years of CIN census and SSDA903 returns, and the store they make."""
    from carepath.synth.generate import generate_authority
    from carepath.synth.params import make_authorities
    params = make_authorities(1, seed=23, children=800)[0]
    out = tmp_path_factory.mktemp("history")
    generate_authority(params, out)
    root = out / params.la_code
    cin = sorted((root / "cin").glob("*.xml"))
    ssda903 = sorted((root / "ssda903").glob("*/*.csv"))
    con = store_mod.connect(out / "reference.duckdb")
    load_all(con, cin + ssda903)  # one file per return and year, oldest first: how it has always been done
    assert con.execute("SELECT sum(rows_rejected) FROM load_batch").fetchone()[0] == 0
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    for path in ssda903:
        with open(path, newline="") as handle:
            header, *rows = list(csv.reader(handle))
        tables.setdefault(path.name, (header, []))[1].extend(rows)
    reference = snapshot(con)
    con.close()
    assert len({r[0] for r in reference["cla_episode"]}) > 20  # enough history to mean something
    return {"cin": cin, "ssda903": tables, "reference": reference}


def _csv(header, rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def _split_cin(path: Path, parts: int, draw, folder: Path) -> list[Path]:
    tree = etree.parse(str(path))
    children = [el for el in tree.getroot().iter() if etree.QName(el).localname == "Child"]
    owner = draw(st.lists(st.integers(0, parts - 1), min_size=len(children), max_size=len(children)))
    files = []
    for part in range(parts):
        copied = copy.deepcopy(tree)
        kept = [el for el in copied.getroot().iter() if etree.QName(el).localname == "Child"]
        for el, who in zip(kept, owner):
            if who != part:
                el.getparent().remove(el)
        target = folder / f"{path.stem}_part{part}.xml"
        copied.write(str(target), xml_declaration=True, encoding="utf-8")
        files.append(target)
    return files


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_any_split_and_order_of_the_returns_gives_the_same_store(history, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("split")
    files: list[Path] = []
    for path in history["cin"]:
        files += _split_cin(path, data.draw(st.integers(1, 2), label=f"parts of {path.name}"), data.draw, folder)
    for name, (header, rows) in history["ssda903"].items():
        # each 903 table's rows of all four years, dealt into one to three files (rows of different
        # years share a file, each row keeping its YEAR)
        parts = data.draw(st.integers(1, 3), label=f"files of {name}")
        owner = data.draw(st.lists(st.integers(0, parts - 1), min_size=len(rows), max_size=len(rows)))
        order = data.draw(st.permutations(range(len(rows))), label=f"row order of {name}")
        for part in range(parts):
            mine = [rows[i] for i in order if owner[i] == part]
            if mine:
                files.append(write(folder / f"{Path(name).stem}_part{part}.csv", _csv(header, mine)))
    shuffled = data.draw(st.permutations(files), label="load order")
    con = store_mod.connect(folder / "store.duckdb")
    load_all(con, shuffled)
    assert con.execute("SELECT sum(rows_rejected) FROM load_batch").fetchone()[0] == 0
    got = snapshot(con)
    con.close()
    for table, rows in history["reference"].items():
        assert got[table] == rows, table
