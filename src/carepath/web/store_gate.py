"""Reading the analytical store from the web server without locking out the command line.

DuckDB lets one process write a file, or several read it, never both. The command line keeps
loading and computing while the dashboard serves, so the server must not hold the file open
for ever: the gate opens it read-only when a request needs it, shares that connection among
the requests in flight (each with its own cursor, since a DuckDB connection is not shared
between threads), and closes it once no request has used it for ``linger`` seconds. While a
command holds the file for writing, pages answer 503 with a plain message instead of waiting.

``version()`` changes whenever the file does (size and modification time); :func:`data_version`
then says whether what the store holds changed (a load or a recompute), which is what the
dashboard's caches are keyed by.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from carepath.errors import CarepathError


class StoreBusy(CarepathError):
    """The store cannot be read just now (being written, or not there)."""


class StoreGate:
    def __init__(self, path: Path, linger: float = 1.0):
        self.path = Path(path)
        self.linger = linger
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._timer: threading.Timer | None = None

    def version(self) -> tuple[int, int]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return (0, 0)
        wal = self.path.with_name(self.path.name + ".wal")
        extra = wal.stat().st_mtime_ns if wal.exists() else 0
        return (stat.st_mtime_ns + extra, stat.st_size)

    def _open(self) -> duckdb.DuckDBPyConnection:
        if not self.path.exists():
            raise StoreBusy(f"There is no store at {self.path} yet. Load returns with `carepath load` "
                            "and compute the indicators with `carepath indicators run`.")
        try:
            return duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise StoreBusy("The store is busy: another carepath command is loading or computing. "
                            f"Try again when it has finished. ({type(exc).__name__})") from exc

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._con is None:
                self._con = self._open()
            self._users += 1
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if self.linger <= 0:
                        self._close_locked()
                    else:
                        self._timer = threading.Timer(self.linger, self._close_if_idle)
                        self._timer.daemon = True
                        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close_locked()

    def _close_locked(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._close_locked()


def data_version(cursor, stamp=None) -> tuple:
    """What the store holds, as a key: its latest load (``load_batch``, the number the engine stamps on
    every figure as ``data_version``) and when its latest figure was computed. A load changes the
    first, an ``indicators run`` the second; checkpoints and other writes that change neither keep
    the dashboard's caches. A store without those tables yet is keyed by its file (``stamp``)."""
    try:
        batch = cursor.execute("SELECT max(batch_id) FROM load_batch").fetchall()[0][0]
        computed = cursor.execute("SELECT max(computed_at), count(*) FROM indicator_result").fetchall()[0]
    except duckdb.Error:
        return ("file", stamp)
    return (batch, str(computed[0]), computed[1])
