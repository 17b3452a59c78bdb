/*
id: cin_other_at_end
title: Children in need other than those on a CP plan or looked after, at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  CIN episodes open at the end of the period (as cin_at_end) for a child who, on the period's last
  day, was neither on a child protection plan nor looked after (DfE's "CINO"). Counted per
  episode, as cin_at_end; per 10,000 children aged 0 to 17.
sources:
  - Improvement board core indicator 9, children in need other than children on a CP plan and looked after (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE national framework CINO group (CIN excluding CPP and CLA)
boundaries:
  - "Open at the end of the period: as cin_at_end, referral date on or before the last day and no closure date or a closure date on or after it."
  - "On a CP plan at the end: a plan of the child started on or before the last day with no end date or an end date on or after it (open on the last day, the catalogue's convention)."
  - "Looked after at the end: as DfE counts CLA at 31 March, an episode started on or before the last day with no end date or an end date after it (a child ceasing on the last day is not looked after at the end), legal status not V3/V4; a child on short breaks only (V3/V4) stays in this group."
  - "CP plans and looked-after episodes must be loaded too, or children on plans and in care would be counted here."
  - "Attributed to the practitioner holding the case on the period's last day."
requires: [referral, cp_plan, cla_episode]
published:
  none: "The national framework's CINO group (children in need other than on a plan or looked after) is published only as the group whose school outcomes are reported, not as a count or rate by authority."
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM referral r
JOIN periods p ON open_on(r.referral_date, r.closure_date, p.period_end)
WHERE NOT EXISTS (SELECT 1 FROM cp_plan cp
                  WHERE cp.child_id = r.child_id AND open_on(cp.start_date, cp.end_date, p.period_end))
  AND NOT EXISTS (SELECT 1 FROM cla_at_period_end e WHERE e.period_id = p.period_id AND e.child_id = r.child_id)
