"""The authority's own weekly placement costs, as edited or uploaded on the dashboard's Demand page.

Each save is a whole costs file (the CSV of :mod:`carepath.forecast.costs`: placement_type,
weekly_cost, source) kept as a new row of ``placement_costs``; the latest row for an authority is
the one in force, and an empty save returns it to the cited defaults. The table is append-only
(triggers refuse UPDATE and DELETE), so the costs behind any forecast shown can be traced, and each
save is also written to the audit log by the page. **Where it lives:** like the board pack's
commentary (:mod:`carepath.web.pack_notes`), in the accounts file beside the store, not in the
DuckDB store: people write it, and it must survive the store being rebuilt from the returns.
"""
from __future__ import annotations

from dataclasses import dataclass

from carepath.forecast.costs import DEFAULT_COSTS, costs_csv, parse_costs
from carepath.web.accounts import Accounts, User, append_only, stamp

SCHEMA = """
CREATE TABLE IF NOT EXISTS placement_costs (
    costs_id INTEGER PRIMARY KEY AUTOINCREMENT,
    la_code TEXT NOT NULL, costs_csv TEXT NOT NULL, written_by TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS placement_costs_la ON placement_costs(la_code);
""" + append_only(
    "placement_costs", "placement costs keep their history: save a new version instead",
    "placement costs keep their history: versions cannot be deleted")
LONGEST = 20_000                   # characters: a costs file is six rows


@dataclass(frozen=True)
class CostsInForce:
    costs: dict[str, tuple[float | None, str]]
    written_by: str | None         # None: the cited defaults
    written_at: str | None

    @property
    def csv(self) -> str:
        return costs_csv(self.costs)


def current(accounts: Accounts, la_code: str) -> CostsInForce:
    """The costs in force for an authority: its latest save, else the cited defaults."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        row = db.execute("SELECT * FROM placement_costs WHERE la_code = ? ORDER BY costs_id DESC LIMIT 1",
                         [la_code]).fetchone()
    if row is None or not row["costs_csv"].strip():
        return CostsInForce(dict(DEFAULT_COSTS), None, None)
    return CostsInForce(parse_costs(row["costs_csv"], "the saved costs"), row["written_by"], row["written_at"])


def save(accounts: Accounts, user: User, la_code: str, text: str, name: str = "the costs file") -> CostsInForce:
    """Check a costs file's text (CostsError says what is wrong) and make it the one in force.

    An empty text returns the authority to the cited defaults.
    """
    text = (text or "").strip()
    if len(text) > LONGEST:
        from carepath.forecast.costs import CostsError
        raise CostsError(f"{name} is {len(text):,} characters; a costs file has one row per placement type.")
    kept = costs_csv(parse_costs(text, name)) if text else ""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        db.execute("INSERT INTO placement_costs (la_code, costs_csv, written_by, written_at) VALUES (?, ?, ?, ?)",
                   [la_code, kept, user.username, stamp()])
    return current(accounts, la_code)
