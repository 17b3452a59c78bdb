/*
id: cin_plans_at_end
title: Children on a child in need plan at the end of the period (not CP, not looked after)
unit: count
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Children on a child in need plan on the period's last day who were neither on a child
  protection plan nor looked after that day. Counted per child: a child with two open CIN plans
  counts once (the later-started plan is the record).
sources:
  - Improvement board core indicator 10, plans for children in need other than those on a CP plan or looked after (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN census CINPlanDates (from 2021-22)
boundaries:
  - "On a CIN plan at the end: CINPlanStartDate on or before the last day and no CINPlanEndDate or one on or after it (a plan ending on the last day is open on it)."
  - "The plan's dates decide, whatever the state of its CIN episode."
  - "Not on a CP plan (open on the last day, as cin_other_at_end) and not looked after (DfE: episode with no end or an end after the last day, legal status not V3/V4)."
  - "One per child."
  - "CIN plans are in the census from 2021-22 only: earlier periods have none."
requires: [cin_plan, cp_plan, cla_episode]
published:
  none: "DfE does not publish children on a child in need plan by authority."
*/
SELECT p.period_id, c.la_code, c.cin_plan_id AS record_id, c.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cin_plan c
JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
WHERE NOT EXISTS (SELECT 1 FROM cp_plan cp
                  WHERE cp.child_id = c.child_id AND open_on(cp.start_date, cp.end_date, p.period_end))
  AND NOT EXISTS (SELECT 1 FROM cla_at_period_end e WHERE e.period_id = p.period_id AND e.child_id = c.child_id)
QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC, c.cin_plan_id DESC) = 1
