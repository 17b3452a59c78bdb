"""Writing the local extracts (CSV), in the layouts of docs/formats/local_extracts.md.

One file per kind: children (with names), teams, workers, allocations, visits, supervision,
workforce, case audits, contacts, early help, care proceedings (the legal department's own headings),
SEND requests, EHE, population (and by ethnic group), and care records and education
(:mod:`carepath.synth.care_records`). Every file but the legal one starts with ``la_code``; dates
are DD/MM/YYYY; yes/no fields are Y/N.
"""
from __future__ import annotations

import csv
from pathlib import Path

from carepath.synth.legal import LEGAL_HEADER
from carepath.synth.workdays import dmy


def d(day: int | None) -> str:
    return "" if day is None else dmy(day)


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_local(folder: Path, sim, wf, community, visits, supervision, snapshots, legal_rows, children,
                audits=()) -> dict:
    """Write every extract; ``children`` are the children the other files mention."""
    folder.mkdir(parents=True, exist_ok=True)
    la = sim.p.la_code
    counts = {}
    counts["teams"] = write_csv(folder / "teams.csv", ["la_code", "team_code", "team_name", "locality", "service"],
                                ([la, t.code, t.name, t.locality, t.service] for t in wf.teams))
    counts["workers"] = write_csv(
        folder / "workers.csv",
        ["la_code", "worker_code", "worker_name", "team_code", "role", "agency", "fte", "start_date", "end_date"],
        ([la, w.code, w.name, w.team, w.role, yn(w.agency), f"{w.fte:.1f}", d(w.start), d(w.end)]
         for w in wf.workers))
    counts["allocations"] = write_csv(
        folder / "allocations.csv", ["la_code", "child_id", "worker_code", "team_code", "start_date", "end_date"],
        ([la, a.child.id, a.worker.code, a.team.code, d(a.start), d(a.end)] for a in wf.allocations))
    counts["visits"] = write_csv(
        folder / "visits.csv",
        ["la_code", "child_id", "visit_date", "visit_type", "seen", "seen_alone", "worker_code"],
        ([la, c.id, d(day), kind, yn(seen), yn(alone), worker] for c, day, kind, seen, alone, worker in visits))
    counts["supervision"] = write_csv(
        folder / "supervision.csv", ["la_code", "child_id", "supervision_date", "worker_code"],
        ([la, c.id, d(day), worker] for c, day, worker in supervision))
    counts["case_audits"] = write_csv(
        folder / "case_audits.csv", ["la_code", "child_id", "audit_date", "grade", "auditor"],
        ([la, c.id, d(day), grade, auditor] for c, day, grade, auditor in audits))
    counts["workforce"] = write_csv(
        folder / "workforce.csv",
        ["la_code", "unit", "snapshot_date", "establishment_fte", "in_post_fte", "agency_fte", "vacancies_fte",
         "leavers_fte", "sickness_days", "cases"],
        ([la, unit, d(day), *values] for unit, day, *values in snapshots))
    counts["contacts"] = write_csv(
        folder / "contacts.csv", ["la_code", "child_id", "contact_date", "source", "outcome", "open_to_csc"],
        ([la, c.id, d(day), source, outcome, yn(opened)] for c, day, source, outcome, opened in community.contacts))
    counts["early_help"] = write_csv(
        folder / "early_help.csv",
        ["la_code", "child_id", "eh_start_date", "eh_end_date", "assessment_start_date", "assessment_completed_date",
         "organisation"],
        ([la, c.id, d(start), d(end), d(a), d(done), org] for c, start, end, a, done, org in community.early_help))
    counts["care_proceedings"] = write_csv(folder / "care_proceedings.csv", LEGAL_HEADER, legal_rows)
    counts["send_requests"] = write_csv(
        folder / "send_requests.csv",
        ["la_code", "child_id", "request_date", "decision_date", "decision", "assessment_completed_date",
         "ehcp_issued_date"],
        ([la, c.id, d(r), d(dec), decision or "", d(done), d(issued)]
         for c, r, dec, decision, done, issued in community.send))
    counts["ehe"] = write_csv(
        folder / "ehe.csv", ["la_code", "child_id", "ehe_start_date", "ehe_end_date", "reason"],
        ([la, c.id, d(start), d(end), reason] for c, start, end, reason in community.ehe))
    from carepath.synth.care_records import care_records
    records, education = care_records(sim, sim.p.seed)
    counts["care_records"] = write_csv(folder / "care_records.csv", ["la_code", "child_id", "record", "record_date"],
                                       ([la, c.id, kind, d(day)] for c, kind, day in records))
    counts["education"] = write_csv(
        folder / "education.csv", ["la_code", "child_id", "academic_year", "attendance_percent", "suspensions",
                                   "permanent_exclusion", "key_stage", "ks2_expected", "attainment8"],
        ([la, c.id, year, f"{att:.1f}", sus, yn(perm), stage or "", "" if ks2 is None else yn(ks2),
          "" if att8 is None else f"{att8:.1f}"] for c, year, att, sus, perm, stage, ks2, att8 in education))
    last = sim.last_day
    counts["children"] = write_csv(
        folder / "children.csv",
        ["la_code", "child_id", "forename", "surname", "dob", "sex", "ethnicity", "upn", "postcode", "disabilities"],
        ([la, c.id, c.forename, c.surname, d(c.dob), c.sex, c.ethnicity, c.upn if c.dob + 4 * 365 < last else "",
          c.postcode_on(last), ";".join(c.disabilities) or "NONE"]
         for c in children if c.dob <= last))
    years = sorted({y for y, *_ in sim.population if y >= sim.p.first_year - 1})
    counts["population"] = write_csv(
        folder / "population.csv", ["area_code", "year", "age", "sex", "count"],
        ([la, year, age, sex, count] for year, age, sex, count in sim.population if year in years))
    counts["population by ethnic group"] = write_csv(
        folder / "population_ethnicity.csv", ["area_code", "year", "age", "sex", "ethnic_group", "count"],
        ([la, year, age, sex, group, count] for year, age, sex, group, count in by_ethnic_group(sim)
         if year in years))
    return counts


def by_ethnic_group(sim) -> list[tuple[int, int, str, str, int]]:
    """The population split by DfE's major ethnic groups in the shares the authority's children are
    drawn with (refused and not obtained left out), rounded so each age and sex adds up to its total."""
    from carepath.synth.params import ETHNICITY
    weights: dict[str, float] = {}
    for code, weight in ETHNICITY:
        if code in ("REFU", "NOBT"):
            continue
        group = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black"}.get(code[0], "Other")
        scale = 1.0 if code == "WBRI" else sim.p.ethnic_diversity
        weights[group] = weights.get(group, 0.0) + weight * scale
    total = sum(weights.values())
    rows = []
    for year, age, sex, count in sim.population:
        exact = {g: count * w / total for g, w in weights.items()}
        whole = {g: int(v) for g, v in exact.items()}
        for g in sorted(exact, key=lambda g: whole[g] - exact[g])[:count - sum(whole.values())]:
            whole[g] += 1
        rows += [(year, age, sex, g, whole[g]) for g in weights]
    return rows
