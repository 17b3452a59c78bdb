"""The DfE rules a synthetic authority's returns still break, each with the reason it cannot honestly pass.

The generator writes returns that pass every DfE rule that applies to them (checked by
``tests/synth/test_synth_validation.py`` with the field's own validators); these are the
exceptions. Each is a limit of what the generator writes or of what the validators can see
(two years of a return), a conflict between two DfE rules, or a query that real returns also
raise. ``carepath validate`` says so beside its summary when it checks a synthetic authority's
returns, so nobody takes them for broken data. (Postcodes are real ones of the area each
authority stands in for, so the rules that derive a placement's area and distance from them,
169, 179, 392a and 392c, pass.)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownIssue:
    kind: str                 # "903" (SSDA903) or "cin" (CIN census)
    rules: tuple[str, ...]
    reason: str
    until: str | None = None  # the last return year it concerns; None: every year


KNOWN_ISSUES = (
    KnownIssue("903", ("1002",),
               "care leavers (OC3) who left care before the previous year's return: the rule sees only this "
               "year's and the previous year's episodes, as its own note warns"),
    KnownIssue("903", ("1001",),
               "care leavers (OC3) whose care the rule cannot see: it sees only two years' episodes, as its "
               "note warns, and it loses more when it puts the two years' tables together, because it drops "
               "short breaks (V3, V4) by row number, which both tables use, so one child's short break in one "
               "year removes another child's episode on the same row of the other"),
    KnownIssue("903", ("624",),
               "a mother who left care the year before and is now a care leaver: rules 165 and 612 want her "
               "MOTHER and MC_DOB blank, and rule 624 then sees her child's date of birth go missing"),
    KnownIssue("903", ("503F",),
               "a supported accommodation (H5) placement open on 28 October 2023: rule 222 forbade its URN in "
               "2022-23 and rule 230 requires it in 2023-24, so the URN differs from the previous year's",
               until="2023-24"),
    KnownIssue("903", ("SW10STG2", "SW11aSTG2", "SW12STG2"),
               "social worker episodes of a child who left care and came back in the year: the generator "
               "writes social worker episodes only while a child is looked after, leaving a gap the rules "
               "query, and rule SW12STG2 compares each return to care with every earlier worker"),
    KnownIssue("903", ("SW11bSTG2",),
               "a change of social worker in the last five days of March: the rule flags the episode that "
               "ended then whenever the child had an earlier one, even though a new episode follows"),
    KnownIssue("903", ("132",),
               "the validators have no rule pack before 2022-23; the 2022-23 pack rejects the activity codes "
               "(F3, P3) a care leaver's return used until 2021-22", until="2021-22"),
    KnownIssue("cin", ("8670Q", "8675Q"),
               "queries, not errors: assessments and section 47 enquiries still open at 31 March past their "
               "timescales, as in real returns (they are part of the timeliness rates in truth.json)"),
    KnownIssue("cin", ("2991Q",),
               "a query: a section 47 enquiry in the census year on an episode whose assessment was "
               "authorised the year before (the census holds only assessments authorised in its year)"),
)


def known_issue(kind: str, year: str | None, rule: str) -> KnownIssue | None:
    """The known issue explaining ``rule`` on a synthetic ``kind`` return of ``year``, if there is one."""
    for issue in KNOWN_ISSUES:
        if issue.kind == kind and rule in issue.rules and (
                issue.until is None or year is None or year <= issue.until):
            return issue
    return None
