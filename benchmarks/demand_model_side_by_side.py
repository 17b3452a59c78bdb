"""carepath's forecast beside Social Finance's cs-demand-model: accuracy and time on the same SSDA903 data.

    bash scripts/setup-demand-model.sh                          # once: the demand model's own environment
    python benchmarks/demand_model_side_by_side.py              # one small synthetic authority, 2020-21 to 2024-25
    python benchmarks/demand_model_side_by_side.py --sample ../shared/data/samples/ssda903_multiyear \\
        --authority tiny:1 --authority tiny:2 --authority small:7 --authority small:11 --authority medium:3 \\
        --out bench/

Each data set is loaded into its own store (``carepath load``): a synthetic authority from
``carepath synth --size SIZE --seed SEED``, or the field's published sample (cs-demand-model's own
``cs_demand_model_samples/combined``, five linked years of one made-up authority, files named
``2017-episodes.csv`` .. ``2021-episodes.csv``). The sample's file names give the year in which the
return *starts*: ``2017-episodes.csv`` holds episodes starting 1 April 2017 to 31 March 2018 and
none ending before 2 April 2017, so it is the 2017-18 return and is loaded with ``--year 2017-18``
(carepath reads a lone year in a file name as the year *ending* 31 March, DfE's naming).

Both models hold out the last 12 month ends, estimate over the 24 months before them and forecast
the held-out months from the children looked after at the cut, each run as the user would run it,
in a subprocess timed by ``/usr/bin/time`` (wall, CPU = user + system, peak memory; imports included):

* carepath: ``carepath forecast backtest --window 24 --holdout 12`` on the store (reads the history,
  estimates, simulates the intervals, writes its tables and charts);
* cs-demand-model 0.5.1: its ``ModelPredictor`` in its own environment on the header and episodes
  files of the return years up to the cut only.

Both are given the same population: short-break episodes (V3, V4) are removed from the files the
demand model reads, as carepath leaves them out (DfE's definition of children looked after). Each
forecast is scored against the children looked after at each held-out month end (carepath's
monthly states of the full history): MAPE (mean absolute percentage error over the held-out months
with someone observed) for the total, each age band (the two models' brackets are the same: under
1, 1-4, 5-9, 10-15, 16-17), fostering including kinship (cs-demand-model's FOSTERING is U1-U6) and
everything else (not fostering), the groups both models forecast. cs-demand-model 0.5.1 gives a
point forecast only, so interval coverage (share of held-out months inside the 95% interval) is
carepath's alone; so are its six placement types, also scored.

Output: a table per data set on screen, and with --out ``side_by_side.csv`` (every data set and
group) and ``timings.csv``. Results and the command are in docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import ast
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from carepath.forecast.backtest import mape, observed_table
from carepath.forecast.history import load_history

HERE = Path(__file__).resolve().parent
ENV = Path(os.environ.get("CAREPATH_DEMAND_MODEL_ENV", Path.home() / ".cache/carepath/demand-model-env"))
BRACKETS = {"BIRTH_TO_ONE": "under 1", "ONE_TO_FIVE": "1 to 4", "FIVE_TO_TEN": "5 to 9",
            "TEN_TO_SIXTEEN": "10 to 15", "SIXTEEN_TO_EIGHTEEN": "16 to 17"}
FOSTERING = ["Fostering: in-house", "Fostering: agency", "Kinship fostering"]
TYPES = ["Fostering: in-house", "Fostering: agency", "Residential", "Kinship fostering", "Placed with parents",
         "Other"]


def carepath_cli(*args):
    done = subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"carepath {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def timed(command: list[str], env=None) -> dict:
    """Run a command under /usr/bin/time: its wall and CPU seconds, peak memory (MB), and its error if it failed."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name, *command],
                              capture_output=True, text=True, env=env)
        wall, user, system, peak_kb = t.read().split()[-4:]
    error = None
    if done.returncode:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        error = lines[-1] if lines else f"exit status {done.returncode}"
    return {"wall_s": float(wall), "cpu_s": float(user) + float(system), "peak_mb": int(peak_kb) / 1024,
            "error": error}


def copy_episodes(source: Path, target: Path) -> None:
    """The episodes file without short breaks (V3, V4)."""
    with source.open(newline="") as f, target.open("w", newline="") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, reader.fieldnames)
        writer.writeheader()
        writer.writerows(r for r in reader if r["LS"] not in ("V3", "V4"))


def synthetic(size: str, seed: int, years: str, tmp: Path) -> tuple[Path, dict[int, tuple[Path, Path]]]:
    """A synthetic authority, loaded; its (header, episodes) files by the year ending 31 March."""
    carepath_cli("synth", "--out", str(tmp / "ret"), "--size", size, "--seed", str(seed), "--years", years)
    carepath_cli("--store", str(tmp / "s.duckdb"), "load", str(tmp / "ret"))
    returns = next((tmp / "ret").iterdir())
    files = {int(folder.name[:4]) + 1: (folder / "header.csv", folder / "episodes.csv")
             for folder in sorted((returns / "ssda903").iterdir())}
    return tmp / "s.duckdb", files


def published_sample(folder: Path, tmp: Path) -> tuple[Path, dict[int, tuple[Path, Path]]]:
    """The field's sample, loaded with each file's return year (file 2017-* is 2017-18); files by year end."""
    files = {}
    for episodes in sorted(folder.glob("*-episodes.csv")):
        start = int(episodes.name[:4])
        header = folder / f"{start}-header.csv"
        carepath_cli("--store", str(tmp / "s.duckdb"), "load", "--la", "846", "--year",
                     f"{start}-{(start + 1) % 100:02d}", str(header), str(episodes))
        files[start + 1] = (header, episodes)
    return tmp / "s.duckdb", files


def demand_model(files: dict[int, tuple[Path, Path]], start, cut, days: int, tmp: Path):
    """cs-demand-model's daily prediction from the return years ending by the cut, and its timing."""
    python = ENV / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"No cs-demand-model environment at {ENV}: run bash scripts/setup-demand-model.sh")
    stage = tmp / "stage"
    for year_end, (header, episodes) in files.items():
        if year_end <= cut.year:
            (stage / str(year_end)).mkdir(parents=True)
            (stage / str(year_end) / "header.csv").write_bytes(header.read_bytes())
            copy_episodes(episodes, stage / str(year_end) / "episodes.csv")
    out = tmp / "pred.csv"
    timing = timed([str(python), str(HERE / "cs_demand_model_runner.py"), str(stage), str(start), str(cut),
                    str(days), str(out)])
    if timing["error"]:
        return None, timing
    frame = pd.read_csv(out, index_col=0, parse_dates=True)
    frame.columns = pd.MultiIndex.from_tuples([ast.literal_eval(c) for c in frame.columns])
    frame = frame.drop(columns=[c for c in frame.columns if c[1] == "NOT_IN_CARE"])
    return frame, timing


def carepath_backtest(store: Path, replicates: int, tmp: Path):
    out = tmp / "backtest"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    timing = timed([sys.executable, "-m", "carepath", "--store", str(store), "forecast", "backtest", "--window",
                    "24", "--holdout", "12", "--replicates", str(replicates), "--out", str(out)], env=env)
    if timing["error"]:
        raise SystemExit(f"carepath forecast backtest failed: {timing['error']}")
    detail = pd.read_csv(out / "backtest_detail.csv", parse_dates=["month_end"])
    return detail, timing


def compare(name: str, store: Path, files, replicates: int, tmp: Path) -> tuple[pd.DataFrame, dict]:
    from carepath.model import store as store_mod
    con = store_mod.connect(store, read_only=True)
    try:
        history = load_history(con)
    finally:
        con.close()
    held_out = [pd.Timestamp(m) for m in history.months[-12:]]
    cut, start = history.months[-13], history.months[-37]
    ours, our_time = carepath_backtest(store, replicates, tmp)
    theirs, their_time = demand_model(files, start, cut, (history.months[-1] - cut).days + 1, tmp)
    at = theirs.loc[held_out] if theirs is not None else None

    observed = observed_table(history)
    observed["month_end"] = pd.to_datetime(observed["month_end"])
    observed = observed[observed.month_end.isin(held_out)]

    def total(frame, bands=("All",), types=("All",)):
        picked = frame[frame.age_band.isin(bands) & frame.placement_type.isin(types)]
        return picked.groupby("month_end").sum(numeric_only=True).reindex(held_out, fill_value=0)

    groups = {"All children": (("All",), ("All",), lambda: at.sum(axis=1))}
    for code, band in BRACKETS.items():
        groups[f"Aged {band}"] = ((band,), ("All",), lambda c=code: at[c].sum(axis=1))
    groups["Fostering incl. kinship"] = (("All",), FOSTERING, lambda: at.loc[
        :, [c for c in at.columns if c[1] == "FOSTERING"]].sum(axis=1))
    groups["Not fostering"] = (("All",), [t for t in TYPES if t not in FOSTERING], lambda: at.loc[
        :, [c for c in at.columns if c[1] != "FOSTERING"]].sum(axis=1))
    for t in TYPES:
        groups[t] = (("All",), (t,), None)
    rows = []
    for group, (bands, types, their_values) in groups.items():
        obs = total(observed, bands, types)["observed"].to_numpy()
        mine = total(ours, bands, types)
        single = len(types) == 1                                  # a group the forecast's intervals cover
        inside = (obs >= mine["lower"].to_numpy() - 1e-9) & (obs <= mine["upper"].to_numpy() + 1e-9)
        rows.append({"data": name, "group": group, "mean_observed": obs.mean(),
                     "carepath_mape": mape(mine["forecast"].to_numpy(), obs)[0],
                     "carepath_coverage": inside.mean() * 100 if single else float("nan"),
                     "cs_demand_model_mape": mape(their_values().to_numpy(), obs)[0]
                     if their_values and at is not None else float("nan")})
    timing = {"data": name, "held_out": f"{held_out[0]:%b %Y} to {held_out[-1]:%b %Y}",
              "children_at_cut": int(observed_table(history).query(
                  "age_band == 'All' and placement_type == 'All'").set_index("month_end").loc[cut, "observed"]),
              **{f"carepath_{k}": v for k, v in our_time.items()},
              **{f"cs_demand_model_{k}": v for k, v in their_time.items()}}
    return pd.DataFrame(rows), timing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--authority", action="append", metavar="SIZE:SEED",
                    help="A synthetic authority (repeat for several). Default small:7 unless --sample is given.")
    ap.add_argument("--years", default="2020-21..2024-25", help="Return years of the synthetic authorities.")
    ap.add_argument("--sample", type=Path, help="Folder of the field's published multi-year SSDA903 sample.")
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    authorities = args.authority or ([] if args.sample else ["small:7"])
    results, timings = [], []
    for spec in ([("sample", None)] if args.sample else []) + [("synthetic", a) for a in authorities]:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            if spec[0] == "sample":
                name = "published sample"
                store, files = published_sample(args.sample, tmp)
            else:
                size, seed = spec[1].split(":")
                name = f"synthetic {size} seed {seed}"
                store, files = synthetic(size, int(seed), args.years, tmp)
            table, timing = compare(name, store, files, args.replicates, tmp)
        results.append(table)
        timings.append(timing)
        print(f"\n{name}: held out {timing['held_out']}, {timing['children_at_cut']} children looked after at the cut")
        print(table.drop(columns="data").to_string(index=False, float_format=lambda v: f"{v:.1f}"))
        if timing["cs_demand_model_error"]:
            print(f"cs-demand-model failed: {timing['cs_demand_model_error']}")
        print(f"Time: carepath {timing['carepath_wall_s']:.1f} s wall, {timing['carepath_cpu_s']:.1f} s CPU, "
              f"{timing['carepath_peak_mb']:.0f} MB; cs-demand-model {timing['cs_demand_model_wall_s']:.1f} s wall, "
              f"{timing['cs_demand_model_cpu_s']:.1f} s CPU, {timing['cs_demand_model_peak_mb']:.0f} MB", flush=True)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        pd.concat(results).to_csv(args.out / "side_by_side.csv", index=False, float_format="%.4f")
        pd.DataFrame(timings).to_csv(args.out / "timings.csv", index=False, float_format="%.2f")


if __name__ == "__main__":
    main()
