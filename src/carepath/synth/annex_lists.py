"""The rows of Annex A lists 3 to 10 (referrals to adoption) at an inspection date."""
from __future__ import annotations

from carepath.synth import annex_codes as code
from carepath.synth.workdays import age_on, birthday
from carepath.synth.write_annex_a import counts_before, day_value

PLACEMENT_RNE = ("S", "P", "B", "T", "U")


def help_rows(annex, out) -> None:
    """Lists 3 (referrals), 4 (assessments), 5 (S47s and ICPCs), 6 (children in need), 7 (CP plans)."""
    d, rng = annex.day, annex.rng
    for child in annex.sim.people.children:
        if not child.episodes or child.dob > d + 300:
            continue
        person = None
        referral_days = [ep.referral for ep in child.episodes]
        s47_days = [s[0] for ep in child.episodes for s in ep.s47s]
        icpc_days = [s[2] for ep in child.episodes for s in ep.s47s if s[2] is not None]
        for ep in child.episodes:
            if ep.referral > d or (ep.closure < annex.since and not ep.nfa) or (ep.nfa and ep.referral <= annex.since):
                continue
            person = person or annex.person(child)
            team = annex.allocated(child, ep.referral + 1)
            if annex.recent(ep.referral):
                out[3].append(person + [day_value(ep.referral), code.SOURCE.get(ep.source), code.YES_NO[ep.nfa],
                                        counts_before(referral_days, d)] + team)
            if ep.nfa:
                continue
            for start, authorised, _, in_need in ep.assessments:
                done = authorised <= d
                if start <= d and (annex.recent(start) or annex.recent(authorised) or not done):
                    out[4].append(person + [annex.disabled(child), day_value(start), code.YES_NO[rng.random() < 0.96],
                                            day_value(authorised) if done else None,
                                            code.YES_NO[in_need] if done else None] + annex.allocated(child, start))
            for start, _, icpc, not_required in ep.s47s:
                held = icpc is not None and icpc <= d
                if start <= d and (annex.recent(start) or (not held and not not_required)):
                    plan = held and any(p.start == icpc for p in ep.cp_plans)
                    out[5].append(person + [annex.disabled(child), day_value(start), code.YES_NO[not_required],
                                            day_value(icpc) if held else None, code.YES_NO[plan] if held else None,
                                            counts_before(s47_days, d), counts_before(icpc_days, d)]
                                  + annex.allocated(child, start))
            status = case_status(ep, d)
            seen = annex.last_visit(child, ("CIN", "CP", "CLA"), seen_only=True)
            out[6].append(person + [annex.disabled(child), day_value(ep.referral), code.NEED.get(ep.need),
                                    day_value(seen[1]) if seen else None,
                                    day_value(ep.closure) if ep.closure <= d else None,
                                    code.CLOSURE.get(ep.reason) if ep.closure <= d else None,
                                    code.CASE_STATUS[status]] + annex.allocated(child, min(d, ep.closure - 1)))
            for plan in ep.cp_plans:
                if plan.start > d or plan.end < annex.since:
                    continue
                visit = annex.last_visit(child, ("CP",))
                reviews = [r for r in plan.reviews if r <= d]
                emergency = any(ls in ("L1", "L2") and annex.recent(day)
                                for p in child.periods for day, ls in p.legal)
                out[7].append(person + [annex.disabled(child), day_value(plan.start), code.CATEGORY[plan.initial],
                                        code.CATEGORY[plan.latest], day_value(visit[1]) if visit else None,
                                        code.YES_NO[visit[4]] if visit else None,
                                        day_value(reviews[-1]) if reviews else None,
                                        day_value(plan.end) if plan.end <= d else None, "Y" if emergency else "N",
                                        plan.previous] + annex.allocated(child, min(d, plan.end - 1)))


def case_status(ep, d: int) -> str:
    if ep.closure <= d:
        return "closed"
    if any(p.start <= d < p.end and not p.short_break for p in ep.periods):
        return "cla"
    if any(p.start <= d < p.end for p in ep.cp_plans):
        return "cpp"
    if any(a[0] <= d < a[1] for a in ep.assessments):
        return "assessment"
    return "cin"


def care_rows(annex, out) -> None:
    """List 8: looked after at the inspection date, or ceased in the six months before."""
    d, rng, sim = annex.day, annex.rng, annex.sim
    for child in sim.people.children:
        periods = [p for p in child.periods if not p.short_break]
        for i, period in enumerate(periods):
            if period.start > d or period.end < annex.since:
                continue
            ended = period.end <= d
            now = min(d, period.end - 1)
            current = [e for e in period.episodes if e[0] <= now][-1]
            legal_since = max(day for day, ls in period.legal if day <= now) if period.legal else period.start
            placements = [e for e in period.episodes if e[1] in PLACEMENT_RNE and e[0] <= now]
            last_year = [e for e in period.episodes if e[1] in PLACEMENT_RNE and e[6] > d - 365 and e[0] <= d]
            again = i > 0 and period.start - periods[i - 1].end <= 365
            reviews = [r for r, _ in period.reviews if r <= d]
            visit = annex.last_visit(child, ("CLA",))
            missing = [m for m in period.missing if d - 365 < m[1] <= d]
            post = current[10]
            inside = sim.people.places.inside(post)
            la_of_placement = sim.p.la_code if inside else (None if post is None else f"5{ord(post[1]) % 100:02d}")
            offered = any(m[0] == "M" for m in missing)
            out[8].append(annex.person(child) + [
                "Y" if child.uasc else "N", annex.disabled(child), day_value(period.start), current[3],
                "Y" if again else "N", day_value(legal_since), code.LEGAL_STATUS.get(current[2]),
                day_value(reviews[-1]) if reviews else None, day_value(visit[1]) if visit else None,
                code.PERMANENCE.get(period.outcome, "g) other"),
                day_value(reviews[-1]) if reviews else None,
                day_value(max(period.start + 20, d - rng.randint(10, 300))) if d - period.start > 28 else None,
                day_value(max(period.start + 30, d - rng.randint(30, 330))) if age_on(child.dob, d) >= 3 and
                d - period.start > 60 else None,
                len(last_year), day_value(period.end) if ended else None,
                code.REASON_CEASED.get(period.reason) if ended else None,
                day_value(placements[-1][0]) if placements else None, code.PLACEMENT.get(current[4]),
                code.PROVIDER.get(current[5]), post, current[11], ("a) In" if inside else "b) Out") if post else None,
                la_of_placement, sum(1 for m in missing if m[0] == "M"), sum(1 for m in missing if m[0] == "A"),
                ("Y" if offered else "N") if missing else None,
                ("Y" if rng.random() < 0.6 else "N") if offered else None] + annex.allocated(child, now))


def leaver_rows(annex, out) -> None:
    """List 9: young people entitled to leaving-care services on the inspection date (to 21)."""
    d = annex.day
    for child in annex.sim.people.children:
        leaver = child.leaver
        if leaver is None or leaver.left > d or birthday(child.dob, 21) <= d:
            continue
        if any(p.start <= d < p.end and not p.short_break for p in child.periods):
            continue
        ages = [a for a in sorted(leaver.statuses) if birthday(child.dob, a) <= d]
        touch, activity, accommodation = leaver.statuses[ages[-1]] if ages else ("YES", None, None)
        contact = annex.last_visit(child, ("CL",))
        allocation = annex.wf.on(child, d)
        adviser = allocation.worker.name if allocation and allocation.team.service == "Care Leavers" else None
        eligibility = "relevant" if age_on(child.dob, d) < 18 else "former"
        known = accommodation not in (None, "0")
        out[9].append(annex.person(child) + [
            "Y" if child.uasc else "N", annex.disabled(child)] + annex.allocated(child) + [
            adviser, code.ELIGIBILITY[eligibility], day_value(d - annex.rng.randint(5, 170)),
            code.IN_TOUCH.get(touch), day_value(contact[1]) if contact else None,
            code.ACCOMMODATION.get(accommodation[0]) if known else None,
            ("a) Suitable" if accommodation[1] == "1" else "b) Unsuitable") if known else None,
            code.ACTIVITY.get(activity) if activity not in (None, "0") else None])


def adoption_rows(annex, out) -> None:
    """List 10: decisions, placements and orders for adoption in the twelve months before."""
    d = annex.day
    for child in annex.sim.people.children:
        for period in child.periods:
            a = period.adoption
            if not a or a["decision"] > d:
                continue
            adopted = period.reason in ("E11", "E12") and period.end <= d
            events = [a["decision"], a["placement_order"], a["placed"], a["reversed"], period.end if adopted else None]
            if not any(e is not None and d - 365 < e <= d for e in events):
                continue
            when = lambda x: day_value(x) if x is not None and x <= d else None  # noqa: E731
            ffa = next((e[0] for e in period.episodes if e[4] in ("U2", "U5")), None)
            reversed_ = a["reversed"] if a["reversed"] is not None and a["reversed"] <= d else None
            person = annex.person(child)
            out[10].append([person[0], f"F{child.n:07d}"] + person[1:] + [
                annex.disabled(child), day_value(period.start), when(a["decision"]), when(a["placement_order"]),
                when(a["match"]), when(a["placed"]) if a["foster_care"] or a["placed"] else None,
                when(period.end) if adopted else None, when(reversed_),
                code.NO_LONGER_PLACED.get(a["reason"]) if reversed_ else None, when(ffa)])
