/*
id: cp_plan_length
title: Length of child protection plans ending in the period
unit: days
polarity: neither
kind: flow
aggregate: median
definition: >
  The median length, in calendar days from start date to end date, of child protection plans
  ending in the period; for all children and by the child's age when the plan started.
sources:
  - Improvement board core indicator 15, length of time children are subject to a CP plan, by age (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
boundaries:
  - "Plans ending in the period: end date on or between the period's first and last day; open plans are not measured. Each plan counts."
  - "Length: end date minus start date in calendar days (a plan ending the day it started is 0 days)."
  - "Median over the plans; with an even number of plans, the mean of the two middle lengths."
  - "Age at plan start: completed years from the date of birth to the plan's start date. A child born after the plan started, or with only an expected date of birth (a plan for an unborn child), is in the under-1 band. A child with neither date is in the all-ages figure only."
requires: [cp_plan]
variants:
  - {id: cp_plan_length, title: Length of CP plans ending in the period, params: {ages: "TRUE"}}
  - {id: cp_plan_length_under_1, title: "Length of CP plans ending in the period: under 1 (and unborn) at start",
     params: {ages: "age_at_start = 0"}}
  - {id: cp_plan_length_1_4, title: "Length of CP plans ending in the period: aged 1-4 at start",
     params: {ages: "age_at_start BETWEEN 1 AND 4"}}
  - {id: cp_plan_length_5_9, title: "Length of CP plans ending in the period: aged 5-9 at start",
     params: {ages: "age_at_start BETWEEN 5 AND 9"}}
  - {id: cp_plan_length_10_15, title: "Length of CP plans ending in the period: aged 10-15 at start",
     params: {ages: "age_at_start BETWEEN 10 AND 15"}}
  - {id: cp_plan_length_16_plus, title: "Length of CP plans ending in the period: aged 16 or over at start",
     params: {ages: "age_at_start >= 16"}}
published:
  none: "DfE publishes no length of child protection plans in days, so no median can be compared: its table D7 counts plans ending in the year in five length bands (3 months or less to 2 years or more), for all ages together, and a median cannot be recovered from bands; no DfE table gives the length of plans by the child's age at the start, so the age groups have no published match either. The nearest published figure, the share of plans ending after 2 years or more, is the comparator of cp_plans_ended_2y."
*/
SELECT period_id, la_code, record_id, child_id, event_date, TRUE AS numerator, NULL AS denominator, measure
FROM (
    SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.end_date AS event_date,
           datediff('day', c.start_date, c.end_date) AS measure,
           CASE WHEN ch.dob IS NULL THEN CASE WHEN ch.expected_dob IS NOT NULL THEN 0 END
                WHEN ch.dob > c.start_date THEN 0
                ELSE age_on(ch.dob, c.start_date) END AS age_at_start
    FROM cp_plan c
    JOIN periods p ON c.end_date BETWEEN p.period_start AND p.period_end
    LEFT JOIN child ch ON ch.child_id = c.child_id
) plan
WHERE {ages}
