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


def test_a_store_older_than_a_table_or_column_exports_them_empty(tmp_path, store):
    """A store written before a table or column existed (export-store opens it read-only, so it is
    not migrated) still gives every table with the model's columns: Spark's queries name them."""
    store.execute("INSERT INTO child (child_id, la_code, dob) VALUES ('846/1', '846', DATE '2015-06-30')")
    store.execute("DROP TABLE missing_return_interview")
    store.execute("ALTER TABLE child DROP COLUMN dob")
    store.close()
    result = CliRunner().invoke(cli, ["export-store", "--store", str(tmp_path / "store.duckdb"),
                                       "--out", str(tmp_path / "parquet")])
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    model = {t.name: t.column_names for t in TABLES}
    empty = con.execute(f"SELECT * FROM read_parquet('{tmp_path}/parquet/missing_return_interview/*.parquet')")
    assert [d[0] for d in empty.description] == model["missing_return_interview"] and empty.fetchall() == []
    child = con.execute(f"SELECT child_id, dob FROM read_parquet('{tmp_path}/parquet/child/*.parquet')")
    assert child.fetchall() == [("846/1", None)]
