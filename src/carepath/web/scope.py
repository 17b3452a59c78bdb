"""Roles and scopes: which children, and which figures, a dashboard user may see.

Every account has one role, scoped to the organisation of one authority (``la_code``):

=================  ==================  ===============================================================
role               unit                children in scope
=================  ==================  ===============================================================
practitioner       a worker_id         children with an ``allocation`` row to that worker (ever)
team_manager       a team_id           children with an ``allocation`` row in that team (the
                                       allocation's team, else the allocated worker's team)
service_lead       a service name      children with an ``allocation`` row in a team of that service
                                       (``org_unit.service``) of the authority
authority_lead     (the la_code)       every child of the authority (``child.la_code``)
analyst            (none)              every child in the store
regional_viewer    (none)              none: only disclosure-controlled aggregates, never a child
=================  ==================  ===============================================================

**The rule.** A child is in scope when an allocation row links the child to the user's unit, at
any time (a practitioner keeps seeing a child they once held, as the case file does); for an
authority lead the unit is the whole authority and for an analyst the whole store.

**Child-level pages** (the records behind a figure, a child's timeline, rejected rows and
validation issues, and their exports) are refused outside scope: a list of records opens only if
every child in it is in scope, a child's timeline only if that child is.

**Aggregates.** A figure is *visible* to a user who may see every child behind it: every figure
of the authorities an analyst or authority lead covers, and the figures of units inside the
user's own (a practitioner's own figure; a team manager's team and its practitioners; a service
lead's service, its teams and their practitioners, leaving out a practitioner who ever held a
case in another team: see :func:`carepath.web.results.within`). Of
the authority's figure, a user sees the part their own unit holds. Every other part of a figure
passes through disclosure control (:mod:`carepath.web.control`) before it is shown: counts of 1
to 4 become ``c``, complements are suppressed so no ``c`` can be worked out by subtraction, and
values built on them go too. Workforce figures (staff, not children) are never suppressed.

**Levels.** A regional viewer sees the authority and service levels only: no locality, team or
practitioner figure, and so no practitioner's name (:meth:`Scope.sees_level`); journeys pages
drop their team and locality filters for them.
"""
from __future__ import annotations

from dataclasses import dataclass

from carepath.errors import CarepathError

AGGREGATE_LEVELS = ("authority", "service")   # all a regional viewer sees
PRACTITIONER, TEAM_MANAGER, SERVICE_LEAD = "practitioner", "team_manager", "service_lead"
AUTHORITY_LEAD, ANALYST, REGIONAL_VIEWER = "authority_lead", "analyst", "regional_viewer"
ROLES = (PRACTITIONER, TEAM_MANAGER, SERVICE_LEAD, AUTHORITY_LEAD, ANALYST, REGIONAL_VIEWER)
ROLE_TITLES = {PRACTITIONER: "Practitioner", TEAM_MANAGER: "Team manager", SERVICE_LEAD: "Service lead",
               AUTHORITY_LEAD: "Authority lead", ANALYST: "Analyst", REGIONAL_VIEWER: "Regional viewer"}
# the level of the overview a role starts at, and what its unit is
HOME_LEVEL = {PRACTITIONER: "worker", TEAM_MANAGER: "team", SERVICE_LEAD: "service"}
UNIT_OF = {PRACTITIONER: "worker_id (e.g. 846/SW001)", TEAM_MANAGER: "team_id (e.g. 846/T01)",
           SERVICE_LEAD: "service name (e.g. Safeguarding)"}

# the team an allocation puts a child in: the allocation's own, else the allocated worker's
_ALLOCATION_TEAM = """(SELECT a.child_id, a.worker_id, coalesce(a.team_id, w.team_id) AS team_id
                      FROM allocation a LEFT JOIN worker w ON w.worker_id = a.worker_id)"""


class ScopeError(CarepathError):
    pass


def check_scope(role: str, la_code: str | None, unit: str | None) -> None:
    """Refuse an account whose role lacks the scope it needs."""
    if role not in ROLES:
        raise ScopeError(f"Unknown role '{role}'. Roles: {', '.join(ROLES)}.")
    if role in UNIT_OF and not unit:
        raise ScopeError(f"A {ROLE_TITLES[role].lower()} needs --unit: the {UNIT_OF[role]}.")
    if role in UNIT_OF and not la_code:
        raise ScopeError(f"A {ROLE_TITLES[role].lower()} needs --la, the authority's 3-digit code.")
    if role == AUTHORITY_LEAD and not la_code:
        raise ScopeError("An authority lead needs --la, the authority's 3-digit code.")
    if role in (PRACTITIONER, TEAM_MANAGER) and unit and la_code and not unit.startswith(la_code + "/"):
        raise ScopeError(f"{unit} is not an id of authority {la_code}: ids are qualified, e.g. {la_code}/T01.")


def check_unit_in_store(cursor, role: str, la_code: str | None, unit: str | None) -> None:
    """Refuse a scope naming a worker, team, service or authority the store does not hold.

    A practitioner's unit must be a ``worker_id`` of the authority, a team manager's a ``team_id``
    (``org_unit``), a service lead's a service of the authority's teams; an authority lead's
    authority must have children or teams in the store. Analysts and regional viewers name none.
    """
    checks = {PRACTITIONER: ("SELECT 1 FROM worker WHERE worker_id = ? AND la_code = ?", [unit, la_code],
                             f"There is no practitioner {unit} of authority {la_code} in the store."),
              TEAM_MANAGER: ("SELECT 1 FROM org_unit WHERE team_id = ? AND la_code = ?", [unit, la_code],
                             f"There is no team {unit} of authority {la_code} in the store."),
              SERVICE_LEAD: ("SELECT 1 FROM org_unit WHERE service = ? AND la_code = ?", [unit, la_code],
                             f"No team of authority {la_code} belongs to a service '{unit}' in the store."),
              AUTHORITY_LEAD: ("SELECT 1 FROM child WHERE la_code = ? "
                               "UNION ALL SELECT 1 FROM org_unit WHERE la_code = ?",
                               [la_code, la_code], f"The store holds no children or teams of authority {la_code}.")}
    if role not in checks:
        return
    sql, params, complaint = checks[role]
    if not cursor.execute(f"SELECT EXISTS ({sql})", params).fetchall()[0][0]:
        raise ScopeError(complaint + " Check the id (carepath status lists what the store holds), or load the "
                         "returns and extracts that hold it first.")


@dataclass(frozen=True)
class Scope:
    role: str
    la_code: str | None = None
    unit: str | None = None

    @property
    def child_level(self) -> bool:
        """May this role see any child at all?"""
        return self.role != REGIONAL_VIEWER

    def sees_level(self, level: str) -> bool:
        """May this role see figures at ``level``? (A regional viewer: authority and service only.)"""
        return self.role != REGIONAL_VIEWER or level in AGGREGATE_LEVELS

    def sees_everything_of(self, la_code: str) -> bool:
        return self.role == ANALYST or (self.role == AUTHORITY_LEAD and la_code == self.la_code)

    def children_sql(self) -> tuple[str, list]:
        """A query (and its parameters) returning the child_id of every child in scope."""
        if self.role == ANALYST:
            return "SELECT child_id FROM child", []
        if self.role == AUTHORITY_LEAD:
            return "SELECT child_id FROM child WHERE la_code = ?", [self.la_code]
        if self.role == SERVICE_LEAD:
            return (f"""SELECT t.child_id FROM {_ALLOCATION_TEAM} t JOIN org_unit o ON o.team_id = t.team_id
                        WHERE o.la_code = ? AND o.service = ?""", [self.la_code, self.unit])
        if self.role == TEAM_MANAGER:
            return f"SELECT child_id FROM {_ALLOCATION_TEAM} t WHERE t.team_id = ?", [self.unit]
        if self.role == PRACTITIONER:
            return "SELECT child_id FROM allocation WHERE worker_id = ?", [self.unit]
        return "SELECT NULL::VARCHAR AS child_id WHERE false", []

    def home(self) -> tuple[str | None, str, str | None]:
        """Where the overview starts: (authority, level, unit)."""
        level = HOME_LEVEL.get(self.role, "authority")
        return self.la_code, level, (self.unit if level != "authority" else self.la_code)

    def describe(self) -> str:
        title = ROLE_TITLES.get(self.role, self.role)
        if self.role in UNIT_OF:
            return f"{title}, {self.unit}"
        if self.role == AUTHORITY_LEAD:
            return f"{title}, LA {self.la_code}"
        return title


def can_see_child(cursor, scope: Scope, child_id: str) -> bool:
    if not scope.child_level:
        return False
    sql, params = scope.children_sql()
    return bool(cursor.execute(f"SELECT EXISTS (SELECT 1 FROM ({sql}) s WHERE s.child_id = ?)",
                               params + [child_id]).fetchall()[0][0])


def children_out_of_scope(cursor, scope: Scope, child_ids: list[str]) -> list[str]:
    """Those of ``child_ids`` the user may not see."""
    wanted = sorted({c for c in child_ids if c})
    if not wanted:
        return []
    if not scope.child_level:
        return wanted
    if scope.role == ANALYST:
        return []
    sql, params = scope.children_sql()
    rows = cursor.execute(f"""SELECT w.child_id FROM (SELECT unnest(?::VARCHAR[]) AS child_id) w
                              WHERE w.child_id NOT IN (SELECT s.child_id FROM ({sql}) s
                                                       WHERE s.child_id IS NOT NULL)""", [wanted] + params).fetchall()
    return [r[0] for r in rows]
