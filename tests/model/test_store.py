"""The store: created at the current schema version, every declared table present, migrations safe."""
import duckdb
import pytest

from carepath.model import store as store_mod
from carepath.model.tables import TABLES


def test_new_store_has_every_declared_table_and_column(tmp_path):
    con = store_mod.connect(tmp_path / "s.duckdb")
    assert store_mod.schema_version(con) == store_mod.SCHEMA_VERSION
    for table in TABLES:
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table.name]).fetchall()]
        assert columns == table.column_names, table.name


def test_reopening_migrates_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "s.duckdb"
    con = store_mod.connect(path)
    con.execute("INSERT INTO child (child_id, la_code, local_child_id) VALUES ('846/A', '846', 'A')")
    con.close()
    con = store_mod.connect(path)
    assert store_mod.migrate(con) == store_mod.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM child").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == store_mod.SCHEMA_VERSION


def test_older_store_gains_missing_columns(tmp_path):
    path = tmp_path / "s.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute("CREATE TABLE child (child_id VARCHAR, la_code VARCHAR)")
    raw.execute("INSERT INTO child VALUES ('846/A', '846')")
    raw.close()
    con = store_mod.connect(path)
    assert con.execute("SELECT child_id, dob FROM child").fetchall() == [("846/A", None)]


def test_store_from_a_newer_carepath_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    con = store_mod.connect(path)
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(store_mod.StoreError, match="newer than this carepath"):
        store_mod.connect(path)


def test_missing_store_read_only_says_what_to_do(tmp_path):
    with pytest.raises(store_mod.StoreError, match="carepath load"):
        store_mod.connect(tmp_path / "none.duckdb", read_only=True)


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    path = tmp_path / "s.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(store_mod.StoreError, match=r"Cannot open the store .*s\.duckdb: .*not a valid DuckDB "
                                                   r"database file"):
        store_mod.connect(path)


def test_a_store_of_the_current_version_gains_tables_and_columns_declared_since(tmp_path):
    from carepath.model.tables import BY_NAME
    from carepath.sources.loader import upsert
    path = tmp_path / "old.duckdb"
    con = store_mod.connect(path)
    con.execute("DROP TABLE adopter")
    con.execute("ALTER TABLE visit DROP COLUMN seen_alone")
    con.close()
    con = store_mod.connect(path)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "adopter" in tables
    columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'visit' ORDER BY ordinal_position").fetchall()]
    assert columns[-1] == "seen_alone"           # added at the end, after batch_id
    upsert(con, BY_NAME["visit"], [{"visit_id": "846/A/2024-01-02/CP", "child_id": "846/A", "la_code": "846",
                                    "seen": True, "seen_alone": False, "kind": "CP"}], batch_id=1)
    assert con.execute("SELECT kind, seen, seen_alone, batch_id FROM visit").fetchall() == [("CP", True, False, 1)]
    con.close()


def test_a_store_from_before_versions_gets_one_version_per_row_and_can_unload(tmp_path):
    """Schema 2 keeps what each load said (model/versions.py): a schema-1 store is given its rows as versions."""
    from carepath.model import versions
    from carepath.sources.loader import load_file, unload
    path = tmp_path / "v1.duckdb"
    episodes = tmp_path / "episodes_2024_25.csv"
    episodes.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"
                        "A,01/05/2024,S,C2,N1,U1,PR1,,,\n")
    con = store_mod.connect(path)
    batch = load_file(con, episodes, la_code="846").batch_id
    for table in versions.versioned():        # make it a store of schema 1, as carepath before versions made
        con.execute(f"DROP TABLE {versions.name(table)}")
    con.execute(f"DROP SEQUENCE {versions.SEQUENCE}")
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.close()
    con = store_mod.connect(path)
    assert store_mod.schema_version(con) == 2
    assert con.execute("SELECT episode_id, return_year, batch_id FROM cla_episode_loaded").fetchall() == [
        ("846/A/2024-05-01", "2024-25", batch)]
    unload(con, batch)
    assert con.execute("SELECT count(*) FROM cla_episode").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM child").fetchone()[0] == 0
    con.close()
