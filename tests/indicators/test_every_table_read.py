"""Nothing loaded left unread: every canonical table a reader fills is read by at least one
indicator, key practice, analysis or dashboard page, or is on the allow-list below with the reason
it is kept.

"Read" means a ``FROM`` or ``JOIN`` naming the table in the product's SQL (indicator and practice
files) or Python outside the readers themselves (``sources``), the synthetic generator (``synth``)
and the model. The pseudonymised extract (``carepath extract``) copies every child-level table, so
it does not count as a reader here.
"""
from __future__ import annotations

import re
from pathlib import Path

import carepath
from carepath.model.tables import TABLES

SRC = Path(carepath.__file__).resolve().parent
NOT_READERS = {"sources", "synth", "model"}

# table -> why it is loaded although nothing computes from it yet
KEPT = {
    "pre_proceedings": "CIN census PreProceedingsandFGDM, new in 2023-24: DfE publishes no measure from it yet "
                       "and no indicator set asks for one; kept for the child's record and the pseudonymised "
                       "extract.",
    "previous_permanence": "903 PrevPerm: no indicator set measures returns to care after adoption or SGO; kept "
                           "for the pseudonymised extract and so a later return's merge keeps the history.",
    "dolo": "903 DoLo begins with the 2026-27 return: no loaded year holds it yet; kept so that return loads "
            "without a change to the store.",
}


def readers(name: str) -> list[str]:
    pattern = re.compile(rf"\b(FROM|JOIN)\s+{name}\b", re.IGNORECASE)
    found = []
    for path in SRC.rglob("*"):
        if path.suffix not in (".sql", ".py") or NOT_READERS & set(path.relative_to(SRC).parts[:1]):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(SRC)))
    return found


def test_every_table_the_readers_fill_is_read_or_kept_for_a_stated_reason():
    filled = [t.name for t in TABLES if not t.bookkeeping]
    unread = [name for name in filled if not readers(name) and name not in KEPT]
    assert unread == [], f"tables loaded but read by nothing, and not on the allow-list: {unread}"


def test_the_allow_list_is_current():
    """A table on the allow-list that something now reads, or that no longer exists, is taken off it."""
    filled = {t.name for t in TABLES if not t.bookkeeping}
    assert set(KEPT) <= filled
    assert [name for name in KEPT if readers(name)] == []


def test_the_new_readers_of_oc2_and_adoption_are_found():
    """The check itself finds a reader where one exists (the outcome and adoption measures)."""
    assert "indicators/sql/looked_after/cla_12m_checks.sql" in readers("cla_outcome")
    assert "indicators/sql/adoption/adoption_order_to_match.sql" in readers("adoption")
    assert "indicators/sql/adoption/adopters_application_to_approval.sql" in readers("adopter")
    assert readers("no_such_table") == []
