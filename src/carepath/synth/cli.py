"""``carepath synth``: write synthetic authorities' returns and extracts, from a tiny one to all 153."""
from __future__ import annotations

import time
from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.synth.params import SIZES, make_authorities, parse_year, year_label

FIRST_SUPPORTED, LAST_SUPPORTED = 2018, 2025   # 2018-19 to 2025-26


def years_from(years: str | None, first: str | None, last: str | None) -> tuple[int, int]:
    if years and (first or last):
        raise CarepathError("Give either --years or --first-year/--last-year, not both.")
    try:
        if years:
            if ".." not in years:
                start = end = parse_year(years)
            else:
                left, right = years.split("..", 1)
                start, end = parse_year(left), parse_year(right)
        else:
            start = parse_year(first) if first else 2021
            end = parse_year(last) if last else max(start, 2024)
    except ValueError as exc:
        raise CarepathError(str(exc)) from None
    if start > end:
        raise CarepathError(f"The first year ({year_label(start)}) is after the last ({year_label(end)}).")
    if start < FIRST_SUPPORTED or end > LAST_SUPPORTED:
        raise CarepathError(f"carepath synth writes the returns of {year_label(FIRST_SUPPORTED)} to "
                            f"{year_label(LAST_SUPPORTED)}; {year_label(start)}..{year_label(end)} is outside that.")
    return start, end


@click.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder to write into; each authority gets DIR/<LA code>/.")
@click.option("--size", type=click.Choice(list(SIZES)),
              help="How many children aged 0-17: tiny 2,000 (for tests, seconds), small 20,000, medium 60,000, "
                   "large 150,000, kent 330,000 (about 25,000 referrals a year).")
@click.option("--children-population", "children", type=click.IntRange(500, 2_000_000), metavar="N",
              help="Children aged 0-17, instead of --size.")
@click.option("--authorities", type=click.IntRange(1, 500), default=1, show_default=True, metavar="N",
              help="How many authorities (codes 501, 502, ...). Without --size or --children-population their "
                   "sizes spread like England's (median 55,000, largest about 330,000); each one's rates vary "
                   "around England's.")
@click.option("--years", metavar="YYYY-YY..YYYY-YY", help="Return years to write, e.g. 2021-22..2024-25 "
              "(the default).")
@click.option("--first-year", metavar="YYYY-YY", help="First return year (instead of --years).")
@click.option("--last-year", metavar="YYYY-YY", help="Last return year (instead of --years).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same files.")
@click.option("--la", "la_code", metavar="CODE", help="3-digit code for a single authority (default 501).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Authorities generated at once, in separate processes.")
@click.option("--inject-errors", type=click.IntRange(0, 1000), default=0, show_default=True, metavar="N",
              help="Spoil N values on purpose in each authority's last CIN census and SSDA903 return (a bad "
                   "ethnicity code, UPN, referral source...), each of which one DfE rule catches, to see "
                   "`carepath validate` find them. truth.json lists them (injected_errors). Without it the "
                   "returns pass the DfE rules, but for a few listed in carepath.synth.known_issues.")
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@common_options
def synth(settings, out, size, children, authorities, years, first_year, last_year, seed, la_code, jobs, inject_errors,
          quiet):
    """Write synthetic authorities in the real formats, to try carepath without real data.

    Simulates each authority's children through referrals, assessments, S47 enquiries, CIN and
    child protection plans, care, adoption and leaving care, with its teams, workers, visits,
    workforce and care proceedings, at rates near England's published ones. For each authority
    it writes, under DIR/<LA code>/:

    \b
      cin/CIN_<la>_<year>.xml        CIN census, one per year
      ssda903/<year>/*.csv           SSDA903 return tables (plus LA and YEAR columns)
      annex_a/annex_a_<la>_<date>.xlsx  Ofsted Annex A lists 1-10 at an inspection date
      local/*.csv                    local extracts: children, teams, workers, allocations, visits,
                                     supervision, workforce, contacts, early help, care
                                     proceedings, SEND requests, EHE, population
      truth.json                     the parameters and the rates the records actually have

    \b
    Examples:
      carepath synth --out returns/ --size tiny
      carepath synth --out returns/ --size small --seed 7 --years 2022-23..2024-25
      carepath synth --out england/ --authorities 153 --jobs 2
      carepath synth --out returns/ --size tiny --inject-errors 6

    Then load them with `carepath load returns/`. The people are not real: names, dates and
    identifiers are made up. Their postcodes are real ones (public geography, from the ONS
    Postcode Directory carepath installs): each authority stands in for a real county or
    unitary authority of about its size (truth.json: ons_code, stands_in_for), its children
    live in clusters of that area's postcodes, and placements outside it are in real places
    near and far, so `carepath validate` checks placement areas and distances as for a real
    return. No reference data is needed.
    """
    if size and children:
        raise CarepathError("Give either --size or --children-population, not both.")
    if la_code is not None and not (len(la_code) == 3 and la_code.isdigit()):
        raise CarepathError(f"--la '{la_code}' is not a 3-digit LA code (for example 501).")
    start, end = years_from(years, first_year, last_year)
    try:
        params = make_authorities(authorities, seed=seed, first_year=start, last_year=end, children=children,
                                  la_code=la_code, size=size)
    except ValueError as exc:
        raise CarepathError(str(exc)) from None
    out_dir = Path(out)
    began = time.perf_counter()

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"[{time.perf_counter() - began:7.1f}s] {message}", err=True)

    from carepath.synth.generate import generate
    summaries = generate(params, out_dir, jobs=jobs, progress=progress, inject_errors=inject_errors)
    total = sum(s["children"] for s in summaries)
    for s in summaries[:1] if len(summaries) == 1 else []:
        click.echo(f"LA {s['la_code']} {s['name']} stands in for {s['stands_in_for']} ({s['ons_code']}): its "
                   "postcodes are real ones of that area and its neighbours; its people are made up.")
    click.echo(f"Wrote {len(summaries)} authorit{'y' if len(summaries) == 1 else 'ies'} ({total:,} children aged "
               f"0-17; {year_label(start)} to {year_label(end)}) to {out_dir} in "
               f"{time.perf_counter() - began:.1f}s. Load them with: carepath load {out_dir}")
