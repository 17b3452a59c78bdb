"""Reading the engine's figures (``indicator_result``) for the pages, as the engine computed them.

Nothing here computes an indicator: the dashboard shows what ``carepath indicators run`` kept
in the store, and says so where a figure was not computed: with the command to run for those who
can run it (analysts and administrators), and as "not available yet" for everyone else
(:func:`not_computed`). A figure whose loaded returns do not cover its period and look-back carries
``incomplete_history`` and ``history_note`` (:func:`note_of` puts them in words).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carepath.indicators.engine import LEVELS
from carepath.indicators.export import no_records_note
from carepath.web.scope import ANALYST, PRACTITIONER, SERVICE_LEAD, TEAM_MANAGER, Scope

RECORD_UNIT = {"authority": "la_code", "service": "service", "locality": "locality", "team": "team_id",
               "worker": "worker_id"}
FIGURE_COLUMNS = ("indicator_id, period, period_kind, period_end, unit_id, unit_name, numerator, denominator, value, "
                  "note, incomplete_history, history_note")
INCOMPLETE = "Incomplete history"


@dataclass(frozen=True)
class PeriodInfo:
    label: str
    kind: str
    start: date
    end: date


def figure(row: tuple) -> dict:
    keys = [c.strip() for c in FIGURE_COLUMNS.split(",")]
    return dict(zip(keys, row))


def authorities(cursor) -> list[str]:
    return [r[0] for r in cursor.execute(
        "SELECT DISTINCT la_code FROM indicator_result ORDER BY 1").fetchall()]


def store_authorities(cursor) -> list[str]:
    return [r[0] for r in cursor.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]


def periods(cursor, la: str) -> list[PeriodInfo]:
    """Every period computed for the authority, oldest first (years, then quarters, months, rolling)."""
    rows = cursor.execute("""SELECT DISTINCT period, period_kind, period_start, period_end FROM indicator_result
                             WHERE la_code = ? ORDER BY period_end, period_kind""", [la]).fetchall()
    return [PeriodInfo(*r) for r in rows]


def computed_ids(cursor, la: str) -> set[str]:
    return {r[0] for r in cursor.execute("SELECT DISTINCT indicator_id FROM indicator_result WHERE la_code = ?",
                                         [la]).fetchall()}


def units(cursor, la: str, level: str, period: str | None = None) -> list[tuple[str, str]]:
    """(unit_id, unit_name) of a level that have figures, by name."""
    sql = "SELECT DISTINCT unit_id, unit_name FROM indicator_result WHERE la_code = ? AND level = ?"
    params = [la, level]
    if period:
        sql += " AND period = ?"
        params.append(period)
    return [(r[0], r[1]) for r in cursor.execute(sql + " ORDER BY unit_name, unit_id", params).fetchall()]


def series(cursor, la: str, level: str, unit: str, kind: str, indicator_ids: list[str],
           until: date | None = None) -> dict[str, list[dict]]:
    """Each indicator's figures for one unit over every period of ``kind`` (up to ``until``), oldest first."""
    sql = f"""SELECT {FIGURE_COLUMNS} FROM indicator_result
              WHERE la_code = ? AND level = ? AND unit_id = ? AND period_kind = ?
                AND indicator_id IN (SELECT unnest(?::VARCHAR[]))"""
    params: list = [la, level, unit, kind, indicator_ids]
    if until is not None:
        sql += " AND period_end <= ?"
        params.append(until)
    found: dict[str, list[dict]] = {i: [] for i in indicator_ids}
    for row in cursor.execute(sql + " ORDER BY indicator_id, period_end", params).fetchall():
        found[row[0]].append(figure(row))
    return found


def level_figures(cursor, indicator_id: str, la: str, period: str, level: str) -> list[dict]:
    rows = cursor.execute(f"""SELECT {FIGURE_COLUMNS} FROM indicator_result
                              WHERE indicator_id = ? AND la_code = ? AND period = ? AND level = ?
                              ORDER BY unit_name, unit_id""", [indicator_id, la, period, level]).fetchall()
    return [figure(r) for r in rows]


def computed_levels(cursor, indicator_id: str, la: str, period: str) -> list[str]:
    found = {r[0] for r in cursor.execute(
        "SELECT DISTINCT level FROM indicator_result WHERE indicator_id = ? AND la_code = ? AND period = ?",
        [indicator_id, la, period]).fetchall()}
    return [lv for lv in LEVELS if lv in found]


def all_authorities(cursor, indicator_id: str, period: str) -> list[dict]:
    """The authority-level figure of every authority in the store (for a regional store's comparisons)."""
    rows = cursor.execute(f"""SELECT {FIGURE_COLUMNS} FROM indicator_result
                              WHERE indicator_id = ? AND period = ? AND level = 'authority'
                              ORDER BY unit_id""", [indicator_id, period]).fetchall()
    return [figure(r) for r in rows]


def within(cursor, scope: Scope, la: str, level: str) -> set[str]:
    """Units of ``level`` wholly inside the viewer's own unit: their figures count only children in scope.

    A practitioner's own figure; a team manager's team and the practitioners of that team; a service
    lead's service, its teams and their practitioners. (Localities cut across services and teams.)
    A practitioner who ever held a case in another team is not inside: their figure counts it.
    """
    if scope.la_code != la or not scope.unit:
        return set()
    if scope.role == PRACTITIONER:
        return {scope.unit} if level == "worker" else set()
    if scope.role == TEAM_MANAGER:
        if level == "team":
            return {scope.unit}
        if level == "worker":
            return _workers_only_in(cursor, [scope.unit])
    if scope.role == SERVICE_LEAD:
        if level == "service":
            return {scope.unit}
        teams = {r[0] for r in cursor.execute("SELECT team_id FROM org_unit WHERE la_code = ? AND service = ?",
                                              [la, scope.unit]).fetchall()}
        if level == "team":
            return teams
        if level == "worker" and teams:
            return _workers_only_in(cursor, sorted(teams))
    return set()


def _workers_only_in(cursor, teams: list[str]) -> set[str]:
    """Practitioners of ``teams`` whose every allocation was in one of them.

    A practitioner's figure counts every child they held, in whichever team: one who held cases in
    another team (before moving, or covering) has children outside the viewer's scope in it, so
    that figure is not inside the viewer's unit and goes through disclosure control.
    """
    return {r[0] for r in cursor.execute("""
        SELECT w.worker_id FROM worker w
        WHERE w.team_id IN (SELECT unnest(?::VARCHAR[]))
          AND NOT EXISTS (SELECT 1 FROM allocation a
                          WHERE a.worker_id = w.worker_id
                            AND coalesce(a.team_id, w.team_id) NOT IN (SELECT unnest(?::VARCHAR[])))""",
        [teams, teams]).fetchall()}


def seen_parts(cursor, scope: Scope, la: str, level: str, indicator_ids: list[str], period_labels: list[str],
               unit: str | None = None) -> dict[tuple[str, str, str], tuple[float, float]] | None:
    """What the viewer can already see of each figure, as (numerator, denominator) by (indicator, period, unit);
    None when the viewer may see every child of ``la``.

    A unit inside the viewer's own (:func:`within`) is seen whole. Of the authority's figure, the viewer
    sees their own unit's figure. Everything else is hidden, and disclosure control protects it.
    """
    if scope.sees_everything_of(la):
        return None
    if not scope.child_level or scope.la_code != la:
        return {}
    if level == "authority":
        _, home_level, home_unit = scope.home()
        wanted_level, units = home_level, [home_unit]
    else:
        wanted_level, units = level, sorted(within(cursor, scope, la, level))
        if unit is not None:
            units = [u for u in units if u == unit]
    if not units:
        return {}
    rows = cursor.execute("""SELECT indicator_id, period, unit_id, coalesce(numerator, 0), coalesce(denominator, 0)
                             FROM indicator_result
                             WHERE la_code = ? AND level = ? AND unit_id IN (SELECT unnest(?::VARCHAR[]))
                               AND indicator_id IN (SELECT unnest(?::VARCHAR[]))
                               AND period IN (SELECT unnest(?::VARCHAR[]))""",
                          [la, wanted_level, units, indicator_ids, period_labels]).fetchall()
    return {(i, p, la if level == "authority" else u): (n, d) for i, p, u, n, d in rows}


def run_command(indicator_id: str | None, period: str, level: str, kind_count: int = 1) -> str:
    """The command that computes a missing figure."""
    which = f"--indicator {indicator_id}" if indicator_id else "--set SET"
    more = f" --periods {kind_count}" if kind_count > 1 else ""
    return f"carepath indicators run {which} --period {period}{more} --level {'all' if level != 'authority' else 'authority'}"


def may_compute(user) -> bool:
    """Analysts and administrators run the command line; other roles only read the dashboard."""
    return bool(user is not None and (user.role == ANALYST or user.admin))


def not_computed(user, indicator_id: str | None, period: str, level: str, what: str = "These figures") -> str:
    """Why a figure is missing, in words the viewer can act on: the command for those who can run it."""
    if may_compute(user):
        return f"Not computed yet. Compute {what.lower()} with: {run_command(indicator_id, period, level)}"
    return f"{what} are not available yet: they have not been computed. Your analyst can compute them."


def missing(cursor, user, indicator_id: str, la: str, period: str, level: str,
            what: str = "These figures") -> str:
    """Why a unit's figure is missing. Where the level was computed for other units in the period,
    the unit simply had no records (the engine stores no row for a unit with none): say so, since
    running the command again would change nothing. Otherwise it was not computed (:func:`not_computed`)."""
    if level != "authority" and cursor.execute(
            "SELECT 1 FROM indicator_result WHERE indicator_id = ? AND la_code = ? AND period = ? AND level = ? "
            "LIMIT 1", [indicator_id, la, period, level]).fetchall():
        return no_records_note(level, period)
    return not_computed(user, indicator_id, period, level, what)


def note_of(figure: dict) -> str:
    """A figure's note, with its incomplete history (what history it needs, what is loaded) first."""
    parts = []
    if figure.get("incomplete_history"):
        parts.append(f"{INCOMPLETE}: {figure.get('history_note') or 'the loaded returns do not cover it'}")
    if figure.get("note"):
        parts.append(figure["note"])
    return ". ".join(parts)
