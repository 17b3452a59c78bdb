"""`carepath proceedings` end to end on a tiny synthetic authority: the commands a newcomer runs, and their files."""
from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from carepath.model import store as store_mod
from carepath.sources.loader import load_file
from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities


def run(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    params = make_authorities(1, seed=11, size="tiny")[0]
    out = tmp_path_factory.mktemp("synth")
    generate_authority(params, out)
    folder = out / params.la_code
    path = out / "store.duckdb"
    con = store_mod.connect(path)
    for file in [folder / "local" / "children.csv", folder / "local" / "care_proceedings.csv",
                 *folder.glob("ssda903/*/header.csv"), *folder.glob("ssda903/*/episodes.csv")]:
        load_file(con, file)
    con.close()
    return str(path)


def test_link_status_journeys_and_orders_write_their_files(store_path, tmp_path):
    linked = run("proceedings", "link", "--store", store_path, "--out", str(tmp_path / "linkage"))
    assert linked.returncode == 0, linked.stderr
    assert "proceedings:" in linked.stdout and "linked" in linked.stdout
    with open(tmp_path / "linkage" / "links.csv", newline="") as handle:
        links = list(csv.DictReader(handle))
    assert links and {row["method"] for row in links} <= {"deterministic", "probabilistic", "clerical"}
    for name in ("review_queue.csv", "linked_against_unlinked.csv", "match_weights.csv", "refused.csv"):
        assert (tmp_path / "linkage" / name).exists()
    status = run("proceedings", "status", "--store", store_path)
    assert status.returncode == 0 and f"{len(links)} linked" in status.stdout
    journeys = run("proceedings", "journeys", "--store", store_path, "--out", str(tmp_path / "journeys"))
    assert journeys.returncode == 0, journeys.stderr
    html = (tmp_path / "journeys" / "sankey.html").read_text()
    assert "Plotly" in html and '<script src="http' not in html  # plotly bundled in the file, nothing fetched
    with open(tmp_path / "journeys" / "cases.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(links)


def test_a_bad_decision_is_a_message_not_a_traceback(store_path):
    result = run("proceedings", "review", "--store", store_path, "--accept", "501/NOPE", "501/NOBODY")
    assert result.returncode == 2
    assert "No proceeding 501/NOPE in the store" in result.stderr and "Traceback" not in result.stderr


def test_linking_an_empty_store_says_what_to_load(tmp_path):
    result = run("proceedings", "link", "--store", str(tmp_path / "empty.duckdb"))
    assert result.returncode == 2 and "No care proceedings in the store" in result.stderr


def test_link_each_authority_gives_the_one_authority_the_same_links(store_path, tmp_path):
    # one authority in the store: linked on its own it is the same run as linking the store
    first = run("proceedings", "link", "--store", store_path, "--out", str(tmp_path / "all"))
    each = run("proceedings", "link", "--store", store_path, "--each-authority", "--out", str(tmp_path / "each"))
    assert first.returncode == 0 and each.returncode == 0, each.stderr
    assert "LA 501 (1 of 1):" in each.stderr
    assert each.stdout == first.stdout
    with open(tmp_path / "all" / "links.csv", newline="") as a, open(tmp_path / "each" / "links.csv", newline="") as b:
        assert [(r["proceeding_id"], r["child_id"], r["method"]) for r in csv.DictReader(a)] == [
            (r["proceeding_id"], r["child_id"], r["method"]) for r in csv.DictReader(b)]
