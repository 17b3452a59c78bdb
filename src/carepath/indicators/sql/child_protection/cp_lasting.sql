/*
id: cp_lasting
title: Child protection plans open at the end of the period for more than 6 months, 1 year or 2 years
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children on a child protection plan at the end of the period (cp_plans_at_end), the
  percentage whose plan had by then been open for more than 6 months (1 year, 2 years).
sources:
  - Signs of Safety core data set P2 (CP), plans lasting over 6 months, 1 year, 2 years (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Denominator: exactly the children of cp_plans_at_end (plan open on the last day, an end date on the last day counts as open; one per child)."
  - "More than N months: the start date is strictly before the period's last day minus N calendar months, the same rule as cin_lasting (31 March 2025 minus 6 months is 30 September 2024: a plan started 29 September 2024 counts, one started 30 September 2024 has lasted exactly 6 months and does not). DuckDB month arithmetic: a month end with no counterpart goes to the shorter month's last day."
  - "Calendar months, not days: this is the Signs of Safety 'over 2 years', which can differ by a day or two from DfE's '2 years or more' (730 days) in cp_plans_2y_at_end: a plan started 31 March 2023 has lasted 731 days on 31 March 2025 but not more than 24 months."
requires: [cp_plan]
lookback: none
split: true
variants:
  - {id: cp_lasting_6m, title: CP plans open more than 6 months at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 6 MONTH)::DATE"}}
  - {id: cp_lasting_1y, title: CP plans open more than 1 year at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 12 MONTH)::DATE"}}
  - {id: cp_lasting_2y, title: CP plans open more than 2 years at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 24 MONTH)::DATE"}}
published:
  none: "Each variant names its own bands of DfE's table D5 (below)."
  by_variant:
    cp_lasting_6m: &d5
      release: Children in need
      file: d5_cpps_at31march_by_duration
      value: percent
      numerator: more_than_6_months_less_than_1_year + 1_year_less_than_2_years + 2_years_or_more
      denominator: CPP_At31
      difference: "Computed from DfE's table D5 (children on a plan at 31 March by the plan's length): its bands from more than 6 months up, over all children on a plan; a suppressed band leaves no figure."
    cp_lasting_1y:
      <<: *d5
      numerator: 1_year_less_than_2_years + 2_years_or_more
      difference: "Computed from DfE's table D5: its bands '1 year to less than 2 years' and '2 years or more' over all children on a plan at 31 March; DfE counts a plan of exactly one year, carepath only one of more than 12 months."
    cp_lasting_2y:
      <<: *d5
      value: 2_years_or_more_percent
      numerator: 2_years_or_more
      difference: "DfE's table D5 '2 years or more' (LAIT CPPlans2yrsActive), to one decimal place, counts a plan of exactly two years; carepath counts more than 24 calendar months."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, p.period_end AS event_date,
       c.start_date AS lasting_from, p.period_end AS lasting_to
FROM cp_plan c
JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC) = 1
