"""``carepath load --jobs N``: reader processes stage the files, the store is written in order, so a
parallel load makes exactly the store a serial one makes (sources/parallel.py).

Every table of the store is compared, the versions tables (with their batch ids and version
order) and the bookkeeping ones included; only the clock columns (``loaded_at``...) differ.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pytest

from carepath.model import store as store_mod
from carepath.sources.parallel import load_files


def tables(path) -> dict[str, list[tuple]]:
    """Every table of a store, its rows sorted, without the TIMESTAMP columns (when it happened)."""
    con = duckdb.connect(str(path), read_only=True)
    found = {}
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
    for name in names:
        clocks = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                            "AND data_type LIKE 'TIMESTAMP%'", [name]).fetchall()]
        exclude = f" EXCLUDE ({', '.join(clocks)})" if clocks else ""
        found[name] = con.execute(f"SELECT *{exclude} FROM {name} ORDER BY ALL").fetchall()
    con.close()
    return found


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    """Two years of a small synthetic authority's returns (CIN census, SSDA903, Annex A), plus a file
    repeated under another name, an empty file and a damaged one: every kind of outcome, in one load."""
    from carepath.synth.generate import generate_authority
    from carepath.synth.params import make_authorities
    params = make_authorities(1, seed=5, children=600, first_year=2023, last_year=2024)[0]
    out = tmp_path_factory.mktemp("parallel")
    generate_authority(params, out)
    root = out / params.la_code
    first_cin = sorted((root / "cin").glob("*.xml"))[0]
    shutil.copy(first_cin, root / "cin" / "zz_same_census_again.xml")
    (out / "zz_empty.xml").write_bytes(b"")
    text = first_cin.read_bytes()
    (out / "zz_broken.xml").write_bytes(text[: len(text) // 2])  # a census cut off halfway: malformed XML
    return [root, out / "zz_empty.xml", out / "zz_broken.xml"]


def cli_load(paths, store, jobs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "carepath", "--store", str(store), "load", *map(str, paths),
                           "--jobs", str(jobs)], capture_output=True, text=True, timeout=600)


def test_parallel_load_makes_the_serial_store(returns, tmp_path):
    serial = cli_load(returns, tmp_path / "serial.duckdb", 1)
    parallel = cli_load(returns, tmp_path / "parallel.duckdb", 2)
    assert serial.returncode == parallel.returncode == 1, serial.stderr  # the empty and broken files fail
    assert serial.stdout == parallel.stdout and serial.stderr == parallel.stderr  # same files, same order, same words
    assert "zz_same_census_again.xml: already loaded" in serial.stdout
    assert "zz_broken.xml: NOT LOADED" in serial.stderr
    one, two = tables(tmp_path / "serial.duckdb"), tables(tmp_path / "parallel.duckdb")
    assert one.keys() == two.keys()
    assert one["cla_episode_loaded"] and one["referral"] and one["load_batch"]  # there is something to compare
    for name in one:
        assert one[name] == two[name], name


def test_files_already_in_the_store_are_not_read_again(returns, tmp_path):
    con = store_mod.connect(tmp_path / "store.duckdb")
    files = sorted(p for p in (returns[0] / "ssda903").rglob("*.csv"))[:3]
    first = list(load_files(con, files, jobs=2))
    assert [r.status for r in first] == ["loaded"] * 3
    again = list(load_files(con, files, jobs=2))
    assert [(r.status, r.batch_id) for r in again] == [("already loaded", r.batch_id) for r in first]
    replaced = list(load_files(con, files[:1], jobs=2, replace=True))
    assert replaced[0].status == "loaded" and replaced[0].notes[0].startswith(f"replaced load {first[0].batch_id}")
    con.close()


def test_the_writer_is_held_lean_and_put_back(returns, tmp_path, monkeypatch):
    """During a load the writer's DuckDB memory is capped (parallel.WRITER_MEMORY); a file whose write
    runs out of memory under the cap is rolled back and written again with the usual limit, and the
    connection's settings are as they were afterwards. The staged files' temporary folder is gone."""
    from carepath.sources import parallel
    monkeypatch.setattr(parallel, "WRITER_MEMORY", "1MB")  # too little for any write: each one is tried again
    spills, writes = [], []
    real_write = parallel.write_staged
    monkeypatch.setattr(parallel, "write_staged", lambda con, staged, *a: writes.append(staged.path) or
                        real_write(con, staged, *a))
    real = parallel.unspill
    monkeypatch.setattr(parallel, "unspill", lambda staged: spills.extend(staged.spilled.values()) or real(staged))
    con = store_mod.connect(tmp_path / "store.duckdb")
    con.execute("SET memory_limit = '2GiB'")
    before = con.execute("SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')").fetchall()
    files = sorted(p for p in (returns[0] / "ssda903").rglob("*.csv"))[:3]
    results = list(load_files(con, files, jobs=2))
    assert [r.status for r in results] == ["loaded"] * 3
    assert sorted(set(writes)) == files and len(writes) > len(files)  # some ran out of memory, then were written
    assert con.execute("SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')").fetchall() \
        == before
    assert spills and not any(p.exists() or p.parent.exists() for p in spills)
    loaded = con.execute("SELECT sum(rows_loaded) FROM load_batch").fetchall()[0][0]
    assert loaded == sum(r.rows_loaded for r in results) > 0
    con.close()
    serial = store_mod.connect(tmp_path / "serial.duckdb")
    list(load_files(serial, files, jobs=1))
    serial.close()
    one, two = tables(tmp_path / "serial.duckdb"), tables(tmp_path / "store.duckdb")
    for name in one:
        assert one[name] == two[name], name
