"""Reading SSDA903 CSVs column by column gives what reading them row by row gives, row for row.

The column-wise reader (sources/ssda903_columns.py) stages the rows that pass every check in
blocks and hands every other row to the row reader at its place in the file. These tests read
the same damaged files both ways (row by row by taking the column-wise builders away) and compare
everything a load keeps: counts, every reject (row, field, rule, reason, raw), every field issue,
the staged rows in order with their return years, the implied children, the notes, the year
warnings (dates after the return year's end), the file's LA and return year. The files mix good
rows with bad cells in every column, duplicates, blank rows, rows of the wrong width, LAs given
as a number, an ONS code, a name or a wrong one, YEARs that are and are not return years, and
quoted cells (which send the file through Python's csv parser instead of Arrow's).
"""
from __future__ import annotations


import pytest

from carepath.sources import ssda903_columns, ssda903_csv
from carepath.sources.batch import Batch
from tests.sources.damaging import damaged_csv, outcome

GOOD = {
    "Header": ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,LA,YEAR",
               ["C{n},1,0{d}/05/2010,WBRI,A12345678901{d},,,846,2024-25", "C{n},F,2012-01-0{d},MWBC,UN2,1,0{d}/02/2024,,",
                "C{n},2,0{d}/05/2008,ABAN,UN9,0,,846,2023-24"]),
    "Episodes": ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR",
                 ["C{n},0{d}/04/2024,P,C2,N1,H5,PR4,1{d}/05/2024,E5,,GU5 0UU,TN22 9AQ,SC601036,846,2024-25",
                  "C{n},0{d}/06/2023,S,J2,N2,U1,PR1,,,CARPL,,,,846,",
                  "C{n},0{d}/06/2023,L,C1,N4,K2,PR2,0{d}/05/2025,E11,,,,,,2024-25"]),
    "Reviews": ("CHILD,DOB,REVIEW,REVIEW_CODE,LA,YEAR",
                ["C{n},0{d}/05/2010,1{d}/04/2024,PN7,846,2024-25", "C{n},,0{d}/09/2023,PN1,,2023-24"]),
    "OC2": ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
            "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED,LA,YEAR",
            ["C{n},0{d}/05/2010,1{d},,0,1,1,1,1,0,,,846,2024-25", "C{n},,,SDQ4,0,,0,1,1,0,,,846,"]),
    "OC3": ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,LA,YEAR",
            ["C{n},0{d}/05/2004,YES,G4,C2,846,2024-25", "C{n},,NO,F2,0,846,2023-24", "C{n},,DIED,,,,2024-25"]),
    "PrevPerm": ("CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM,LA,YEAR",
                 ["C{n},0{d}/05/2010,Z1,,,846,2024-25", "C{n},,P1,8{d}0,ZZ/06/2019,846,2024-25",
                  "C{n},,A2,NIR,0{d}/03/2018,,"]),
    "Missing": ("CHILD,DOB,MISSING,MIS_START,MIS_END,LA,YEAR",
                ["C{n},0{d}/05/2010,M,0{d}/05/2024,1{d}/05/2024,846,2024-25", "C{n},,A,0{d}/06/2023,,846,2023-24"]),
    "SWEpisodes": ("CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON,LA,YEAR",
                   ["C{n},0{d}/05/2010,SW{d},0{d}/04/2020,1{d}/04/2024,TSPROC,846,2024-25",
                    "C{n},,SW1,0{d}/06/2023,,,846,2023-24"]),
    "UASC": ("CHILD,SEX,DOB,DUC,LA,YEAR", ["C{n},1,0{d}/05/2008,0{d}/05/2026,846,2024-25", "C{n},,,,846,2024-25"]),
    "AD1": ("CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR,LA,YEAR",
            ["C{n},0{d}/06/2018,2{d}/06/2022,10/11/2023,0,1,F1,L0,846,2024-25", "C{n},,0{d}/01/2024,,,,,,846,"]),
    "PlacedAdoption": ("CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED,LA,YEAR",
                       ["C{n},0{d}/06/2013,2{d}/05/2023,2{d}/05/2024,RD3,846,2024-25", "C{n},,0{d}/01/2024,,,846,"]),
    "DoLo": ("CHILD,DOB,DOLO_START,DOLO_END,LA,YEAR",
             ["C{n},0{d}/06/2010,0{d}/05/2024,1{d}/05/2024,846,2024-25", "C{n},,0{d}/06/2024,,846,2024-25"]),
}
NONSENSE = ["", "  ", "zz", "31/02/2024", "01/01/1850", "2024-13-01", "X", "1", "0", "99", "01/01/2024",
            "E10000016", "Kent", "847", "2024-26", "2025", "M", "UN1", "01/04/2026", "\u00a0846", "Zo\u00eb", "\x1c01/03/2024", " \t"]


def damaged_file(table: str, seed: int, quoted: bool) -> str:
    header, rows = GOOD[table]
    return damaged_csv(header, rows, NONSENSE, seed, quoted, cuts=(0.4, 0.44, 0.48, 0.5, 0.53), narrower_by=3)


def read_both(path, la_code, year, monkeypatch):
    found = []
    for columnwise in (True, False):
        with monkeypatch.context() as patch:
            if not columnwise:
                patch.setattr(ssda903_columns, "BUILDERS", {})
            batch = Batch(path.name, la_code=la_code, return_year=year)
            try:
                ssda903_csv.read(path, batch)
            except Exception as exc:  # a file-level error (an LA that is not --la's): the same one both ways
                found.append(("error", type(exc).__name__, str(exc)))
                continue
            batch.finish()
            assert batch.unbalanced() == []
            found.append(outcome(batch, year=batch.return_year, warnings=batch.warnings))
    return found


@pytest.mark.parametrize("table", sorted(GOOD))
@pytest.mark.parametrize("seed", range(6))
def test_column_wise_read_is_the_row_by_row_read(table, seed, tmp_path, monkeypatch):
    path = tmp_path / f"{table.lower()}.csv"
    path.write_text(damaged_file(table, seed, quoted=seed % 2 == 1))
    columns, rows = read_both(path, "846" if seed % 3 == 0 else None, "2024-25" if seed % 3 == 1 else None,
                              monkeypatch)
    assert columns == rows


def test_the_column_wise_reader_is_used_and_warns_of_late_dates(tmp_path):
    """Worked by hand: the second episode starts 01/05/2025, after 31/03/2025 (the end of 2024-25)."""
    path = tmp_path / "episodes.csv"
    path.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,YEAR\n"
                    "C1,01/04/2024,P,C2,N1,U1,PR1,,,,2024-25\nC2,01/05/2025,P,C2,N1,U1,PR1,,,,2024-25\n")
    batch = Batch(path.name, la_code="846")
    ssda903_csv.read(path, batch)
    batch.finish()
    assert [type(part).__name__ for part in batch.rows["cla_episode"].parts] == ["Block"]
    assert [r["episode_id"] for r in batch.rows["cla_episode"]] == ["846/C1/2024-04-01", "846/C2/2025-05-01"]
    assert len(batch.warnings) == 1 and "first: Episodes row 3, start_date 01/05/2025" in batch.warnings[0][1]
