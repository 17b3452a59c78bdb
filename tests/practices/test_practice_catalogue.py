"""The key practice catalogue: the ten practices the issue names, each with its source, records and boundaries."""
from __future__ import annotations

import pytest

from carepath.model.tables import BY_NAME
from carepath.practices import catalogue

TEN = {"cp_visits", "cla_visits", "cla_reviews", "cp_reviews", "icpc_timeliness", "assessment_timeliness",
       "pathway_plans", "return_interviews", "health_assessments", "unregulated_under_16"}
STATUTORY = ("Working Together to Safeguard Children 2023", "Regulations 2010", "Regulations 2021",
             "statutory guidance")


def test_the_ten_practices_are_there():
    assert TEN <= set(catalogue.practices())


@pytest.mark.parametrize("practice", catalogue.practices().values(), ids=list(catalogue.practices()))
def test_each_names_its_statutory_source_and_records_the_store_has(practice):
    assert any(words.lower() in " ".join(practice.sources).lower() for words in STATUTORY), practice.id
    assert all(r.table in BY_NAME for r in practice.records)
    assert practice.boundaries and practice.definition


def test_a_practice_file_without_its_metadata_is_refused(tmp_path, monkeypatch):
    (tmp_path / "bad.sql").write_text("/*\nid: bad\ntitle: Bad\n*/\nSELECT 1", encoding="utf-8")
    monkeypatch.setattr(catalogue, "SQL_DIR", tmp_path)
    catalogue.practices.cache_clear()
    try:
        with pytest.raises(catalogue.PracticeCatalogueError, match="bad.sql: metadata has no 'definition'"):
            catalogue.practices()
    finally:
        catalogue.practices.cache_clear()
