"""What a reader process of ``carepath load --jobs`` does between files (sources/loader/spilling.py).

A reader process keeps pandas out (Arrow would import it, 51 MB, only to ask whether a list holds
pandas objects) and still stages a file exactly; a process that is not a reader (this one, which
may want pandas) is left as it is.
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa

from carepath.sources.loader.spilling import YEARS, stage_spilled


def _stage_in_reader(path: Path, folder: str) -> tuple[bool, list, list]:
    staged = stage_spilled(path, folder)
    table = pa.ipc.open_file(pa.memory_map(str(staged.spilled["visit"]))).read_all()
    try:
        import pandas  # noqa: F401
        importable = True
    except ImportError:
        importable = False
    return "pandas" in sys.modules or importable, table.column("visit_id").to_pylist(), \
        table.column(YEARS).to_pylist()


def test_a_reader_process_stages_a_file_without_pandas(tmp_path):
    (tmp_path / "846").mkdir()
    path = tmp_path / "846" / "visits.csv"  # the folder says the authority
    path.write_text("child_id,visit_date,visit_type\nA1,01/03/2024,CP\nA2,02/03/2024,CIN\n")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pandas, ids, years = pool.submit(_stage_in_reader, path, str(tmp_path)).result()
    assert not pandas
    # worked by hand: the LA is the folder's, the date ISO, then the visit type; the file states no year
    assert ids == ["846/A1/2024-03-01/CP", "846/A2/2024-03-02/CIN"]
    assert years == [None, None]


def test_staging_in_this_process_leaves_pandas_importable(tmp_path):
    (tmp_path / "846").mkdir()
    path = tmp_path / "846" / "visits.csv"
    path.write_text("child_id,visit_date,visit_type\nA1,01/03/2024,CP\n")
    staged = stage_spilled(path, str(tmp_path))
    assert staged.failed is None and sorted(staged.spilled) == ["implied child", "visit"]
    import pandas  # noqa: F401  (this process is not a reader: nothing was kept out)
