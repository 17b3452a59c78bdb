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
  release: Children in need
  file: d7_cpps_ending_by_duration
  value: 2_years_or_more_percent | 2_years+_percent
  numerator: 2_years_or_more | 2_years+
  denominator: CPP_End
  difference: "DfE's table D7 (LAIT CPPlans2yrs): plans ending in the year that had lasted 2 years or more, of all plans ending (CPP_End), to one decimal place. LAIT's 2 years or longer is more than 729 calendar days including the day of cessation, which is carepath's 730 days or more (SPECS D.5). The 2013-2020 data set named the columns 2_years+ and 2_years+_percent; both names are read. Column names as DfE's Explore education statistics data set shows them (Children in need, reporting year 2025); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, c.end_date AS event_date,
       datediff('day', c.start_date, c.end_date) >= 730 AS numerator,
       TRUE AS denominator,
       datediff('day', c.start_date, c.end_date) AS measure
FROM cp_plan c
JOIN periods p ON c.end_date BETWEEN p.period_start AND p.period_end
