"""Undo and reload: `carepath unload LOAD` and `carepath load --replace` take one load out completely."""
from __future__ import annotations

import subprocess
import sys
from datetime import date as d


from carepath.model import store as store_mod
from carepath.sources.loader import load_file, unload

from tests.sources.test_load_order import EPISODES, YEAR_ROWS, snapshot, write

OC2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
       "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
       "A,01/02/2012,12,SDQ1,0,1,1,1,1,0,,\n")


def bookkeeping(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("load_batch", "load_count", "reject", "unload")}


def fresh(tmp_path, name, *loads):
    """The store made by the given correct loads alone: what undo-and-reload must give."""
    con = store_mod.connect(tmp_path / f"{name}.duckdb")
    for path, kwargs in loads:
        assert load_file(con, path, **kwargs).status == "loaded"
    result = snapshot(con)
    con.close()
    return result


def test_a_file_loaded_with_the_wrong_year_is_unloaded_and_loaded_again(store, tmp_path):
    oc2 = write(tmp_path / "oc2.csv", OC2)
    wrong = load_file(store, oc2, la_code="846", return_year="2023-24")
    assert store.execute("SELECT year_ending FROM cla_outcome").fetchall() == [(d(2024, 3, 31),)]
    removed = unload(store, wrong.batch_id)
    # the load gave one outcome row and one (implied) child row; nothing of it is left
    assert removed == {"cla_outcome": 1, "child": 1}
    assert store.execute("SELECT count(*) FROM cla_outcome").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM child").fetchone()[0] == 0
    assert bookkeeping(store) == {"load_batch": 0, "load_count": 0, "reject": 0, "unload": 1}
    again = load_file(store, oc2, la_code="846", return_year="2024-25")
    assert again.status == "loaded" and again.batch_id == wrong.batch_id + 1  # ids are never reused
    assert store.execute("SELECT year_ending FROM cla_outcome").fetchall() == [(d(2025, 3, 31),)]
    assert snapshot(store) == fresh(tmp_path, "right", (oc2, {"la_code": "846", "return_year": "2024-25"}))


def test_load_replace_takes_out_the_load_with_the_wrong_la(store, tmp_path):
    episodes = write(tmp_path / "episodes_2024_25.csv", EPISODES.replace(",LA,YEAR", "") + "\n".join(
        row.rsplit(",", 2)[0] for row in YEAR_ROWS["2024-25"].splitlines()) + "\n")
    first = load_file(store, episodes, la_code="846")
    replaced = load_file(store, episodes, la_code="847", replace=True)
    assert replaced.status == "loaded"
    assert replaced.notes[0] == f"replaced load {first.batch_id} (episodes_2024_25.csv, LA 846, 2024-25)"
    assert store.execute("SELECT DISTINCT la_code FROM cla_episode UNION SELECT DISTINCT la_code FROM child"
                         ).fetchall() == [("847",)]
    assert store.execute("SELECT batch_id, la_code FROM load_batch").fetchall() == [(replaced.batch_id, "847")]
    assert store.execute("SELECT batch_id, reason FROM unload").fetchall() == [
        (first.batch_id, f"replaced by load --replace (batch {replaced.batch_id})")]
    assert snapshot(store) == fresh(tmp_path, "right", (episodes, {"la_code": "847"}))


def test_unloading_the_latest_year_reopens_the_episode_it_closed(store, tmp_path):
    years = {y: write(tmp_path / f"episodes_{y.replace('-', '_')}.csv", EPISODES + rows) for y, rows in YEAR_ROWS.items()}
    loaded = {y: load_file(store, path) for y, path in years.items()}
    # take out the middle year: A's placement postcode goes back to 2022-23's; the 2024-25 closure stays
    unload(store, loaded["2023-24"].batch_id)
    assert store.execute("SELECT end_date, reason_ceased, placement_postcode FROM cla_episode "
                         "WHERE child_id = '846/A'").fetchall() == [(d(2024, 12, 1), "E11", "AB1 2CD")]
    unload(store, loaded["2024-25"].batch_id)
    assert store.execute("SELECT episode_id, end_date, reason_ceased FROM cla_episode").fetchall() == [
        ("846/A/2022-05-01", None, None)]  # open again, and B's 2025 episode gone with its child
    assert store.execute("SELECT child_id FROM child").fetchall() == [("846/A",)]
    assert snapshot(store) == fresh(tmp_path, "first", (years["2022-23"], {}))


def test_a_replace_that_fails_leaves_the_earlier_load(store, tmp_path):
    path = write(tmp_path / "episodes_2024_25.csv", EPISODES + YEAR_ROWS["2024-25"])
    first = load_file(store, path)
    before = snapshot(store)
    path.write_text("CHILD,DECOM\n\"A,01/05/2022\n")  # broken quoting: the whole file cannot be read
    failed = load_file(store, path, replace=True)
    assert failed.status == "failed"
    assert snapshot(store) == before
    assert store.execute("SELECT batch_id FROM load_batch").fetchall() == [(first.batch_id,)]
    assert bookkeeping(store)["unload"] == 0


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def test_the_commands_list_unload_and_replace(tmp_path):
    store = str(tmp_path / "s.duckdb")
    episodes = write(tmp_path / "episodes_all.csv", EPISODES + "".join(YEAR_ROWS.values()))
    assert run("load", str(episodes), "--store", store).returncode == 0
    status = run("status", "--store", store).stdout
    assert "     1  episodes_all.csv  [ssda903-csv, LA 846, 2022-23, 2023-24, 2024-25]" in status
    assert "carepath unload ID" in status
    again = run("load", str(episodes), "--store", store, "--replace")
    assert again.returncode == 0 and "note: replaced load 1 (episodes_all.csv" in again.stdout
    out = run("unload", "2", "--store", store)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Unloaded load 2 (episodes_all.csv, LA 846, 2022-23, 2023-24, 2024-25): "
                                 "rows taken out: child 2, cla_episode 4.")
    status = run("status", "--store", store).stdout
    assert "Loads (0)" in status and "Loads taken out (2):" in status
    assert "     1  episodes_all.csv  [LA 846, 2022-23, 2023-24, 2024-25]" in status
    missing = run("unload", "9", "--store", store)
    assert missing.returncode != 0 and "There is no load 9 in the store" in missing.stderr
    assert "Traceback" not in missing.stderr
