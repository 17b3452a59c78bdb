/*
id: cp_plans_at_end
title: Children on a child protection plan at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Children with a child protection plan open on the last day of the period: the plan started on
  or before that day and had not ended before it. One per child. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 211, current CP plans (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 12, children subject to a CP plan (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set P1 (CP)
  - DfE CIN census, children on a CP plan at 31 March (LAIT CPP rate per 10,000); national framework outcome 2
boundaries:
  - "Open at the end: start date on or before the period's last day, and no end date or an end date on or after the last day. A plan ending ON the last day is counted as open on it, the same rule as cin_at_end, so every child counted here is also in cin_at_end. SPECS D.5 notes DfE may require the end date to be after 31 March (marked inferred); this choice differs from it only for plans ending on the last day."
  - "One per child: if the store holds two overlapping open plans for a child (a data error), the later-started one is the record."
  - "Plans for unborn children count."
  - "Attributed to the practitioner holding the case on the period's last day."
requires: [cp_plan]
published:
  release: Children in need
  file: d1_child_protection_plans
  value: rate_per_10000
  numerator: CPP_At31
  denominator: population
  difference: "Computed as DfE computes LAIT's CPP rate per 10,000: table D1's child protection plans at 31 March (CPP_At31; a child has one plan open at a time, so plans and children agree) over the ONS estimate of children aged 0-17 of the preceding mid-year. DfE may count a plan ending on 31 March as ended (SPECS D.5, inferred) where carepath counts it as open on that day. DfE rounds England and regional counts to the nearest 10 and suppresses small local ones. Column names as DfE's Explore education statistics data set shows them (Children in need, reporting year 2025); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cp_plan c
JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC) = 1
