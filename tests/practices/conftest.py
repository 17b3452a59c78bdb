"""Helpers for the key practice tests: run practices over a hand-built world and read the occasions."""
from __future__ import annotations

from datetime import date

import pytest

from carepath.model.ids import join
from carepath.practices import catalogue, engine


class Practices:
    def __init__(self, world):
        self.world = world

    def run(self, practice_id: str, first: str, as_at: str) -> engine.Outcome:
        return engine.run(self.world.con, [catalogue.get(practice_id)], date.fromisoformat(first),
                          date.fromisoformat(as_at))

    def occasions(self, practice_id: str, first: str, as_at: str) -> list[tuple]:
        """(child, due, done, breach) of every occasion, the child without its LA."""
        self.run(practice_id, first, as_at)
        return [(c.split("/", 1)[1], due.isoformat(), done.isoformat() if done else None, breach)
                for c, due, done, breach in self.world.con.execute(
                    "SELECT child_id, due_date, done_date, breach FROM practice_occasion "
                    "ORDER BY child_id, due_date").fetchall()]

    def visit(self, child: str, day: str, kind: str, seen: bool | None = True) -> None:
        cid = self.world.cid(child)
        self.world.put("visit", visit_id=join(cid, day, kind), child_id=cid, visit_date=day, kind=kind, seen=seen)

    def record(self, child: str, kind: str, day: str) -> None:
        cid = self.world.cid(child)
        self.world.put("care_record", care_record_id=join(cid, kind, day), child_id=cid, kind=kind, record_date=day)


@pytest.fixture
def practices(world):
    return Practices(world)
