/*
id: cp_plans_2y_at_end
title: Child protection plans open at the end of the period for two years or more
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children on a child protection plan at the end of the period (cp_plans_at_end), the
  percentage whose plan had by then lasted two years or more: 730 calendar days or more from
  the plan's start date to the period's last day.
sources:
  - DfE CIN table D5 2_years_or_more_percent; LAIT CPPlans2yrsActive; national framework outcome 2 (CPPs at 31 March longer than 2 years)
boundaries:
  - "Denominator: exactly the children of cp_plans_at_end (plan open on the last day, an end date on the last day counts as open; one per child)."
  - "Two years or more: period end minus start date >= 730 calendar days (SPECS D.5, LAIT 'more than 729 calendar days'). Days, not calendar years: a plan started 1 April 2023 has lasted 730 days on 31 March 2025 and counts, although 2024 is a leap year; one started 2 April 2023 (729 days) does not."
requires: [cp_plan]
published:
  release: Children in need
  file: d5_cpps_at31march_by_duration
  value: 2_years_or_more_percent
  numerator: 2_years_or_more
  denominator: CPP_At31
  difference: "DfE's table D5 (LAIT CPPlans2yrsActive), at 31 March, to one decimal place."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, p.period_end AS event_date,
       datediff('day', c.start_date, p.period_end) >= 730 AS numerator,
       TRUE AS denominator,
       datediff('day', c.start_date, p.period_end) AS measure
FROM cp_plan c
JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC) = 1
