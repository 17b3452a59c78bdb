"""Writing one CIN census return (XML) for one year, as an authority sends it to DfE.

Scope, as DfE defines it: every child referred in the year (NFA referrals included) or with an
episode of need open at any point in it. Within an episode, only what the census year allows:
assessments authorised in the year, or not yet authorised; S47 enquiries whose ICPC was in the
year, or not yet held, or not required and started in the year; CIN and CP plans open at any
point in the year (an end date only when it fell in the year); CP reviews in the year. Closure
dates after 31 March are not yet known and are left out. Sex is ``<GenderCurrent>`` (1, 2, 0
unborn) to 2023-24 and ``<Sex>`` (M, F, U) from 2024-25. The file is written as a string,
child by child.
"""
from __future__ import annotations

from pathlib import Path

from carepath import __version__
from carepath.synth.records import Child, Episode
from carepath.synth.workdays import iso, ordinal, year_end, year_start

_GENDER = {"M": "1", "F": "2"}


def upn_fields(child: Child, start_year: int) -> tuple[str | None, str | None]:
    """(UPN, UPN unknown reason) in a year: school-age children have one, UASC and infants do not."""
    if child.uasc:
        return None, "UN2"
    if child.dob + 4 * 365 + 1 > ordinal(start_year - 1, 8, 31):
        return None, "UN1"
    return child.upn, None


def child_xml(child: Child, episodes: list[Episode], start_year: int) -> str:
    s, e = year_start(start_year), year_end(start_year)
    out = ["<Child><ChildIdentifiers>", f"<LAchildID>{child.id}</LAchildID>"]
    upn, unknown = upn_fields(child, start_year)
    out.append(f"<UPN>{upn}</UPN>" if upn else f"<UPNunknown>{unknown}</UPNunknown>")
    born = child.dob <= e
    out.append(f"<PersonBirthDate>{iso(child.dob)}</PersonBirthDate>" if born
               else f"<ExpectedPersonBirthDate>{iso(child.dob)}</ExpectedPersonBirthDate>")
    if start_year >= 2024:
        out.append(f"<Sex>{child.sex if born else 'U'}</Sex>")
    else:
        out.append(f"<GenderCurrent>{_GENDER[child.sex] if born else '0'}</GenderCurrent>")
    out.append("</ChildIdentifiers><ChildCharacteristics>")
    out.append(f"<Ethnicity>{child.ethnicity if born else 'NOBT'}</Ethnicity><Disabilities>")
    out.extend(f"<Disability>{code}</Disability>" for code in (child.disabilities or ("NONE",)))
    out.append("</Disabilities></ChildCharacteristics>")
    for episode in episodes:
        out.append(episode_xml(episode, s, e, start_year))
    out.append("</Child>")
    return "".join(out)


def episode_xml(episode: Episode, s: int, e: int, start_year: int) -> str:
    out = ["<CINdetails>", f"<CINreferralDate>{iso(episode.referral)}</CINreferralDate>",
           f"<ReferralSource>{episode.source}</ReferralSource>"]
    if episode.need:
        out.append(f"<PrimaryNeedCode>{episode.need}</PrimaryNeedCode>")
    if episode.closure <= e:
        out.append(f"<CINclosureDate>{iso(episode.closure)}</CINclosureDate>"
                   f"<ReasonForClosure>{episode.reason}</ReasonForClosure>")
    for start, authorised, factors, _ in episode.assessments:
        if start > e or (authorised <= e and authorised < s) or (authorised > e and start < s):
            continue
        out.append(f"<Assessments><AssessmentActualStartDate>{iso(start)}</AssessmentActualStartDate>")
        if authorised <= e:
            out.append(f"<AssessmentAuthorisationDate>{iso(authorised)}</AssessmentAuthorisationDate>"
                       "<FactorsIdentifiedAtAssessment>")
            out.extend(f"<AssessmentFactors>{code}</AssessmentFactors>" for code in factors)
            out.append("</FactorsIdentifiedAtAssessment>")
        out.append("</Assessments>")
    if start_year >= 2021:
        for start, end in episode.cin_plans:
            if start > e or end < s:
                continue
            out.append(f"<CINPlanDates><CINPlanStartDate>{iso(start)}</CINPlanStartDate>")
            if end <= e:
                out.append(f"<CINPlanEndDate>{iso(end)}</CINPlanEndDate>")
            out.append("</CINPlanDates>")
    for start, target, icpc, not_required in episode.s47s:
        held = icpc is not None and icpc <= e
        if start > e or (held and icpc < s) or (not held and start < s):
            continue
        out.append(f"<Section47><S47ActualStartDate>{iso(start)}</S47ActualStartDate>"
                   f"<InitialCPCtarget>{iso(target)}</InitialCPCtarget>")
        if held:
            out.append(f"<DateOfInitialCPC>{iso(icpc)}</DateOfInitialCPC>")
        out.append(f"<ICPCnotRequired>{'true' if not_required else 'false'}</ICPCnotRequired></Section47>")
    out.append(f"<ReferralNFA>{'true' if episode.nfa else 'false'}</ReferralNFA>")
    for plan in episode.cp_plans:
        if plan.start > e or plan.end < s:
            continue
        out.append(f"<ChildProtectionPlans><CPPstartDate>{iso(plan.start)}</CPPstartDate>")
        if plan.end <= e:
            out.append(f"<CPPendDate>{iso(plan.end)}</CPPendDate>")
        out.append(f"<InitialCategoryOfAbuse>{plan.initial}</InitialCategoryOfAbuse>"
                   f"<LatestCategoryOfAbuse>{plan.latest}</LatestCategoryOfAbuse>"
                   f"<NumberOfPreviousCPP>{plan.previous}</NumberOfPreviousCPP>")
        reviews = [r for r in plan.reviews if s <= r <= e and r <= plan.end]
        if reviews:
            out.append("<Reviews>")
            out.extend(f"<CPPreviewDate>{iso(r)}</CPPreviewDate>" for r in reviews)
            out.append("</Reviews>")
        out.append("</ChildProtectionPlans>")
    out.append("</CINdetails>")
    return "".join(out)


def in_census(child: Child, start_year: int) -> list[Episode]:
    s, e = year_start(start_year), year_end(start_year)
    return [ep for ep in child.episodes if ep.referral <= e and ep.closure >= s]


def write_cin(children: list[Child], la_code: str, start_year: int, path: Path) -> int:
    """Write the census for the year starting 1 April ``start_year``; returns the number of children."""
    end_year = start_year + 1
    header = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails>'
              f"<Collection>CIN</Collection><Year>{end_year}</Year><ReferenceDate>{end_year}-03-31</ReferenceDate>"
              f"</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>{la_code}</LEA>"
              f"<SoftwareCode>carepath synth</SoftwareCode><Release>{__version__}</Release>"
              f"<SerialNo>001</SerialNo><DateTime>{end_year}-05-15T09:00:00</DateTime></Source></Header>"
              "<Children>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header)
        batch: list[str] = []
        for child in children:
            episodes = in_census(child, start_year)
            if not episodes:
                continue
            batch.append(child_xml(child, episodes, start_year))
            written += 1
            if len(batch) >= 2000:
                handle.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            handle.write("\n".join(batch) + "\n")
        handle.write("</Children></Message>\n")
    return written
