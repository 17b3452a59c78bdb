"""Timeliness of recording, from a hand-built visits extract carrying the date each visit was written up.

Team One (T01) holds children A and B from 1 May 2024; C is held by nobody. Working days are
counted after the visit's date up to and including the recorded date (bank holidays excluded):

  A  Mon 03/06/2024 CLA, recorded Mon 03/06  -> 0
  A  Fri 07/06/2024 CP,  recorded Mon 10/06  -> 1
  B  Fri 14/06/2024 CIN, recorded Mon 24/06  -> 6 (17, 18, 19, 20, 21, 24 June): beyond 5
  B  Thu 20/06/2024 CP,  no recorded date
  C  Wed 05/06/2024 CIN, recorded Tue 04/06  -> before the visit: set aside as a field issue
  A  Fri 23/08/2024 CIN, recorded Tue 27/08  -> 1 (Monday 26 August 2024 was a bank holiday)

So Team One, June 2024: 4 visits, 3 with a recorded date, median of 0, 1, 6 = 1, 2 within 5 working
days = 66.7%; Not allocated, June 2024: 1 visit, none recorded; Team One, August 2024: 1 of 1 within.
The contacts extract has no recorded date column: the tab says contacts lack it.
"""
from __future__ import annotations

from carepath.sources.loader import load_file
from carepath.web.pages.data_timeliness import timeliness

EXTRACTS = {
    "teams.csv": "team_code,team_name\nT01,Team One\n",
    "workers.csv": "worker_code,team_code\nW01,T01\n",
    "allocations.csv": "child_id,worker_code,start_date\nA,W01,2024-05-01\nB,W01,2024-05-01\n",
    "visits.csv": ("child_id,visit_date,visit_type,worker_code,Date Recorded\n"
                   "A,03/06/2024,CLA,W01,03/06/2024\nA,07/06/2024,CP,W01,10/06/2024\n"
                   "B,14/06/2024,CIN,W01,24/06/2024\nB,20/06/2024,CP,W01,\nC,05/06/2024,CIN,,04/06/2024\n"
                   "A,23/08/2024,CIN,W01,27/08/2024\n"),
    "contacts.csv": "child_id,contact_date,source\nA,2024-04-02,6\n",
}


def test_timeliness_by_team_and_month_from_a_visits_extract(store, tmp_path):
    for name in ("teams.csv", "workers.csv", "allocations.csv", "visits.csv", "contacts.csv"):
        (tmp_path / name).write_text(EXTRACTS[name], encoding="utf-8")
        result = load_file(store, tmp_path / name, la_code="846")
        assert result.status == "loaded", result.message
    # the recorded date before the visit is set aside with its reason; the visit itself loads
    assert store.execute("SELECT field, rule FROM field_issue").fetchall() == [("Date Recorded", "order")]
    assert store.execute("SELECT count(*) FROM visit").fetchall() == [(6,)]
    rows, lacking = timeliness(store, "846")
    got = {(r["records_of"], r["team"], r["month"]): (r["records"], r["recorded"], r["median_days"], r["within"],
                                                      r["percent"]) for r in rows}
    assert got == {("Statutory visits", "Team One", "2024-06"): (4, 3, 1, 2, 66.7),
                   ("Statutory visits", "Not allocated", "2024-06"): (1, 0, None, 0, None),
                   ("Statutory visits", "Team One", "2024-08"): (1, 1, 1, 1, 100.0)}
    assert lacking == ["Contacts: the store holds none with a recorded date (a local contacts extract can give one "
                       "in a recorded_date column)"]


def test_the_tab_says_which_sources_lack_a_recorded_date(client_as):
    page = client_as("lead").get("/data?tab=timeliness")
    assert page.status_code == 200 and "Timeliness of recording" in page.text
    assert "No recorded date is carried by: Referrals, assessments, child protection plans (CIN census)" in page.text
    assert client_as("ann").get("/data?tab=timeliness").status_code == 403
