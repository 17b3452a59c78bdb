/*
id: cp_plans_ended_2y
title: Child protection plans ending after two years or more
unit: percent
polarity: lower
kind: flow
definition: >
  Of child protection plans ending in the period, the percentage that had lasted two years or
  more: 730 calendar days or more from start date to end date.
sources:
  - DfE CIN table D7 (plans ceasing in the year that lasted 2 years or more); LAIT CPPlans2yrs
boundaries:
  - "Denominator: plans whose end date is in the period, each plan counted (a child can count twice)."
  - "Two years or more: end date minus start date >= 730 calendar days (SPECS D.5)."
requires: [cp_plan]
published:
  none: "DfE's Children in need table D7 (LAIT CPPlans2yrs) publishes this; its data file is not yet mapped here (a published: block naming its release, file, filters and columns would add it)."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.end_date AS event_date,
       datediff('day', c.start_date, c.end_date) >= 730 AS numerator,
       TRUE AS denominator,
       datediff('day', c.start_date, c.end_date) AS measure
FROM cp_plan c
JOIN periods p ON c.end_date BETWEEN p.period_start AND p.period_end
