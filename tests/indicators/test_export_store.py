"""``carepath export-store``: every canonical table to Parquet, one folder per table, rows as stored."""
from __future__ import annotations

from datetime import date

import duckdb
from click.testing import CliRunner

from carepath.cli import cli
from carepath.model.tables import TABLES


def test_every_canonical_table_is_written_with_its_rows_and_types(tmp_path, store):
    store.execute("INSERT INTO child (child_id, la_code, dob) VALUES ('846/1', '846', DATE '2015-06-30'), "
                  "('846/2', '846', NULL)")
    store.close()
    result = CliRunner().invoke(cli, ["export-store", "--store", str(tmp_path / "store.duckdb"),
                                       "--out", str(tmp_path / "parquet")])
    assert result.exit_code == 0, result.output
    assert "child 2" in result.output
    canonical = {t.name for t in TABLES if not t.bookkeeping}
    assert {p.name for p in (tmp_path / "parquet").iterdir()} == canonical   # empty tables too
    con = duckdb.connect()
    rows = con.execute(f"SELECT child_id, dob FROM read_parquet('{tmp_path}/parquet/child/*.parquet') "
                       "ORDER BY child_id").fetchall()
    assert rows == [("846/1", date(2015, 6, 30)), ("846/2", None)]            # dates stay dates
    assert con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/parquet/referral/*.parquet')"
                       ).fetchall()[0][0] == 0


def test_a_file_given_as_the_folder_is_refused_with_a_reason(tmp_path, store):
    store.close()
    (tmp_path / "out.txt").write_text("x")
    result = CliRunner().invoke(cli, ["export-store", "--store", str(tmp_path / "store.duckdb"),
                                       "--out", str(tmp_path / "out.txt")])
    assert result.exit_code != 0
    assert "out.txt" in result.output   # click names the file it cannot use as a folder
