/*
id: cp_plans_starting
title: Child protection plans starting
unit: rate
polarity: neither
kind: flow
definition: >
  Child protection plans whose start date falls in the period. Each plan counts, so a child
  whose plan started twice in the period counts twice (DfE counts each occasion). Per 10,000
  children aged 0 to 17.
sources:
  - RIIA 210, new CP plans (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE CIN census, child protection plans starting in the year
boundaries:
  - "In the period: the plan's start date (CPPstartDate) is on or between the period's first and last day."
  - "Counted per plan, not per child: the RIIA proposal says 'children with a CPP starting', DfE counts each plan that starts; a second plan for the same child in the same period counts again."
  - "Plans for unborn children count."
  - "Rate: per 10,000 children aged 0-17 in the ONS mid-year estimate of the calendar year before the financial year ends."
requires: [cp_plan]
published:
  table: d3
  value: 'rate_per_10k(CPP_start, population)'
  numerator: 'CPP_start'
  denominator: 'population'
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.start_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cp_plan c
JOIN periods p ON c.start_date BETWEEN p.period_start AND p.period_end
