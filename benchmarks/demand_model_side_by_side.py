"""carepath's forecast beside Social Finance's cs-demand-model: accuracy and time on the same SSDA903 data.

    bash scripts/setup-demand-model.sh                          # once: the demand model's own environment
    python benchmarks/demand_model_side_by_side.py              # a small synthetic authority, 2020-21 to 2024-25
    python benchmarks/demand_model_side_by_side.py --size medium --seed 3 --out bench/

A synthetic authority is generated and loaded (``carepath synth``, ``carepath load``). Both models
hold out the last 12 months, estimate over the 24 months before them and forecast the held-out
months from the children looked after at the cut:

* carepath: ``carepath.forecast.backtest`` on the store (time includes reading the history);
* cs-demand-model 0.5.1: its ``ModelPredictor`` run in its own environment on the SSDA903 header and
  episodes files of the return years up to the cut only (time is the subprocess's, imports included).

Both are given the same population: short-break episodes (V3, V4) are removed from the files the
demand model reads, as carepath leaves them out (DfE's definition of children looked after). Each
forecast is scored against the children looked after at each held-out month end (carepath's
monthly states of the full history): MAPE for the total, each age band (the two models' brackets
are the same: under 1, 1-4, 5-9, 10-15, 16-17), and fostering including kinship (cs-demand-model's
FOSTERING is U1-U6). Its output: a table on screen and ``side_by_side.csv`` with --out.

Measured (small authority, seed 7, 2020-21 to 2024-25; held out April 2024 to March 2025): MAPE
of the total 2.4% (carepath) and 2.9% (cs-demand-model); fostering including kinship 3.5% and 2.0%;
by age band carepath 9-23%, cs-demand-model 13-64%; time 1.0 s and 6.4 s. The large bracket errors
follow from cs-demand-model 0.5.1 giving each episode the age bracket of the child at the
episode's start for its whole length (``DemandModellingDataContainer.enriched_view``; episodes are
not split at birthdays), so its stock by bracket counts children younger than they are. One
authority and one seed: not yet the issue's proof over several authorities and the published sample.
"""
from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from carepath.forecast.backtest import backtest, mape, observed_table
from carepath.forecast.history import load_history
from carepath.model import store as store_mod

HERE = Path(__file__).resolve().parent
ENV = Path(os.environ.get("CAREPATH_DEMAND_MODEL_ENV", Path.home() / ".cache/carepath/demand-model-env"))
BRACKETS = {"BIRTH_TO_ONE": "under 1", "ONE_TO_FIVE": "1 to 4", "FIVE_TO_TEN": "5 to 9",
            "TEN_TO_SIXTEEN": "10 to 15", "SIXTEEN_TO_EIGHTEEN": "16 to 17"}
FOSTERING = ["Fostering: in-house", "Fostering: agency", "Kinship fostering"]


def carepath_cli(*args):
    done = subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)


def stage(returns: Path, last_year_end: int, into: Path) -> None:
    """header.csv and episodes.csv of each return year ending by 31 March ``last_year_end``, short breaks out."""
    for folder in sorted((returns / "ssda903").iterdir()):
        year_end = int(folder.name[:4]) + 1
        if year_end > last_year_end:
            continue
        (into / str(year_end)).mkdir(parents=True)
        (into / str(year_end) / "header.csv").write_bytes((folder / "header.csv").read_bytes())
        with (folder / "episodes.csv").open(newline="") as f, \
                (into / str(year_end) / "episodes.csv").open("w", newline="") as g:
            reader = csv.DictReader(f)
            writer = csv.DictWriter(g, reader.fieldnames)
            writer.writeheader()
            writer.writerows(r for r in reader if r["LS"] not in ("V3", "V4"))


def demand_model(source: Path, start, end, days: int, out: Path) -> tuple[pd.DataFrame, float]:
    python = ENV / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"No cs-demand-model environment at {ENV}: run bash scripts/setup-demand-model.sh")
    began = time.perf_counter()
    done = subprocess.run([str(python), str(HERE / "cs_demand_model_runner.py"), str(source), str(start), str(end),
                           str(days), str(out)], capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"cs-demand-model failed:\n{done.stderr[-3000:]}")
    frame = pd.read_csv(out, index_col=0, parse_dates=True)
    frame.columns = pd.MultiIndex.from_tuples([ast.literal_eval(c) for c in frame.columns])
    frame = frame.drop(columns=[c for c in frame.columns if c[1] == "NOT_IN_CARE"])
    return frame, seconds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--years", default="2020-21..2024-25")
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        carepath_cli("synth", "--out", str(tmp / "ret"), "--size", args.size, "--seed", str(args.seed),
                     "--years", args.years)
        carepath_cli("--store", str(tmp / "s.duckdb"), "load", str(tmp / "ret"))
        returns = next((tmp / "ret").iterdir())

        began = time.perf_counter()
        con = store_mod.connect(tmp / "s.duckdb", read_only=True)
        history = load_history(con)
        con.close()
        detail, summary, _ = backtest(history, 12, 24, args.replicates)
        carepath_seconds = time.perf_counter() - began

        cut, start = history.months[-13], history.months[-37]
        stage(returns, cut.year, tmp / "stage")
        theirs, their_seconds = demand_model(tmp / "stage", start, cut, (history.months[-1] - cut).days + 1,
                                             tmp / "pred.csv")

    held_out = history.months[-12:]
    observed = observed_table(history)
    observed = observed[observed.month_end.isin(held_out)]
    ours = detail.set_index(["month_end", "age_band", "placement_type"])["forecast"]
    at = theirs.loc[[pd.Timestamp(m) for m in held_out]]
    groups = {"All children": (lambda o: o[(o.age_band == "All") & (o.placement_type == "All")],
                               lambda: at.sum(axis=1))}
    for code, band in BRACKETS.items():
        groups[f"Aged {band}"] = (lambda o, b=band: o[(o.age_band == b) & (o.placement_type == "All")],
                                  lambda c=code: at[c].sum(axis=1))
    groups["Fostering incl. kinship"] = (
        lambda o: o[(o.age_band == "All") & o.placement_type.isin(FOSTERING)],
        lambda: at.loc[:, [c for c in at.columns if c[1] == "FOSTERING"]].sum(axis=1))
    rows = []
    for name, (pick, their_values) in groups.items():
        obs = pick(observed).groupby("month_end")["observed"].sum()
        mine = pick(ours.rename("observed").reset_index()).groupby("month_end")["observed"].sum()
        their = their_values().to_numpy()
        rows.append({"group": name, "mean_observed": obs.mean(),
                     "carepath_mape": mape(mine.to_numpy(), obs.to_numpy())[0],
                     "cs_demand_model_mape": mape(their, obs.to_numpy())[0]})
    table = pd.DataFrame(rows)
    print(f"Held out {held_out[0]:%B %Y} to {held_out[-1]:%B %Y}; both estimated over {start:%B %Y} to {cut:%B %Y}.")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print(f"Time: carepath {carepath_seconds:.1f} s (read history, estimate, {args.replicates} simulations); "
          f"cs-demand-model {their_seconds:.1f} s (its subprocess).")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        table.assign(carepath_seconds=carepath_seconds, cs_demand_model_seconds=their_seconds).to_csv(
            args.out / "side_by_side.csv", index=False)


if __name__ == "__main__":
    main()
