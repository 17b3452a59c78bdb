"""Writing an Ofsted Annex A workbook (lists 1 to 10) as the authority would hand it over at inspection.

Each list covers what Ofsted asks for before the inspection date (six months; twelve for list 10),
with the sheet names and headers of the field's template and coded values such as ``a) Male``.
The workbook is written by :mod:`carepath.synth.xlsx` (fast, and the same bytes every time).
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date
from pathlib import Path

from carepath.synth import annex_codes as code
from carepath.synth.records import Child
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import add_months, age_on
from carepath.synth.xlsx import write_workbook

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
ALLOCATED = ["Allocated Team", "Allocated Worker"]
DISABILITY = "Does the Child have a Disability"
HEADERS = {
    1: COMMON + ["Date of Contact", "Contact Source"],
    2: COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    3: COMMON + ["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
    + ALLOCATED,
    4: COMMON + [DISABILITY, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                 "Continuous Assessment Date of Authorisation",
                 "Was the child assessed as requiring LA children’s social care support"] + ALLOCATED,
    5: COMMON + [DISABILITY, "Strategy discussion initiating Section 47 Enquiry Start Date",
                 "Was an Initial Child Protection Conference deemed unnecessary?",
                 "Date of Initial Child Protection Conference",
                 "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                 "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months"]
    + ALLOCATED,
    6: COMMON + [DISABILITY, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
                 "Reason for Closure", "Case status"] + ALLOCATED,
    7: COMMON + [DISABILITY, "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                 "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference",
                 "Child Protection Plan End Date",
                 "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                 "Number of Previous Child Protection Plans"] + ALLOCATED,
    8: COMMON + ["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", DISABILITY,
                 "Date Started to be Looked After", "Child's Category of Need",
                 "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                 "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
                 "Date of Last Social Work Visit", "What is the permanence plan for this child?",
                 "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
                 "Date of Last Dental Check", "Number of Placements in the Last 12 months",
                 "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
                 "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
                 "URN of Placement", "Placement Location", "LA of Placement",
                 "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
                 "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
                 "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                 "Did the child accept a Return Interview after their last missing episode (Y/N)?"] + ALLOCATED,
    9: COMMON + ["UASC or former UASC (Y/N)", DISABILITY] + ALLOCATED + [
        "Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date", "LA In Touch",
        "Latest Date of Contact", "Type of Accommodation", "Suitability of Accommodation", "Activity Status"],
    10: ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
         DISABILITY, "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
         "Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
         "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",
         "Reason Why Child No Longer Placed for Adoption",
         "Date the child was placed for fostering in FFA or concurrent planning placement"],
}


def day_value(day: int | None):
    return None if day is None else date.fromordinal(day)


class AnnexA:
    def __init__(self, sim, workforce, community, visits, day: int):
        self.sim, self.wf, self.community, self.day = sim, workforce, community, day
        self.since = add_months(day, -6)
        self.rng = FastRandom(sim.p.seed ^ day)
        self.visits: dict[int, list[tuple]] = {}
        for v in visits:
            self.visits.setdefault(v[0].n, []).append(v)

    def person(self, child: Child) -> list:
        born = child.dob <= self.day
        return [child.id, code.GENDER[child.sex if born else "U"], code.ETHNICITY.get(child.ethnicity),
                day_value(child.dob) if born else None, age_on(child.dob, self.day) if born else None]

    def allocated(self, child: Child, day: int | None = None) -> list:
        allocation = self.wf.on(child, min(day or self.day, self.day))
        return [allocation.team.name, allocation.worker.name] if allocation else [None, None]

    def disabled(self, child: Child) -> str:
        return code.YES_NO[bool(child.disabilities)]

    def last_visit(self, child: Child, kinds: tuple[str, ...], seen_only: bool = False):
        found = None
        for v in self.visits.get(child.n, ()):
            if v[1] > self.day:
                break
            if v[2] in kinds and (v[3] or not seen_only):
                found = v
        return found

    def recent(self, day: int | None) -> bool:
        return day is not None and self.since < day <= self.day

    def lists(self) -> dict[int, list[list]]:
        from carepath.synth.annex_lists import care_rows, leaver_rows, adoption_rows, help_rows
        out = {n: [] for n in HEADERS}
        d = self.day
        for child, day, source, _, _ in self.community.contacts:
            if self.recent(day):
                out[1].append(self.person(child) + [day_value(day), code.SOURCE.get(source)])
        for child, start, end, a_start, a_done, organisation in self.community.early_help:
            # open at the workbook's date, and its assessment (if any) started by then: Annex A lists
            # only what has happened as at the date it was made
            if self.recent(a_start) or (start <= d and (end is None or end >= d) and (a_start is None or a_start <= d)):
                out[2].append(self.person(child) + [day_value(a_start), day_value(a_done if a_done and a_done <= d
                                                                                     else None), organisation])
        help_rows(self, out)
        care_rows(self, out)
        leaver_rows(self, out)
        adoption_rows(self, out)
        return out


def write_annex_a(annex: AnnexA, path: Path) -> dict[int, int]:
    lists = annex.lists()
    write_workbook(path, {f"List_{number}": [header] + lists[number] for number, header in HEADERS.items()})
    return {n: len(rows) for n, rows in lists.items()}


def counts_before(days: list[int], day: int, back: int = 365) -> int:
    days = sorted(days)
    return bisect_right(days, day) - bisect_right(days, day - back)
