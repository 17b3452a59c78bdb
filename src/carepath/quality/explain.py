"""What a validation run could not check, and what a synthetic authority's issues mean, in plain lines.

Rules that did not run are grouped by what they needed, one line per group, e.g. "33 rules
(...) compare with the previous year's return, which was not given: give the 2020-21 return
with --previous DIR". The 903 validator's runner says why each rule it skipped (or that crashed) could not run (``not_run`` in its answer); the rules
that compare placements with the authority's own area are left out when carepath has no ONS
code for it, and the line says why: no LA lookup under --reference, a lookup without that
authority, or a synthetic authority written before synthetic authorities stood in for a real area
(``ons_code`` in its truth.json, which ``validate`` uses when no lookup gives one).

A synthetic authority is one ``carepath synth`` wrote: its ``truth.json`` sits in a folder
above the return's files and names the same authority. For its returns, the issues that
synthetic data cannot avoid (:mod:`carepath.synth.known_issues`) and the errors injected on
purpose (``injected_errors``) are counted and explained under the summary.
"""
from __future__ import annotations

import json
from pathlib import Path

from carepath.quality.returns import Return, previous_year

XML_ONLY_FIELDS = {"UASC", "UASC_STATUS"}  # the 903 XML return's Header has them; the CSV tables do not
_ORDER = ["previous", "tables", "provider_info", "xml_only", "fields", "unknown"]  # what a user can give first
_LA_LOOKUP = "an LA lookup (columns old_la_code, new_la_code) in the --reference folder"


def _codes(codes: list[str], shown: int = 12) -> str:
    more = f" and {len(codes) - shown} more" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more


def _rules(codes: list[str], plural: str, singular: str) -> str:
    """'3 rules (1015, 229, 411) need' or '1 rule (231) needs'."""
    one = len(codes) == 1
    return f"{len(codes)} rule{'' if one else 's'} ({_codes(codes)}) {singular if one else plural}"


def not_run_lines(answer: dict, ret: Return, area: str) -> list[str]:
    """One line per reason rules did not run. ``area`` says why the area rules were left out."""
    groups: dict[tuple[str, bool], list[dict]] = {}
    for rule in answer.get("not_run") or []:
        groups.setdefault((rule["reason"], rule["crashed"]), []).append(rule)
    lines = []
    for (reason, crashed), rules in sorted(groups.items(), key=lambda g: (_ORDER.index(g[0][0]), g[0][1])):
        codes = [r["code"] for r in rules]
        needs = sorted({n for r in rules for n in r["needs"]})
        if reason == "previous" and ret.previous is not None:
            tables = ", ".join(sorted({n[:-5] for n in needs}))
            lines.append(f"{_rules(codes, 'need', 'needs')} tables the previous year's return does not include "
                         f"({tables})")
        elif reason == "previous":
            year = previous_year(ret.year) if ret.year else "the previous year"
            lines.append(f"{_rules(codes, 'compare', 'compares')} with the previous year's return, which was not "
                         f"given: give the {year} "
                         "return with --previous DIR (its folder, CSV files or XML file)")
        elif reason == "provider_info":
            lines.append(f"{_rules(codes, 'need', 'needs')} Ofsted's list of providers (URNs, their places and "
                         "registrations), which the validator's online tool loads and carepath does not have")
        elif reason == "fields":
            where = ": only the XML return carries them" if set(needs) <= XML_ONLY_FIELDS else ""
            lines.append(f"{_rules(codes, 'read', 'reads')} fields these tables do not have ({', '.join(needs)})"
                         + where)
        elif reason == "xml_only":
            lines.append(f"{_rules(codes, 'check', 'checks')} only the XML return (fields CSV tables do not have)")
        elif reason == "tables":
            lines.append(f"{_rules(codes, 'need', 'needs')} tables that were not given ({', '.join(needs)})")
        elif crashed:
            lines.append(f"{_rules(codes, 'crashed', 'crashed')} on this data (the validator's own error; "
                         "CAREPATH_DEBUG=1 shows it)")
        else:
            lines.append(f"{_rules(codes, 'were', 'was')} skipped by the validator, which did not say why")
    crashed_cin = [] if "not_run" in answer else list(answer.get("rules_failed") or [])
    if crashed_cin:
        lines.append(f"{_rules(crashed_cin, 'crashed', 'crashed')} on this data (the validator's own error; "
                     "CAREPATH_DEBUG=1 shows it)")
    left_out = list(answer.get("rules_left_out") or [])
    if left_out:
        lines.append(f"{_rules(left_out, 'compare', 'compares')} placements with the authority's own area and "
                     f"{'was' if len(left_out) == 1 else 'were'} not run: " + area)
    return lines


def area_reason(la_code: str | None, lookup: Path | None, synthetic: dict | None) -> str:
    """Why carepath has no ONS code for the authority, for the area rules' line."""
    if synthetic is not None:
        return (f"LA {la_code} is a synthetic authority written by an earlier carepath synth, whose truth.json "
                "names no real area (ons_code) for it to stand in for: write it again to run them")
    if lookup is None:
        return f"they need its ONS code, which carepath finds in {_LA_LOOKUP}"
    return (f"the LA lookup {lookup.name} has no ONS code (new_la_code) for LA {la_code or '?'}; add its row "
            "to run them")


def find_truth(ret: Return) -> dict | None:
    """The truth.json of the synthetic authority whose return this is, if carepath synth wrote it."""
    if not ret.files or not ret.la_code:
        return None
    return truth_near(ret.files[0], ret.la_code)


def truth_near(path: Path, la_code: str) -> dict | None:
    """The truth.json in one of the four folders above ``path``, if it is LA ``la_code``'s (carepath synth)."""
    for folder in list(Path(path).parents)[:4]:
        found = folder / "truth.json"
        if found.is_file():
            try:
                facts = json.loads(found.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            if isinstance(facts, dict) and facts.get("la_code") == la_code and "parameters" in facts:
                return facts
            return None
    return None


def synthetic_lines(con, run_id: int, ret: Return, facts: dict) -> list[str]:
    """For a synthetic authority: which issues are injected on purpose and which synthetic data cannot avoid."""
    from carepath.synth.known_issues import known_issue
    kind = "cin" if ret.kind == "cin" else "903"
    wanted = "CIN census" if kind == "cin" else "SSDA903"
    injected = {(e["rule_code"], e["child"]) for e in facts.get("injected_errors") or []
                if e.get("return") == wanted and e.get("year") == ret.year}
    counts: dict[str, int] = {}
    planted = 0
    for rule, child in con.execute("SELECT rule_code, local_child_id FROM validation_issue WHERE run_id = ?",
                                   [run_id]).fetchall():
        if (rule, child) in injected:
            planted += 1
        else:
            counts[rule] = counts.get(rule, 0) + 1
    lines = []
    if planted:
        what = "issues are errors" if planted != 1 else "issue is an error"
        lines.append(f"{planted:,} {what} "
                     "carepath synth injected on purpose (listed in truth.json, injected_errors)")
    explained: dict = {}
    for rule, n in counts.items():
        issue = known_issue(kind, ret.year, rule)
        if issue is not None:
            explained.setdefault(issue, []).append((rule, n))
    for issue, found in explained.items():
        total = sum(n for _, n in found)
        rules = ", ".join(rule for rule, _ in sorted(found))
        lines.append(f"{total:,} issue{'s' if total != 1 else ''} (rule{'s' if len(found) > 1 else ''} {rules}) "
                     f"{'are' if total != 1 else 'is'} expected of synthetic data: {issue.reason}")
    if lines:
        lines.insert(0, f"LA {ret.la_code} is a synthetic authority (carepath synth):")
    return lines
