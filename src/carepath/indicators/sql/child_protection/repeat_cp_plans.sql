/*
id: repeat_cp_plans
title: Second or subsequent child protection plans
unit: percent
polarity: lower
kind: flow
definition: >
  Of child protection plans starting in the period, the percentage for a child who had been the
  subject of a plan before, at any time and in any authority: the plan's NumberOfPreviousCPP is 1
  or more, or the store holds an earlier plan for the same child.
sources:
  - RIIA 213, repeat CP plans (ever) (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 14, repeat CP plans (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN table D3 CPP_subsequent_percent; LAIT PrevRegCPR; national framework outcome 2
boundaries:
  - "Denominator: plans whose start date is in the period, each plan counted (a child can count twice)."
  - "Previous plan, rule: NumberOfPreviousCPP >= 1 (DfE's signal, which counts plans in other authorities) OR another plan of the same child in the store with an earlier start date. Either is enough: the store's history wins where the return says 0 or leaves the count empty, and the count wins where the earlier plan was in another authority or before the earliest loaded return."
  - "However long ago: no time limit on the previous plan (see repeat_cp_plans_2y for the two-year variant)."
  - "A previous plan need not have ended, and a plan starting on the same day is the same plan (same key), not a previous one."
requires: [cp_plan]
lookback: ever
published:
  table: d3
  value: 'CPP_subsequent_percent'
  numerator: 'CPP_subsequent'
  denominator: 'CPP_start'
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.start_date AS event_date,
       coalesce(c.previous_plans, 0) >= 1
       OR EXISTS (SELECT 1 FROM cp_plan e
                  WHERE e.child_id = c.child_id AND e.start_date < c.start_date) AS numerator,
       TRUE AS denominator
FROM cp_plan c
JOIN periods p ON c.start_date BETWEEN p.period_start AND p.period_end
