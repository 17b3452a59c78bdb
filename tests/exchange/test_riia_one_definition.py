"""One definition per RIIA measure: the compilation's figure (rate per 10,000 or percentage of its
base measure) equals the engine's for the same authority and quarter.

Two synthetic authorities are exported with ``carepath riia export`` (which runs the engine and keeps
its results in the store) and compiled with ``carepath riia compile`` on the same store's population.
For every measure and quarter both are rounded as DfE publishes (:mod:`carepath.rounding`), so the
compiled 'Rate or %' must equal the engine's rounded value exactly. A measure whose compilation base
differed from the engine's denominator (as 209 did: the compilation divided by S47s, the dashboard by
ICPCs held) fails here.
"""
from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from carepath import rounding
from carepath.cli import cli
from carepath.exchange.riia_compile import PERCENT_OF
from carepath.indicators import catalogue


def test_every_compiled_rate_and_percentage_is_the_engines(tmp_path):
    from carepath.model import store as store_mod
    from carepath.sources.loader import expand, load_file
    from carepath.synth.generate import generate
    from carepath.synth.params import make_authorities
    generate(make_authorities(2, seed=5, first_year=2023, last_year=2024, size="tiny"), tmp_path / "returns")
    store = tmp_path / "store.duckdb"
    con = store_mod.connect(store)
    for path in expand([tmp_path / "returns"]):
        if path.suffix != ".json":
            assert load_file(con, path).status in ("loaded", "already loaded")
    con.close()
    runner = CliRunner()
    for la in ("501", "502"):
        result = runner.invoke(cli, ["riia", "export", "--quarter", "2024Q4", "--quarters", "2", "--la", la,
                                     "--report-date", "2025-05-01", "--out", str(tmp_path / "subs"),
                                     "--store", str(store)])
        assert result.exit_code == 0, result.output
    out = tmp_path / "region.xlsx"
    result = runner.invoke(cli, ["riia", "compile", str(tmp_path / "subs"), "--out", str(out),
                                 "--no-suppression", "--store", str(store)])
    assert result.exit_code == 0, result.output
    compiled = {(r[0], r[4], r[5]): (r[7], r[8], r[9])
                for r in load_workbook(out)["Compiled"].iter_rows(min_row=2, values_only=True)}
    riia = catalogue.get_set("riia")
    con = store_mod.connect(store, read_only=True)
    engine = {(la, period, ind): (num, value) for la, period, ind, num, value in con.execute(
        "SELECT la_code, period, indicator_id, numerator, value FROM indicator_result "
        "WHERE level = 'authority' AND indicator_id IN (SELECT unnest(?))", [riia.indicator_ids]).fetchall()}
    con.close()
    compared, differ = 0, []
    for member in riia.members:
        indicator = catalogue.get(member.indicator_id)
        for la in ("501", "502"):
            for period, quarter in (("2024Q3", "Q3"), ("2024Q4", "Q4")):
                count, derived, kind = compiled[(la, quarter, member.code)]
                numerator, value = engine.get((la, period, member.indicator_id), (None, None))
                if numerator is not None:
                    assert count == rounding.round_half_up(numerator, 0), (member.code, la, period)
                # a measure the compilation divides by a base is a percentage in the engine, and the reverse
                assert (kind == "%") == (member.code in PERCENT_OF)
                assert (indicator.unit == "percent") == (member.code in PERCENT_OF), member.code
                if value is None and derived is None:
                    continue
                mine = rounding.round_half_up(value, rounding.places(indicator.unit)) if value is not None else None
                if mine != derived:
                    differ.append((member.code, member.indicator_id, la, period, derived, mine))
                compared += 1
    assert not differ, "compilation and engine disagree: " + repr(differ)
    # every measure compared in at least one authority-quarter (empty ones are both empty)
    assert compared >= len(riia.members)
