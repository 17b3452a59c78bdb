"""A broken installation and empty files are reported plainly, never skipped or shown as "LA None"."""
from __future__ import annotations

import subprocess
import sys

import pytest

from carepath.sources import loader

EPISODES_HEADER = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def test_a_reader_that_cannot_be_imported_stops_the_load(store, tmp_path, monkeypatch):
    # a reader deleted from the installation must not silently become "format not recognised"
    monkeypatch.setattr(loader, "READER_MODULES", loader.READER_MODULES + ("carepath.sources.no_such_reader",))
    path = tmp_path / "episodes_2024_25.csv"
    path.write_text(EPISODES_HEADER + "A1,01/04/2024,S,C2,N1,U1,PR1,,,,,,\n")
    with pytest.raises(ImportError, match=r"reader carepath\.sources\.no_such_reader cannot be imported .*"
                                          r"installation is broken"):
        list(loader.readers())
    with pytest.raises(ImportError, match="no_such_reader"):
        loader.load_file(store, path, la_code="846")
    assert store.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0


def test_an_empty_file_is_reported_as_empty(store, tmp_path):
    path = tmp_path / "episodes_2024_25.csv"
    path.write_bytes(b"")
    result = loader.load_file(store, path)
    assert result.status == "failed"
    assert result.summary() == "episodes_2024_25.csv: NOT LOADED. episodes_2024_25.csv is empty (0 bytes): " \
                               "there is nothing to load."


def test_a_file_with_only_a_header_is_reported_as_empty(store, tmp_path):
    path = tmp_path / "episodes_2024_25.csv"
    path.write_text(EPISODES_HEADER)
    result = loader.load_file(store, path, la_code="846")
    assert (result.status, result.rows_read) == ("loaded", 0)
    assert result.summary() == "episodes_2024_25.csv (ssda903-csv): empty, it holds no rows (only a header); " \
                               "nothing to load"
    assert "None" not in result.summary()


def test_the_command_line_says_empty(tmp_path):
    (tmp_path / "contacts.csv").write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "carepath", "load", str(tmp_path / "contacts.csv"),
                           "--store", str(tmp_path / "store.duckdb")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "contacts.csv is empty (0 bytes): there is nothing to load." in done.stdout + done.stderr
    assert "None" not in done.stdout + done.stderr
