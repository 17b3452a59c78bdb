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
  release: Children in need
  file: d1_child_protection_plans
  value: rate_per_10000
  numerator: CPP_end
  denominator: population
  difference: "Computed from DfE's table D1: plans ending in the year (CPP_end, each plan counted, as carepath counts; CPP_child_end would count children) over the ONS estimate of children aged 0-17 of the preceding mid-year, per 10,000. DfE publishes the count, not a rate. Column names as DfE's Explore education statistics data set shows them (Children in need, reporting year 2025); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.end_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cp_plan c
JOIN periods p ON c.end_date BETWEEN p.period_start AND p.period_end
