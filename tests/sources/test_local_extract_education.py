"""The local extracts the key practices and the outcome tracker read: education and care records.

Hand-written fixtures (tests/fixtures/local/education.csv, care_records.csv): each bad row is
rejected with the file's own heading and the rule, and rows read = loaded + rejected.
"""
from __future__ import annotations

from datetime import date as d
from pathlib import Path

from carepath.sources import local_extract
from carepath.sources.loader import load_file

LOCAL = Path(__file__).resolve().parents[1] / "fixtures" / "local"


def _load(con, name):
    result = load_file(con, LOCAL / name, la_code="846")
    assert result.status == "loaded", result.message
    return result


def _rejects(con, batch_id):
    return con.execute(f"SELECT row_ref, field, rule FROM reject WHERE batch_id = {batch_id} "
                       "ORDER BY reject_no").fetchall()


def test_the_education_and_care_record_kinds_are_known_from_their_headers():
    for header, kind in (("child_id,academic_year,attendance_percent", "education"),
                         ("CHILD,School Year,Attendance,Suspensions", "education"),
                         ("child_id,record,record_date", "care records")):
        found, _ = local_extract.choose_kind("x.csv", header.split(","))
        assert found.name == kind


def test_education(store):
    result = _load(store, "education.csv")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 3, 3)
    assert store.execute("SELECT education_id, academic_year, attendance_percent, suspensions, permanent_exclusion, "
                         "key_stage, ks2_expected, attainment8 FROM education ORDER BY 1").fetchall() == [
        ("846/A1/2023-24", "2023-24", 96.5, 0, False, 2, True, None),
        ("846/A1/2024-25", "2024-25", 88.25, 2, False, None, None, None),
        ("846/C3/2024-25", "2024-25", 71.0, 5, True, 4, None, 38.5)]
    # D4: attendance over 100; E5: a year written 2024-2025; F6: key stage 3 has no result
    assert _rejects(store, result.batch_id) == [
        ("education row 5", "Attendance", "range"), ("education row 6", "School Year", "format"),
        ("education row 7", "Key Stage", "range")]


def test_care_records(store):
    result = _load(store, "care_records.csv")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (7, 5, 2)
    assert store.execute("SELECT care_record_id, kind, record_date FROM care_record ORDER BY 1").fetchall() == [
        ("846/A1/DENTAL_CHECK/2024-06-03", "DENTAL_CHECK", d(2024, 6, 3)),
        ("846/A1/HEALTH_ASSESSMENT/2024-05-02", "HEALTH_ASSESSMENT", d(2024, 5, 2)),
        ("846/C3/PATHWAY_PLAN/2024-09-10", "PATHWAY_PLAN", d(2024, 9, 10)),
        ("846/C3/RETURN_INTERVIEW_OFFERED/2024-07-01", "RETURN_INTERVIEW_OFFERED", d(2024, 7, 1)),
        ("846/C3/RETURN_INTERVIEW_OFFERED/2024-08-01", "RETURN_INTERVIEW_OFFERED", d(2024, 8, 1))]
    assert _rejects(store, result.batch_id) == [("care records row 7", "record", "code"),
                                                 ("care records row 8", "record_date", "required")]
