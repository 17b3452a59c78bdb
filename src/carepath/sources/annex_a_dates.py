"""The date an Annex A workbook is as at: where it comes from, and the data checked against it.

Annex A is a snapshot: List 9's care leavers are counted on the day the workbook was made, and
each list covers the months before it. That date is ``--as-at`` when given, else the first date
in a title row above any list's headings, else a date in the file name (``2025-05-13``,
``13.05.2025``, ``20250513``). **Never the workbook's properties** (when it was created or last
saved): opening an old return and saving it again would otherwise re-date its data by years. The
load says in a note which date it used, warns when ``--as-at`` differs from the workbook's own,
and, with no date at all, warns that its care leavers were not loaded and asks for ``--as-at``.
Records dated after the as-at date, or none in the year before it, are warned about too
(:mod:`carepath.sources.dating`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from carepath.sources.batch import Batch

_DATES = (
    (re.compile(r"(?<!\d)(\d{1,2})[/.\-_ ](\d{1,2})[/.\-_ ](\d{4})(?!\d)"), ("d", "m", "y")),
    (re.compile(r"(?<!\d)(\d{4})[/.\-_ ]?(\d{2})[/.\-_ ]?(\d{2})(?!\d)"), ("y", "m", "d")),
)


def annex_date(title_cells: list, file_name: str) -> tuple[date, str] | None:
    """The date the Annex A was made, and where it was found: a title row's date, else the file name's.

    Never the workbook's properties (created, last saved): saving is not the data's date."""
    for cell in title_cells:
        if isinstance(cell, datetime):
            return cell.date(), "a title row"
        if isinstance(cell, date):
            return cell, "a title row"
        found = _date_in(str(cell)) if cell is not None else None
        if found:
            return found, "a title row"
    found = _date_in(Path(file_name).stem)
    return (found, "the file name") if found else None


def settle_as_at(batch: Batch, title_cells: list, file_name: str, care_leavers: bool) -> date | None:
    """The as-at date to use (--as-at, else the workbook's own), saying which in a note."""
    own = annex_date(title_cells, file_name)
    if batch.as_at is not None:
        batch.notes.append(f"as at {batch.as_at:%d/%m/%Y}, from --as-at")
        if own is not None and own[0] != batch.as_at:
            batch.warn("dating", f"--as-at {batch.as_at:%d/%m/%Y} was used, but {own[1]} of the workbook says "
                                 f"{own[0]:%d/%m/%Y}")
        return batch.as_at
    if own is not None:
        batch.notes.append(f"as at {own[0]:%d/%m/%Y}, from {own[1]}")
        return own[0]
    if care_leavers:
        batch.warn("dating", "the workbook does not say the date it was made (no date in a title row above the "
                             "headings or in the file name), so its care leavers (List 9) were not loaded: give "
                             "--as-at DD/MM/YYYY. The date it was last saved is not used: saving is not the "
                             "data's date")
    return None


def _date_in(text: str) -> date | None:
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, map(int, match.groups())))
            try:
                found = date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                continue
            if 2000 <= found.year <= 2100:
                return found
    return None


def check_dates(batch: Batch, as_at: date | None) -> None:
    """Warn about staged records dated after the as-at date, or a workbook with none in the year before it."""
    if as_at is None:
        return
    year_before = as_at - timedelta(days=365)
    stated = f"the Annex A as at {as_at:%d/%m/%Y}"
    check, ref_of = batch.check_dates, batch.ref_of
    for table, rows in batch.rows.items():
        for row in rows:
            check(table, ref_of(table, row), row, stated, as_at, year_before)
