"""Generating authorities end to end: simulate, then write every return and extract, then truth.json.

Each authority is independent and fixed by its own seed, so authorities can be generated in
parallel (``jobs``) and the output is the same whatever the order or the number of processes.
"""
from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Callable

from carepath.synth.community import Community
from carepath.synth.inject import inject
from carepath.synth.legal import proceedings
from carepath.synth.params import AuthorityParams, year_label
from carepath.synth.simulate import Simulation
from carepath.synth.truth import truth
from carepath.synth.visits import plan_audits, plan_supervision, plan_visits, snapshots
from carepath.synth.workdays import iso, year_end
from carepath.synth.workforce import Workforce
from carepath.synth.write_903 import write_903
from carepath.synth.write_annex_a import AnnexA, write_annex_a
from carepath.synth.write_cin import write_cin
from carepath.synth.write_local import write_local

Progress = Callable[[str], None]


def generate_authority(params: AuthorityParams, out: Path, progress: Progress | None = None,
                       inject_errors: int = 0) -> dict:
    """Simulate one authority and write it under ``out/<la_code>/``; returns a short summary.

    ``inject_errors`` values are then spoilt on purpose in the last year's CIN census and SSDA903
    return (:mod:`carepath.synth.inject`) and listed in truth.json under ``injected_errors``.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    la, folder = params.la_code, Path(out) / params.la_code
    say(f"{la} {params.name}: simulating {params.children:,} children, "
        f"{year_label(params.first_year - params.history_years)} to {year_label(params.last_year)}, "
        f"with the postcodes of {params.area_name or 'a real area'} ({params.ons_code or 'chosen by size'})")
    sim = Simulation(params).run()
    wf = Workforce(sim).build()
    for child in sim.people.children:
        child.moves.sort()
    community = Community(sim).build()
    visits = plan_visits(wf)
    supervision = plan_supervision(wf)
    wf.snapshot_rows = snapshots(wf)
    town = params.name.replace("shire", "").replace(" ", "") or "Synth"
    legal_rows, links, slips = proceedings(sim, [f"Family Court at {town}", f"Family Court at {town} Central",
                                          "Family Court at Westbury"])
    simulated = time.perf_counter()
    files: dict = {"cin": {}, "ssda903": {}}
    for year in params.years:
        label = year_label(year)
        say(f"{la}: writing the {label} CIN census and SSDA903 return")
        files["cin"][label] = write_cin(sim.people.children, la, year, folder / "cin" / f"CIN_{la}_{label}.xml")
        files["ssda903"][label] = write_903(sim.people.children, la, year, folder / "ssda903" / label,
                                            wf.sw_episodes)
    rng = random.Random(params.seed ^ 0xA11E)
    inspection = sim.cal.next(year_end(params.last_year) - rng.randint(20, 80))
    say(f"{la}: writing Annex A at {iso(inspection)} and the local extracts")
    annex = AnnexA(sim, wf, community, visits, inspection)
    files["annex_a"] = write_annex_a(annex, folder / "annex_a" / f"annex_a_{la}_{iso(inspection)}.xlsx")
    mentioned = mentioned_children(sim, wf, community, visits, links)
    files["local"] = write_local(folder / "local", sim, wf, community, visits, supervision, wf.snapshot_rows,
                                 legal_rows, mentioned, plan_audits(wf))
    facts = truth(sim, wf, community, links, files)
    facts["injected_errors"] = []
    if inject_errors:
        last = year_label(params.last_year)
        say(f"{la}: injecting {inject_errors} errors into the {last} returns")
        facts["injected_errors"] = inject(folder, la, last, inject_errors, params.seed)
    facts["annex_a_date"] = iso(inspection)
    facts["proceedings_errors"] = slips
    with open(folder / "truth.json", "w", encoding="utf-8") as handle:
        json.dump(facts, handle, indent=1, sort_keys=False)
        handle.write("\n")
    finished = time.perf_counter()
    return {"la_code": la, "name": params.name, "children": params.children, "ons_code": facts["ons_code"],
            "stands_in_for": facts["stands_in_for"],
            "simulate_seconds": round(simulated - started, 2), "write_seconds": round(finished - simulated, 2),
            "referrals_last_year": facts["figures"][year_label(params.last_year)]["referrals"]}


def mentioned_children(sim, wf, community, visits, links) -> list:
    """Children some written file names: the children extract lists exactly these."""
    first, last = sim.window_start - 183, sim.last_day
    wanted = set()
    for child in sim.people.children:
        if any(ep.closure >= first and ep.referral <= last for ep in child.episodes) or \
                any(p.end >= first and p.start <= last for p in child.periods) or \
                (child.leaver is not None and child.leaver.statuses):
            wanted.add(child.n)
    for rows in (community.contacts, community.early_help, community.send, community.ehe, visits):
        wanted.update(row[0].n for row in rows)
    wanted.update(a.child.n for a in wf.allocations)
    ids = set(links.values())
    return [c for c in sim.people.children if c.n in wanted or c.id in ids]


def _run_one(args: tuple[AuthorityParams, str, int]) -> dict:
    params, out, inject_errors = args
    return generate_authority(params, Path(out), inject_errors=inject_errors)


def generate(authorities: list[AuthorityParams], out: Path, jobs: int = 1, progress: Progress | None = None,
             inject_errors: int = 0) -> list:
    """Generate every authority (in ``jobs`` processes); returns each one's summary."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summaries = []
    if jobs <= 1 or len(authorities) == 1:
        for params in authorities:
            summaries.append(generate_authority(params, out, progress if len(authorities) == 1 else None,
                                                inject_errors))
            if progress and len(authorities) > 1:
                s = summaries[-1]
                progress(_done(s, len(summaries), len(authorities)))
    else:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for s in pool.map(_run_one, [(p, str(out), inject_errors) for p in authorities]):
                summaries.append(s)
                if progress:
                    progress(_done(s, len(summaries), len(authorities)))
    return summaries


def _done(s: dict, done: int, total: int) -> str:
    return (f"{done}/{total} {s['la_code']} {s['name']} (as {s['stands_in_for']}): {s['children']:,} children in "
            f"{s['simulate_seconds'] + s['write_seconds']:.1f}s")
