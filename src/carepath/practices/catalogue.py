"""The key practice catalogue: one SQL file per practice, its metadata in a YAML header comment.

Each file ``practices/sql/<id>.sql`` starts with a ``/* ... */`` block of YAML, in the style of the
indicator catalogue (:mod:`carepath.indicators.catalogue`):

.. code-block:: yaml

    id: cp_visits                     # the file's name
    title: Child protection visits at least every 10 working days
    definition: >                     # in plain words
      ...
    sources: [Working Together to Safeguard Children 2023 (HM Government, December 2023) ...]
    records:                          # what must be loaded for the practice to be measurable
      - {table: cp_plan, name: child protection plans}
      - {table: visit, where: "kind = 'CP'", name: child protection visits}
    boundaries: [...]                 # every boundary choice the query makes

and the query after it returns **every occasion the practice was due** up to the ``as_at`` day
of the temp table ``practice_window`` (``first_day``, ``as_at``): ``la_code, child_id,
record_id`` (the occasion: a plan and its due day, an S47), ``due_date`` and ``done_date`` (the day
it was done, NULL when it was not). The engine keeps the occasions due from ``first_day`` to
``as_at``, forgets anything done after ``as_at`` (not known then), and counts a **breach** where
the practice was not done by the end of its due day: ``done_date IS NULL OR done_date > due_date``.
A practice that can only be breached (a placement that must never happen) gives ``done_date``
NULL for every occasion.

Queries may use the indicator engine's calendar and macros (``working_days``, ``age_on``,
``open_on``: :mod:`carepath.indicators.calendar`), the shared looked-after tables
(``cla_episode_context``, ``cla_care_period``: ``indicators/sql/_shared``), and
``add_working_days(day, n)``: the working day ``n`` working days after ``day`` (so that
``working_days(day, add_working_days(day, n)) = n``; a day that is not a working day counts from
the working day before it, as ``working_days`` does).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from carepath.errors import CarepathError
from carepath.indicators.catalogue import read_sql_file

SQL_DIR = Path(__file__).resolve().parent / "sql"


class PracticeCatalogueError(CarepathError):
    pass


@dataclass(frozen=True)
class Records:
    """A kind of record a practice needs: a table, optionally only some of its rows."""
    table: str
    name: str
    where: str = ""

    def count_sql(self) -> str:
        return f"SELECT count(*) FROM {self.table} WHERE la_code = ?" + (f" AND ({self.where})" if self.where else "")


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    definition: str
    sources: tuple[str, ...]
    records: tuple[Records, ...]
    boundaries: tuple[str, ...]
    sql: str
    path: Path


def _parse(path: Path) -> Practice:
    meta, sql = read_sql_file(path, "a key practice", PracticeCatalogueError)
    for key in ("id", "title", "definition", "sources", "records", "boundaries"):
        if not meta.get(key):
            raise PracticeCatalogueError(f"{path.name}: metadata has no '{key}'")
    if meta["id"] != path.stem:
        raise PracticeCatalogueError(f"{path.name}: id '{meta['id']}' differs from the file name")
    words = lambda text: " ".join(str(text).split())
    return Practice(
        id=meta["id"], title=words(meta["title"]), definition=words(meta["definition"]),
        sources=tuple(words(s) for s in meta["sources"]),
        records=tuple(Records(r["table"], r["name"], r.get("where", "")) for r in meta["records"]),
        boundaries=tuple(words(b) for b in meta["boundaries"]), sql=sql, path=path)


@lru_cache(maxsize=1)
def practices() -> dict[str, Practice]:
    """Every key practice, by id, in file-name order."""
    return {p.id: p for p in (_parse(path) for path in sorted(SQL_DIR.glob("*.sql")))}


def get(practice_id: str) -> Practice:
    found = practices()
    if practice_id not in found:
        close = [p for p in found if practice_id.lower() in p.lower()][:8]
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `carepath practices list`."
        raise PracticeCatalogueError(f"There is no key practice '{practice_id}'.{hint}")
    return found[practice_id]
