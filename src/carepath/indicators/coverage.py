"""What the store covers: the latest period its returns fully cover, the default for every report."""
from __future__ import annotations

from datetime import date

import duckdb

from carepath.indicators import periods
from carepath.indicators.periods import Period


def last_complete(con: duckdb.DuckDBPyConnection, kind: str) -> Period:
    """The latest period of ``kind`` the store's returns fully cover.

    The statutory returns cover whole years: the store is complete to the end of the latest return
    year loaded (a 2024-25 CIN census covers up to 31 March 2025). Without returns, the latest
    referral date is the limit. The period is the one ending on or before that day.
    """
    years = [r[0] for r in con.execute("SELECT DISTINCT return_year FROM load_batch WHERE return_year SIMILAR TO "
                                       "'[0-9]{4}-[0-9]{2}'").fetchall()]
    if years:
        limit = periods.parse(max(years)).end
    else:
        limit = con.execute("SELECT max(referral_date) FROM referral").fetchall()[0][0] or date.today()
    found = periods.containing(limit, kind)
    return found if limit >= found.end else periods.previous(found)
