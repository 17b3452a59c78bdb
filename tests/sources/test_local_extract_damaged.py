"""The local extract reader on damaged input: headers that fit nothing, bad encodings, bad cells.

A bad value injected into a known-good row must reject that row naming the file's heading and the
rule, with the accounting balanced; a file that cannot be read must fail with a plain message.
"""
from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath.sources import local_extract
from carepath.sources.batch import Batch, SourceError
from carepath.sources.loader import load_file

# kind -> (header, one good row, {heading: rule when the cell is nonsense})
TEMPLATES = {
    "children": ("child_id,dob,sex,ethnicity,expected_dob,disabilities", "A1,01/02/2015,F,WBRI,,AUT",
                 {"dob": "date", "sex": "code", "ethnicity": "code", "expected_dob": "date", "disabilities": "code"}),
    "teams": ("team_code,team_name,locality", "T1,Team One,North", {}),
    "workers": ("worker_code,team_code,agency,fte,start_date,end_date", "W1,T1,N,1,01/01/2020,",
                {"agency": "boolean", "fte": "number", "start_date": "date", "end_date": "date"}),
    "allocations": ("child_id,worker_code,start_date,end_date,team_code", "A1,W1,01/03/2024,01/04/2024,T1",
                    {"start_date": "date", "end_date": "date"}),
    "visits": ("child_id,visit_date,visit_type,seen,seen_alone,worker_code", "A1,02/03/2024,CP,Y,Y,W1",
               {"visit_date": "date", "visit_type": "code", "seen": "boolean", "seen_alone": "boolean"}),
    "supervision": ("child_id,supervision_date,worker_code", "A1,02/03/2024,W1", {"supervision_date": "date"}),
    "workforce": ("unit,snapshot_date,establishment_fte,in_post_fte,cases", "T1,31/03/2024,10,9,80",
                  {"snapshot_date": "date", "establishment_fte": "number", "in_post_fte": "number",
                   "cases": "number"}),
    "contacts": ("child_id,contact_date,source,open_to_csc", "A1,02/03/2024,6,N",
                 {"contact_date": "date", "source": "code", "open_to_csc": "boolean"}),
    "early help": ("child_id,eh_start_date,eh_end_date,assessment_start_date", "A1,01/01/2024,01/02/2024,02/01/2024",
                   {"eh_start_date": "date", "eh_end_date": "date", "assessment_start_date": "date"}),
    "care proceedings": ("Case No,Child DOB,Date of Issue,Final Hearing", "LC1,01/01/2015,01/06/2024,01/12/2024",
                         {"Child DOB": "date", "Date of Issue": "date", "Final Hearing": "date"}),
    "SEND requests": ("child_id,request_date,decision_date,decision", "A1,01/09/2024,01/10/2024,assess",
                      {"request_date": "date", "decision_date": "date", "decision": "code"}),
    "EHE": ("child_id,ehe_start_date,ehe_end_date", "A1,01/09/2023,",
            {"ehe_start_date": "date", "ehe_end_date": "date"}),
    "population": ("area_code,year,age,sex,count", "846,2023,4,M,1500",
                   {"year": "number", "age": "number", "sex": "code", "count": "number"}),
}
# cells that identify or date their record (or, an audit's grade, are what it is): a bad one rejects the row
HARD = {("workers", "end_date"), ("allocations", "start_date"), ("allocations", "end_date"),
        ("visits", "visit_date"), ("visits", "visit_type"), ("supervision", "supervision_date"),
        ("workforce", "snapshot_date"), ("contacts", "contact_date"), ("contacts", "source"),
        ("early help", "eh_start_date"), ("early help", "eh_end_date"), ("care proceedings", "Date of Issue"),
        ("care proceedings", "Final Hearing"), ("SEND requests", "request_date"), ("EHE", "ehe_start_date"),
        ("EHE", "ehe_end_date"), ("population", "year"), ("population", "age"), ("population", "sex"),
        ("population", "count")}
TARGETS = sorted((kind, heading) for kind, (_, _, cells) in TEMPLATES.items() for heading in cells)
KEYS = {"children": "child_id", "teams": "team_code", "workers": "worker_code", "allocations": "child_id",
        "visits": "child_id", "supervision": "child_id", "workforce": "unit", "contacts": "child_id",
        "early help": "child_id", "care proceedings": "Case No", "SEND requests": "child_id", "EHE": "child_id",
        "population": "area_code"}


def read_text(tmp_path: Path, text: str | bytes, name: str = "extract.csv", la: str | None = "846") -> Batch:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    batch = Batch(name, la_code=la)
    local_extract.read(path, batch)
    return batch


def replace(header: str, row: str, heading: str, value: str) -> str:
    headings, cells = header.split(","), row.split(",")
    cells[headings.index(heading)] = value
    return f"{header}\n{','.join(cells)}\n"


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_template_row_loads(tmp_path, kind):
    header, row, _ = TEMPLATES[kind]
    batch = read_text(tmp_path, f"{header}\n{row}\n")
    assert (batch.rows_read, batch.rows_loaded, batch.rejects) == (1, 1, [])


nonsense = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8).map(lambda s: "Qx" + s)


@pytest.mark.parametrize("target", TARGETS)
def test_every_cell_with_a_rule_is_either_hard_or_set_aside(tmp_path, target):
    check_bad_cell(tmp_path, target, "QxBad")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), bad=nonsense)
def test_a_bad_cell_rejects_its_row_or_is_set_aside_naming_the_heading_and_rule(tmp_path, target, bad):
    check_bad_cell(tmp_path, target, bad)


def check_bad_cell(tmp_path, target, bad):
    kind, heading = target
    header, row, cells = TEMPLATES[kind]
    batch = read_text(tmp_path, replace(header, row, heading, bad))
    assert batch.unbalanced() == [] and batch.rows_read == 1
    if target not in HARD:  # the record can live without it: set aside, the row loads
        assert batch.rejects == [] and batch.rows_loaded == 1
        assert [(i.row_ref, i.field, i.rule, i.value) for i in batch.field_issues] == [
            (f"{kind} row 2", heading, cells[heading], bad)]
        assert f"'{bad}'" in batch.field_issues[0].reason
        return
    assert [(r.row_ref, r.field, r.rule) for r in batch.rejects] == [(f"{kind} row 2", heading, cells[heading])]
    assert f"'{bad}'" in batch.rejects[0].reason


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_a_missing_key_is_required(tmp_path, kind):
    header, row, _ = TEMPLATES[kind]
    batch = read_text(tmp_path, replace(header, row, KEYS[kind], ""))
    assert [(r.field, r.rule) for r in batch.rejects] == [(KEYS[kind], "required")]


# -- files that cannot be read ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, message", [
    ("", "is empty: it has no header row"),
    ("\n\n  \n", "is empty: it has no header row"),
    ("foo,bar\n1,2\n", "its header fits no kind of local extract"),
    ("child_id,visit_date,worker_code\nA1,01/01/2024,W1\n", "closest: visits, which needs visit_type"),
    ("child_id,contact_date,ehe_start_date\nA1,01/01/2024,01/01/2024\n", "fits both contacts and EHE extracts"),
    ("child_id,LAchildID,contact_date\nA1,A1,01/01/2024\n",
     "columns 1 ('child_id') and 2 ('LAchildID') are both child_id"),
    (b"child_id,contact_date\n\x00\x01\x02\x00", "is not a text file"),
    ("child_id,contact_date\nA1,\"" + "x" * 200_000 + "\"\n", "row 2 cannot be read as CSV"),
])
def test_a_file_that_cannot_be_read_fails_plainly(tmp_path, text, message):
    with pytest.raises(SourceError) as caught:
        read_text(tmp_path, text)
    assert message in str(caught.value) and "extract.csv" in str(caught.value)


def test_without_an_la_code_column_la_is_required(store, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("child_id,contact_date\nA1,01/01/2024\n")
    result = load_file(store, path)
    assert result.status == "failed" and "--la" in result.message
    assert store.execute("SELECT count(*) FROM contact").fetchall() == [(0,)]


def test_a_header_only_file_loads_nothing(tmp_path):
    batch = read_text(tmp_path, "child_id,contact_date\n")
    assert batch.rows_read == 0 and batch.rejects == []


def test_encodings_and_separators_authorities_use(tmp_path):
    text = "child_id\tdob\tforename\nA1\t01/02/2015\tZo\u00eb\n"
    for encoding, name in (("utf-16", "u16.csv"), ("cp1252", "win.csv"), ("utf-8-sig", "bom.csv")):
        batch = read_text(tmp_path, text.encode(encoding), name)
        assert batch.rows["child"][0]["forename"] == "Zo\u00eb", encoding


def test_blank_lines_before_the_header_and_between_rows(tmp_path):
    batch = read_text(tmp_path, "\n\nchild_id,contact_date\n\nA1,01/01/2024\n,\nA2,02/01/2024\n")
    assert [r["contact_id"] for r in batch.rows["contact"]] == ["846/A1/2024-01-01/", "846/A2/2024-01-02/"]
    assert batch.rows_read == 2


def test_rows_with_too_many_values_or_a_bad_la_code_are_rejected(tmp_path):
    # E09000033 is Westminster's ONS code (213): read as 213; E09999999 and 84 are no authority's
    batch = read_text(tmp_path, "la_code,child_id,contact_date\n846,A1,01/01/2024,oops\n846,A2,02/01/2024,\n"
                                "E09000033,A3,03/01/2024\nE09999999,A4,04/01/2024\n84,A4,04/01/2024\n846,A5\n")
    assert [(r.row_ref, r.field, r.rule) for r in batch.rejects] == [
        ("contacts row 2", "(row)", "columns"), ("contacts row 5", "la_code", "code"),
        ("contacts row 6", "la_code", "code"), ("contacts row 7", "contact_date", "required")]
    # an empty extra value is harmless
    assert [r["child_id"] for r in batch.rows["contact"]] == ["846/A2", "213/A3"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet=st.sampled_from(list("A1/,;\"\n\r\t 0x-")), max_size=120))
def test_any_text_under_a_good_header_reads_or_fails_plainly(tmp_path, body):
    path = tmp_path / "fuzz.csv"
    path.write_text("child_id,visit_date,visit_type,seen\n" + body, encoding="utf-8")
    batch = Batch("fuzz.csv", la_code="846")
    try:
        local_extract.read(path, batch)
    except SourceError as exc:
        assert "fuzz.csv" in str(exc)
    else:
        assert batch.unbalanced() == []
        assert batch.rows_read == batch.rows_loaded + batch.rows_rejected
