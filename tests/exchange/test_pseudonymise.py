"""Pseudonymised extracts: keyed hashes, first of the month, postcode sectors, names dropped."""
import hashlib
import hmac
from datetime import date

import pytest

from carepath.exchange.pseudonymise import KeyError_, Pseudonymiser, new_key, read_key

KEY = b"k" * 40


def test_child_ids_become_keyed_hashes_that_need_the_key():
    p = Pseudonymiser(KEY)
    expected = hmac.new(KEY, b"846/ABC1", hashlib.sha256).hexdigest()[:24]
    assert p.child("846/ABC1") == expected
    assert p.child("846/ABC1") == Pseudonymiser(KEY).child("846/ABC1")          # stable across extracts
    assert Pseudonymiser(b"x" * 40).child("846/ABC1") != expected               # another key, another id
    assert p.child("846/ABC1") != hashlib.sha256(b"846/ABC1").hexdigest()[:24]  # not a plain hash


def test_a_row_loses_what_identifies_the_child():
    p = Pseudonymiser(KEY)
    row = {"child_id": "846/ABC1", "local_child_id": "ABC1", "upn": "A123456789012", "forename": "Amy",
           "surname": "Smith", "dob": date(2015, 6, 17), "postcode": "bn1 1ab", "sex": "F", "la_code": "846"}
    out = p.row(row)
    assert out == {"child_id": p.child("846/ABC1"), "dob": date(2015, 6, 1), "postcode": "BN1 1",
                   "sex": "F", "la_code": "846"}


def test_record_ids_keep_their_dates_with_the_child_part_replaced():
    p = Pseudonymiser(KEY)
    out = p.row({"referral_id": "846/ABC1/2024-05-01", "child_id": "846/ABC1", "worker_id": "846/W1"})
    assert out["referral_id"] == p.child("846/ABC1") + "/2024-05-01"
    assert out["worker_id"] == "846/W1"


@pytest.mark.parametrize("postcode, sector", [("SW1A 1AA", "SW1A 1"), ("M1 1AE", "M1 1"), ("CR26XH", "CR2 6"),
                                               ("not a postcode", None), (None, None)])
def test_postcode_sectors(postcode, sector):
    assert Pseudonymiser.sector(postcode) == sector


def test_keys_are_made_once_and_must_be_long_enough(tmp_path):
    path = tmp_path / "region.key"
    new_key(path)
    assert len(read_key(path)) == 64
    with pytest.raises(KeyError_, match="will not overwrite"):
        new_key(path)
    short = tmp_path / "short.key"
    short.write_text("abc")
    with pytest.raises(KeyError_, match="too short"):
        read_key(short)


def test_extract_command_writes_pseudonymised_tables(tmp_path):
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from carepath.cli import cli
    from carepath.model import store as store_mod
    from tests.indicators.world import World
    store = tmp_path / "s.duckdb"
    con = store_mod.connect(store)
    world = World(con)
    world.child("ABC1", dob="2015-06-17", forename="Amy", postcode="BN1 1AB")
    world.referral("ABC1", "2024-05-01")
    con.close()
    key = tmp_path / "k.key"
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", "--new-key", str(key), "--store", str(store)]).exit_code == 0
    result = runner.invoke(cli, ["extract", "--key", str(key), "--out", str(tmp_path / "x"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    child = pq.read_table(tmp_path / "x" / "child.parquet").to_pylist()[0]
    p = Pseudonymiser(read_key(key))
    assert child["child_id"] == p.child("846/ABC1")
    assert child["dob"] == date(2015, 6, 1) and child["postcode"] == "BN1 1"
    assert "forename" not in child and "local_child_id" not in child
    referral = pq.read_table(tmp_path / "x" / "referral.parquet").to_pylist()[0]
    assert referral["referral_id"] == p.child("846/ABC1") + "/2024-05-01"
