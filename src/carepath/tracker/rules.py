"""The tracker's RAG rules: one YAML file of items, each with its bands (thresholds and reasons).

See the comment at the top of ``rules.yml`` for the format. :func:`load` reads and checks a rules
file (the packaged one unless another is given) and refuses one it cannot follow, naming the item;
:meth:`Item.rate` gives a value its RAG and the reason.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from carepath.errors import CarepathError

DEFAULT = Path(__file__).resolve().parent / "rules.yml"
RAGS = ("red", "amber", "green")
COHORTS = {"looked_after": "Children looked after", "child_protection": "Children on a child protection plan",
           "child_in_need": "Children on a child in need plan", "care_leavers": "Care leavers"}
TESTS = ("at_most", "at_least", "equals")


class RulesError(CarepathError):
    pass


@dataclass(frozen=True)
class Band:
    rag: str
    reason: str
    test: str | None = None     # at_most, at_least, equals, or None for every value
    threshold: object = None

    def passes(self, value) -> bool:
        if self.test is None:
            return True
        if self.test == "equals":
            return value == self.threshold
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return value <= self.threshold if self.test == "at_most" else value >= self.threshold


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    cohorts: tuple[str, ...]
    value: str
    bands: tuple[Band, ...]
    none: Band | None = None

    def rate(self, value) -> tuple[str | None, str | None]:
        """(RAG, reason) of a value: the first band it passes; for no value, the ``none`` band."""
        if value is None:
            return (self.none.rag, self.none.reason) if self.none else (None, None)
        for band in self.bands:
            if band.passes(value):
                return band.rag, band.reason
        return None, None


def _band(raw, where: str) -> Band:
    if not isinstance(raw, dict) or raw.get("rag") not in RAGS or not raw.get("reason"):
        raise RulesError(f"{where}: each band needs a rag (red, amber or green) and a reason")
    tests = [t for t in TESTS if t in raw]
    if len(tests) > 1:
        raise RulesError(f"{where}: a band has one test (at_most, at_least or equals), not {', '.join(tests)}")
    test = tests[0] if tests else None
    threshold = raw.get(test) if test else None
    if test in ("at_most", "at_least") and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))):
        raise RulesError(f"{where}: {test} needs a number, not {threshold!r}")
    if test == "equals" and not isinstance(threshold, bool):
        raise RulesError(f"{where}: equals needs true or false, not {threshold!r}")
    return Band(raw["rag"], " ".join(str(raw["reason"]).split()), test, threshold)


def parse(text: str, name: str) -> dict[str, Item]:
    try:
        meta = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RulesError(f"{name} is not valid YAML: {exc}") from None
    found: dict[str, Item] = {}
    for index, raw in enumerate(meta.get("items") or [], 1):
        where = f"{name}, item {index}" + (f" ({raw.get('id')})" if isinstance(raw, dict) and raw.get("id") else "")
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title") or not raw.get("bands"):
            raise RulesError(f"{where}: an item needs an id, a title and bands")
        cohorts = tuple(raw.get("cohorts") or ())
        if not cohorts or set(cohorts) - set(COHORTS):
            raise RulesError(f"{where}: cohorts must be some of {', '.join(COHORTS)}")
        if raw["id"] in found:
            raise RulesError(f"{where}: the id {raw['id']} is used twice")
        bands = tuple(_band(b, where) for b in raw["bands"])
        found[raw["id"]] = Item(raw["id"], str(raw["title"]), cohorts, " ".join(str(raw.get("value", "")).split()),
                                bands, _band(raw["none"], where + " none") if raw.get("none") else None)
    if not found:
        raise RulesError(f"{name} has no items")
    return found


def rules_path(path: str | Path | None = None) -> Path:
    """The rules file: the one given, else $CAREPATH_TRACKER_RULES, else the packaged rules.yml."""
    chosen = Path(path or os.environ.get("CAREPATH_TRACKER_RULES") or DEFAULT)
    if not chosen.is_file():
        raise RulesError(f"There is no tracker rules file at {chosen}.")
    return chosen


def load(path: str | Path | None = None) -> dict[str, Item]:
    chosen = rules_path(path)
    return parse(chosen.read_text(encoding="utf-8"), chosen.name)
