"""A tiny hand-built authority for indicator tests: write canonical rows, then compute.

Each test builds the few children its definition needs, works the answer out by hand from the
definition, and checks the engine's numerator, denominator and value against it. Rows go into a
real store through the loader's own upsert, so the engine reads exactly what a load would write.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carepath.indicators import catalogue, engine, periods
from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.loader import upsert


def d(text: str) -> date:
    return date.fromisoformat(text)


def _date(value):
    return d(value) if isinstance(value, str) else value


@dataclass
class Figure:
    numerator: int | None
    denominator: float | None
    value: float | None
    note: str | None
    unit_name: str | None = None


class World:
    def __init__(self, con, la: str = "846"):
        self.con = con
        self.la = la

    def _put(self, table: str, row: dict) -> dict:
        row = {k: _date(v) if k.endswith("date") or k in ("dob", "as_at", "year_ending") else v
               for k, v in row.items()}
        row.setdefault("la_code", self.la)
        if BY_NAME[table].bookkeeping:   # load_batch and the like are written as they are, never versioned
            row = {k: v for k, v in row.items() if k in BY_NAME[table].column_names}
            columns = ", ".join(row)
            self.con.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in row)})",
                             list(row.values()))
        else:
            upsert(self.con, BY_NAME[table], [row], batch_id=0)
        return row

    def cid(self, child: str) -> str:
        return f"{self.la}/{child}"

    # -- people and organisation -------------------------------------------------------------
    def child(self, child: str, dob: str | None = "2015-06-01", sex: str = "F", **extra) -> str:
        self._put("child", {"child_id": self.cid(child), "local_child_id": child, "dob": dob, "sex": sex, **extra})
        return self.cid(child)

    def team(self, code: str, name: str | None = None, locality: str = "North", service: str = "Safeguarding"):
        self._put("org_unit", {"team_id": f"{self.la}/{code}", "team_name": name or code,
                               "locality": locality, "service": service})
        return f"{self.la}/{code}"

    def worker(self, code: str, team: str, name: str | None = None, agency: bool = False):
        self._put("worker", {"worker_id": f"{self.la}/{code}", "worker_name": name or code,
                             "team_id": f"{self.la}/{team}", "agency": agency})
        return f"{self.la}/{code}"

    def allocation(self, child: str, worker: str, start: str, end: str | None = None, team: str | None = None):
        self._put("allocation", {"allocation_id": join(self.cid(child), worker, start), "child_id": self.cid(child),
                                 "worker_id": f"{self.la}/{worker}",
                                 "team_id": f"{self.la}/{team}" if team else None,
                                 "start_date": start, "end_date": end})

    def population(self, year: int, children: int, age: int = 0, sex: str = "T"):
        """``children`` people of ``age`` at mid-``year`` (one row stands for the whole 0-17 band)."""
        self._put("population", {"population_id": join(self.la, year, age, sex), "area_code": self.la,
                                 "year": year, "age": age, "sex": sex, "count": children})

    # -- the CIN census ------------------------------------------------------------------------
    def referral(self, child: str, day: str, source: str = "6", nfa: bool = False, closure: str | None = None,
                 reason: str | None = None, **extra) -> str:
        rid = join(self.cid(child), day)
        self._put("referral", {"referral_id": rid, "child_id": self.cid(child), "referral_date": day,
                               "source": source, "nfa": nfa, "closure_date": closure, "closure_reason": reason,
                               **extra})
        return rid

    def assessment(self, referral_id: str, start: str, authorised: str | None = None, **extra) -> str:
        aid = join(referral_id, start)
        child_id = referral_id.rsplit("/", 1)[0]
        self._put("assessment", {"assessment_id": aid, "referral_id": referral_id, "child_id": child_id,
                                 "start_date": start, "authorised_date": authorised, **extra})
        return aid

    def s47(self, referral_id: str, start: str, icpc: str | None = None, not_required: bool = False, **extra) -> str:
        sid = join(referral_id, start)
        self._put("s47", {"s47_id": sid, "referral_id": referral_id, "child_id": referral_id.rsplit("/", 1)[0],
                          "start_date": start, "icpc_date": icpc, "icpc_not_required": not_required, **extra})
        return sid

    def cin_plan(self, referral_id: str, start: str, end: str | None = None) -> str:
        pid = join(referral_id, start)
        self._put("cin_plan", {"cin_plan_id": pid, "referral_id": referral_id,
                               "child_id": referral_id.rsplit("/", 1)[0], "start_date": start, "end_date": end})
        return pid

    def cp_plan(self, child: str, start: str, end: str | None = None, previous: int | None = 0,
                referral_id: str | None = None, **extra) -> str:
        pid = join(self.cid(child), start)
        self._put("cp_plan", {"cp_plan_id": pid, "child_id": self.cid(child), "start_date": start, "end_date": end,
                              "previous_plans": previous, "referral_id": referral_id, **extra})
        return pid

    # -- the SSDA903 -----------------------------------------------------------------------------
    def episode(self, child: str, start: str, end: str | None = None, rne: str = "S", legal_status: str = "C2",
                placement: str = "U4", reason_ceased: str | None = None, **extra) -> str:
        eid = join(self.cid(child), start)
        self._put("cla_episode", {"episode_id": eid, "child_id": self.cid(child), "start_date": start,
                                  "end_date": end, "rne": rne, "legal_status": legal_status,
                                  "placement": placement, "reason_ceased": reason_ceased, **extra})
        return eid

    def put(self, table: str, **row) -> dict:
        """Any other canonical row, as given (ids and all)."""
        return self._put(table, row)

    # -- computing -------------------------------------------------------------------------------
    def compute(self, indicator_id: str, period: str, level: str = "authority",
                reference=None) -> dict[str, Figure]:
        """The figures of one indicator for one period at one level, by unit id."""
        indicator = catalogue.get(indicator_id)
        engine.run(self.con, [indicator], [periods.parse(period)], levels=("authority", level), reference=reference)
        rows = self.con.execute(
            "SELECT unit_id, numerator, denominator, value, note, unit_name FROM indicator_result "
            "WHERE indicator_id = ? AND period = ? AND level = ?", [indicator_id, period, level]).fetchall()
        return {r[0]: Figure(r[1], r[2], r[3], r[4], r[5]) for r in rows}

    def figure(self, indicator_id: str, period: str, reference=None) -> Figure:
        return self.compute(indicator_id, period, reference=reference)[self.la]

    def figures(self, indicator_ids: list[str], period: str, reference=None) -> dict[str, Figure]:
        """Authority figures of several indicators (a family's variants, say) in one engine run."""
        wanted = [catalogue.get(i) for i in indicator_ids]
        engine.run(self.con, wanted, [periods.parse(period)], levels=("authority",), reference=reference)
        rows = self.con.execute(
            "SELECT indicator_id, numerator, denominator, value, note, unit_name FROM indicator_result "
            "WHERE period = ? AND level = 'authority' AND la_code = ?", [period, self.la]).fetchall()
        return {r[0]: Figure(r[1], r[2], r[3], r[4], r[5]) for r in rows if r[0] in indicator_ids}

    def records(self, indicator_id: str, period: str) -> dict[str, tuple[float, float | None]]:
        """The records behind the authority's figure, recomputed as a drill-through does."""
        table = engine.records(self.con, catalogue.get(indicator_id), periods.parse(period))
        return {r["record_id"]: (r["numerator"], r["denominator"]) for r in table.to_pylist()}

    def record_rows(self, indicator_id: str, period: str, reference=None) -> list[dict]:
        """Every column of the records behind the authority's figure (child_id, measure, team_id ...)."""
        return engine.records(self.con, catalogue.get(indicator_id), periods.parse(period),
                              reference=reference).to_pylist()
