"""Scenarios: changes to the estimated rates, read from a YAML file an analyst writes.

A scenario file::

    name: Fewer teenage entries, more in-house fostering
    changes:
      - entries: 0.9                  # multiply entry rates (here: 10% fewer) ...
        age_bands: ["10 to 15"]       # ... for these age bands only (default: all)
      - exits: 1.2                    # multiply exit rates (20% more leaving each month)
        placement_types: [residential]
      - shift: 0.25                   # a quarter of the children who would enter agency fostering, or
        from: fostering_agency        # move into it from another placement type, go to in-house
        to: fostering_in_house        # fostering instead (children already there stay)

Age bands are DfE's ("under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17"); placement types are the
forecast's (fostering_in_house, fostering_agency, residential, kinship, placed_with_parents, other).
A multiplied exit rate is capped at 1; the other moves from that state shrink in proportion so that
each row of probabilities still sums to 1.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from carepath.errors import CarepathError
from carepath.forecast.history import AGE_BANDS, PLACEMENT_TYPES
from carepath.forecast.markov import BANDS, EXIT, N_TYPES, Rates

BAND_NAMES = [b[0] for b in AGE_BANDS]


class ScenarioError(CarepathError):
    """A scenario file that cannot be applied; the message names the change and the problem."""


@dataclass(frozen=True)
class Scenario:
    name: str
    changes: tuple[dict, ...]

    def __call__(self, rates: Rates) -> Rates:
        return apply(self, rates)


def _pick(change: dict, key: str, names: list[str], where: str) -> list[int]:
    chosen = change.get(key)
    if chosen is None:
        return list(range(len(names)))
    if isinstance(chosen, str):
        chosen = [chosen]
    unknown = [c for c in chosen if c not in names]
    if unknown:
        raise ScenarioError(f"{where}: unknown {key.replace('_', ' ')} {', '.join(map(str, unknown))}; "
                            f"choose from {', '.join(names)}.")
    return [names.index(c) for c in chosen]


def _number(change: dict, key: str, where: str, upper: float | None = None) -> float:
    value = change[key]
    if not isinstance(value, (int, float)) or value < 0 or (upper is not None and value > upper):
        limit = f" between 0 and {upper}" if upper is not None else " of 0 or more"
        raise ScenarioError(f"{where}: {key} must be a number{limit}, not {value!r}.")
    return float(value)


def validate(scenario: Scenario) -> None:
    for i, change in enumerate(scenario.changes, 1):
        where = f"Scenario '{scenario.name}', change {i}"
        kinds = [k for k in ("entries", "exits", "shift") if k in change]
        if len(kinds) != 1:
            raise ScenarioError(f"{where}: give exactly one of entries, exits or shift (found {kinds or 'none'}).")
        _pick(change, "age_bands", BAND_NAMES, where)
        _pick(change, "placement_types", list(PLACEMENT_TYPES), where)
        if kinds[0] == "shift":
            _number(change, "shift", where, 1)
            for end in ("from", "to"):
                if change.get(end) not in PLACEMENT_TYPES:
                    raise ScenarioError(f"{where}: shift needs '{end}', one of {', '.join(PLACEMENT_TYPES)}.")
        else:
            _number(change, kinds[0], where)


def apply(scenario: Scenario, rates: Rates) -> Rates:
    """The rates with the scenario's changes made, in the order written."""
    moves, entries = rates.moves.copy(), rates.entries.copy()
    for change in scenario.changes:
        bands = _pick(change, "age_bands", BAND_NAMES, "")
        types = _pick(change, "placement_types", list(PLACEMENT_TYPES), "")
        if "entries" in change:
            ages = np.isin(BANDS, bands)
            entries[np.ix_(ages, types)] *= change["entries"]
        elif "exits" in change:
            for b in bands:
                for k in types:
                    old = moves[b, k, EXIT]
                    new = min(1.0, old * change["exits"])
                    rest = 1 - old
                    moves[b, k, :N_TYPES] *= (1 - new) / rest if rest > 0 else 0
                    moves[b, k, EXIT] = new
        else:
            src, dst = PLACEMENT_TYPES.index(change["from"]), PLACEMENT_TYPES.index(change["to"])
            share = change["shift"]
            ages = np.isin(BANDS, bands)
            moved = entries[ages, src] * share
            entries[ages, src] -= moved
            entries[ages, dst] += moved
            others = [k for k in range(N_TYPES) if k != src]     # children already there stay put
            for b in bands:
                moved = moves[b, others, src] * share
                moves[b, others, src] -= moved
                moves[b, others, dst] += moved
    return replace(rates, moves=moves, entries=entries)


def load_scenario(path: str | Path) -> Scenario:
    import yaml
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ScenarioError(f"No scenario file at {path}.") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
        raise ScenarioError(f"{path}: a scenario needs a 'changes' list (see carepath forecast --help).")
    scenario = Scenario(str(data.get("name") or path.stem), tuple(data["changes"]))
    if not all(isinstance(c, dict) for c in scenario.changes):
        raise ScenarioError(f"{path}: each change must be a mapping such as 'entries: 0.9'.")
    validate(scenario)
    return scenario
