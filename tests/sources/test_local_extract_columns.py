"""Reading local extracts column by column gives what reading them row by row gives, row for row.

The column-wise reader (sources/local_extract_read.py) stages the rows that pass every check in
blocks and hands every other row to the row-by-row reader at its place in the file. These tests
read the same damaged files both ways (the row-by-row way by turning the column-wise reader off)
and compare everything a load keeps: the counts, every reject (row, field, rule, reason, raw),
every field issue, the staged rows as Arrow tables in order, the implied children in order, the
notes and the authority. The files mix good rows with bad cells in every column, duplicates,
blank rows, rows of the wrong width, LAs given as a number, an ONS code, a name and a wrong one,
and quoted cells (which send the file through Python's csv parser instead of Arrow's).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from carepath.sources import local_extract, local_extract_read
from carepath.sources.batch import Batch
from tests.sources.damaging import damaged_csv, outcome

GOOD = {
    "visits": ("la_code,child_id,visit_date,visit_type,seen,seen_alone,worker_code",
               ["846,A{n},0{d}/03/2024,CP,Y,N,W1", "846,A{n},2024-03-1{d},cin,yes,,", "846,A{n},0{d}/04/2024,CL,0,1,W2"]),
    "supervision": ("la_code,child_id,supervision_date,worker_code",
                    ["846,A{n},0{d}/03/2024,W1", "846,A{n},1{d}/05/2023,"]),
    "contacts": ("la_code,child_id,contact_date,source,outcome,open_to_csc",
                 ["846,A{n},0{d}/03/2024,6,Referral,N", "846,A{n},0{d}/06/2024,,NFA,Y", "846,A{n},1{d}/06/2024,3d,,"]),
    "allocations": ("la_code,child_id,worker_code,team_code,start_date,end_date",
                    ["846,A{n},W{d},T1,01/03/2024,0{d}/04/2024", "846,A{n},W1,,0{d}/01/2023,"]),
    "children": ("la_code,child_id,forename,surname,dob,sex,ethnicity,upn,postcode,disabilities,expected_dob",
                 ["846,A{n},Ann,Lee,0{d}/02/2015,F,WBRI,X1,me1  4aa,AUT;LD,",
                  "846,A{n},,,,male,,,,,0{d}/05/2025", "846,A{n},Bo,Ng,1{d}/02/2010,U,ABAN,,,NONE,"]),
    "early help": ("la_code,child_id,eh_start_date,eh_end_date,assessment_start_date,assessment_completed_date,"
                   "organisation", ["846,A{n},0{d}/01/2024,0{d}/02/2024,02/01/2024,,School",
                                    "846,A{n},1{d}/01/2023,,,,"]),
    "care records": ("la_code,child_id,record,record_date",
                     ["846,A{n},Health assessment,0{d}/02/2024", "846,A{n},RHI,1{d}/03/2024",
                      "846,A{n}, dental ,0{d}/05/2023"]),
    "EHE": ("la_code,child_id,ehe_start_date,ehe_end_date,reason",
            ["846,A{n},0{d}/09/2023,1{d}/12/2023,Parental choice", "846,A{n},2023-09-0{d},,"]),
    "SEND requests": ("la_code,child_id,request_date,decision_date,decision,assessment_completed_date,ehcp_issued_date",
                      ["846,A{n},0{d}/09/2024,0{d}/10/2024,Assess,0{d}/12/2024,0{d}/01/2025",
                       "846,A{n},1{d}/09/2024,,refuse,,", "846,A{n},0{d}/03/2024,,,,"]),
    "case audits": ("la_code,child_id,audit_date,grade,auditor",
                    ["846,A{n},0{d}/03/2024,Good,J Smith", "846,A{n},1{d}/03/2024,requires improvement,",
                     "846,A{n},0{d}/06/2024,INADEQUATE,K Lee"]),
    "education": ("la_code,child_id,academic_year,attendance_percent,suspensions,permanent_exclusion,key_stage,"
                  "ks2_expected,attainment8", ["846,A{n},2023-24,9{d}.5,{d},N,2,Y,", "846,A{n},2022-23,8{d},,,4,,4{d}.5",
                                               "846,A{n},2021-22,100,1{d},yes,,,"]),
    "workforce": ("la_code,unit,snapshot_date,establishment_fte,in_post_fte,agency_fte,vacancies_fte,leavers_fte,"
                  "sickness_days,cases", ["846,T{n},3{d}/03/2024,10,9.5,1,0.5,2,1{d},8{d}", "846,la,31/03/202{d},,,,,,,",
                                          "846,LA ,0{d}/09/2023,12{d},1100.5,,,,,1{d}"]),
    "workers": ("la_code,worker_code,team_code,worker_name,role,agency,fte,start_date,end_date",
                ["846,W{n},T{d},Ann Lee,SW,N,1,0{d}/01/2020,", "846,W{n},T1,,,yes,0.{d},,1{d}/06/2024",
                 "846,W{n},T2,Bo Ng,Manager,,,2019-0{d}-01,2024-0{d}-28"]),
}
NONSENSE = ["", "  ", "zz", "31/02/2024", "01/01/1850", "2024-13-01", "X", "maybe", "99", "01/01/2024", "E10000016",
            "Kent", "847", "846 ", " 846", "\u00a0846", "Zo\u00eb", "\x1c01/03/2024", " \t",
            "3", "101", "-1", "4.5", "1e3", "La", "2023-25", "nan"]


def damaged_file(kind: str, seed: int, quoted: bool) -> str:
    header, rows = GOOD[kind]
    return damaged_csv(header, rows, NONSENSE, seed, quoted, cuts=(0.35, 0.4, 0.45, 0.48, 0.5), narrower_by=2)


def read_both(path: Path, la_code: str | None, monkeypatch) -> tuple[dict, dict]:
    found = []
    for columnwise in (True, False):
        with monkeypatch.context() as patch:
            if not columnwise:
                patch.setattr(local_extract_read, "wanted", lambda name, header: False)
            batch = Batch(path.name, la_code=la_code)
            local_extract.read(path, batch)
            batch.finish()
            assert batch.unbalanced() == []
            found.append(outcome(batch, description=batch.format_description))
    return found[0], found[1]


@pytest.mark.parametrize("kind", sorted(GOOD))
@pytest.mark.parametrize("seed", range(6))
def test_column_wise_read_is_the_row_by_row_read(kind, seed, tmp_path, monkeypatch):
    path = tmp_path / f"{kind.replace(' ', '_')}.csv"
    path.write_text(damaged_file(kind, seed, quoted=seed % 2 == 1))
    columns, rows = read_both(path, "846" if seed % 3 else None, monkeypatch)
    assert columns == rows
    assert columns["counts"] and sum(r for _, _, r in columns["counts"].values()) > 0  # the file had bad rows


def test_the_column_wise_reader_is_used(tmp_path, monkeypatch):
    """A plain file of a kind it builds goes through it, and its rows are staged as a block."""
    path = tmp_path / "visits.csv"
    path.write_text("child_id,visit_date,visit_type\nA1,01/03/2024,CP\nA2,02/03/2024,CP\n")
    batch = Batch(path.name, la_code="846")
    local_extract.read(path, batch)
    assert [type(part).__name__ for part in batch.rows["visit"].parts] == ["Block"]
    # worked by hand: the ids are child/date/type, the LA from --la
    assert [r["visit_id"] for r in batch.rows["visit"]] == ["846/A1/2024-03-01/CP", "846/A2/2024-03-02/CP"]
