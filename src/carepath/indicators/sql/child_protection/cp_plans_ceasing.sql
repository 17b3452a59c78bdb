/*
id: cp_plans_ceasing
title: Child protection plans ceasing
unit: rate
polarity: neither
kind: flow
definition: >
  Child protection plans whose end date falls in the period, each plan counted once. Per 10,000
  children aged 0 to 17.
sources:
  - RIIA 212, CP plans ceasing (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE CIN census, child protection plans ending in the year
boundaries:
  - "In the period: the plan's end date (CPPendDate) is on or between the period's first and last day. A plan ending on the last day of the period is both ceasing in it and open at its end (see cp_plans_at_end)."
  - "Counted per plan: a child whose two plans ended in the period counts twice."
  - "Every reason for ending counts (the CIN census does not record one for plans)."
requires: [cp_plan]
published:
  none: "DfE's Children in need table D1 publishes plans ceasing in the year; its data file is not yet mapped here (a published: block naming its release, file, filters and columns would add it)."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.end_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cp_plan c
JOIN periods p ON c.end_date BETWEEN p.period_start AND p.period_end
