/*
id: cla_12m_checks
title: "Children looked after for 12 months: health checks, immunisations and dental checks up to date"
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children looked after continuously for at least 12 months at 31 March (those for whom the
  SSDA903 return holds an outcomes record, OC2), the percentage whose annual health assessment (OC2
  HEALTH_CHECK), immunisations (OC2 IMMUNISATIONS) or dental check in the year (OC2 TEETH_CHECK) is
  recorded as done, as DfE's "Outcomes for children looked after" tables publish them.
sources:
  - "DfE, Children looked after in England including adoptions, outcomes tables (health checks, immunisations, dental checks), published annually"
  - SSDA903 OC2 guidance, DfE
boundaries:
  - "Cohort: every OC2 record (cla_outcome) whose year ending, the return year's 31 March, is on or between the period's first and last day; the return sends OC2 only for children looked after continuously for 12 months at 31 March, so the cohort is the return's (a financial year, its Q4, March, or a rolling year ending in March hold it; other periods hold no cohort and are empty)."
  - "Numerator: the check recorded true (1). Not recorded (blank) counts in the cohort, not in the numerator, as DfE does."
  - "One record per child and year."
requires: [cla_outcome]
split: true
variants:
  - {id: cla_12m_health_checks, title: "Children looked after for 12 months: health checks up to date", params: {numerator: "coalesce(health_check, FALSE)"}}
  - {id: cla_12m_immunisations, title: "Children looked after for 12 months: immunisations up to date", params: {numerator: "coalesce(immunisations, FALSE)"}}
  - {id: cla_12m_dental_checks, title: "Children looked after for 12 months: dental checks up to date", params: {numerator: "coalesce(teeth_check, FALSE)"}}
published:
  none: "Each variant names its own row of DfE's outcomes table (below)."
  by_variant:
    cla_12m_health_checks: &oc2
      release: Children looked after in England including adoptions
      file: la_conviction_health_outcome_cla
      filters: {characteristic: Had their annual health assessment}
      value: percentage | children_percent
      difference: "DfE's table of children looked after for at least 12 months at 31 March (OC2); it publishes the percentage (whole or one decimal) and the number, not the base, so no funnel is drawn from it."
    cla_12m_immunisations:
      <<: *oc2
      filters: {characteristic: Had their immunisations up to date}
    cla_12m_dental_checks:
      <<: *oc2
      filters: {characteristic: Had their teeth checked by a dentist}
*/
SELECT p.period_id, o.la_code, o.child_id || '/' || CAST(o.year_ending AS VARCHAR) AS record_id, o.child_id,
       o.year_ending AS event_date, o.health_check, o.immunisations, o.teeth_check
FROM cla_outcome o
JOIN periods p ON o.year_ending BETWEEN p.period_start AND p.period_end
