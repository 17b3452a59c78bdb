/*
id: cla_12m_immunisations
title: "Children looked after for 12 months: immunisations up to date"
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children looked after continuously for at least 12 months at 31 March (those for whom the
  SSDA903 return holds an outcomes record, OC2), the percentage whose immunisations up to date (OC2 IMMUNISATIONS) is
  recorded as done, as DfE's "Outcomes for children looked after" tables publish it.
sources:
  - "DfE, Children looked after in England including adoptions, outcomes tables (health checks, immunisations, dental checks), published annually"
  - SSDA903 OC2 guidance, DfE
boundaries:
  - "Cohort: every OC2 record (cla_outcome) whose year ending, the return year's 31 March, is on or between the period's first and last day; the return sends OC2 only for children looked after continuously for 12 months at 31 March, so the cohort is the return's (a financial year, its Q4, March, or a rolling year ending in March hold it; other periods hold no cohort and are empty)."
  - "Numerator: immunisations recorded true (1). Not recorded (blank) counts in the cohort, not in the numerator, as DfE does."
  - "One record per child and year."
requires: [cla_outcome]
published:
  none: "DfE's Outcomes for children looked after tables publish immunisations of children looked after for 12 months; the tracker compares with them where the reference folder holds them (carepath tracker compare), but the indicator comparison does not read that table yet."
*/
SELECT p.period_id, o.la_code, o.child_id || '/' || CAST(o.year_ending AS VARCHAR) AS record_id, o.child_id,
       o.year_ending AS event_date, coalesce(o.immunisations, FALSE) AS numerator, TRUE AS denominator
FROM cla_outcome o
JOIN periods p ON o.year_ending BETWEEN p.period_start AND p.period_end
