/*
id: cp_again
title: Child protection plans starting within 12 or 24 months of a previous plan ending
unit: percent
polarity: lower
kind: flow
definition: >
  Of child protection plans starting in the period, the percentage for a child whose previous
  plan ended within the 12 (24) calendar months before this plan started. RIIA 214 (repeat plans
  within two years) and the Signs of Safety P3 24-month measure are the same computation.
sources:
  - Signs of Safety core data set P3 (CP), becoming subject to a plan again within 12 and 24 months
boundaries:
  - "Denominator: plans whose start date is in the period, each plan counted (a child can count twice)."
  - "Previous plan ended within N months: another plan of the same child started before this one and has an end date on or after this plan's start date minus N calendar months and on or before this plan's start date (DuckDB month arithmetic: 29 February minus 24 months is 28 February). A previous plan ending exactly N months before counts; one ending on the day the new plan starts counts."
  - "Only plans in the store count: NumberOfPreviousCPP has no end date, so a previous plan known only from that count (another authority, or before the earliest loaded return) cannot qualify."
  - "A previous plan still open when this one starts (overlapping plans, a data error) does not count: it has not ended."
requires: [cp_plan]
lookback: 24 months
split: true
variants:
  - {id: cp_again_12m, lookback: 12 months, title: CP plans starting within 12 months of a previous plan ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 12 MONTH)::DATE, FALSE)"}}
  - {id: cp_again_24m, title: CP plans starting within 24 months of a previous plan ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"}}
  - id: repeat_cp_plans_2y
    title: Repeat child protection plans within two years
    params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"}
    definition: >
      Of child protection plans starting in the period, the percentage for a child whose previous
      plan ended within the two years (24 calendar months) before this plan started. A local and
      RIIA measure, not the DfE national one (that is repeat_cp_plans, previous plan ever).
    sources:
      - RIIA 214, repeat CP plans (2 years) (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
      - SPECS D.5 "within 2 years" variant (local or ChAT measure)
published:
  none: "DfE publishes second or subsequent plans ever (table D3, matched by repeat_cp_plans), not plans within a time of the previous one ending."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.start_date AS event_date,
       (SELECT max(e.end_date) FROM cp_plan e
               WHERE e.child_id = c.child_id AND e.start_date < c.start_date
                 AND e.end_date <= c.start_date) AS previous_end,
       c.start_date AS started
FROM cp_plan c
JOIN periods p ON c.start_date BETWEEN p.period_start AND p.period_end
