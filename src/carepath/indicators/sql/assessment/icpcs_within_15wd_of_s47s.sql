/*
id: icpcs_within_15wd_of_s47s
title: "ICPCs within 15 working days, as a percentage of S47s (RIIA 209, the proposal's wording)"
unit: percent
polarity: higher
kind: flow
definition: >
  RIIA measure 209 as the RIIA proposal words it, "number and percent of S47s", and as RIIA uses it
  everywhere (the submission, the dashboard's RIIA set and the regional compilation, which can only
  divide 209 by 208, the one base a region holds): the ICPCs held in the
  period within 15 working days of their S47's start (the numerator of icpcs_within_15wd),
  divided by the S47 enquiries starting in the period (s47_enquiries). Numerator and denominator
  are different sets: an enquiry starting late in the period may have its conference in the next
  one, so this is not a proportion of a cohort and could in principle pass 100. DfE's wording
  (of the ICPCs held, CIN table C4) is the named variant icpcs_within_15wd; both have the same
  numerator, so the count RIIA sends is the same under either.
sources:
  - RIIA 209, "ICPCs completed within 15 days of S47 (number and percent of S47s)" (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "Numerator: as icpcs_within_15wd: ICPC date in the period, 0 to 15 working days after the S47 start, ICPC not dated before the S47, not marked ICPC not required."
  - "Denominator: S47s whose start date is in the period (as s47_enquiries), with or without an ICPC."
  - "One record per S47: counted in the numerator, the denominator or both."
requires: [s47]
published:
  table: c4
  value: 'percent_of("Duration_0-10_days" + "Duration_11-15_days", Section47)'
  numerator: '"Duration_0-10_days" + "Duration_11-15_days"'
  denominator: 'Section47'
  difference: "DfE publishes the two counts, not this percentage: it is made from them exactly as carepath makes it (ICPCs in the year within 15 working days over S47s starting in the year), so the two are different sets of cases in both."
*/
SELECT p.period_id, s.la_code, s.s47_id AS record_id, s.child_id,
       CASE WHEN s.start_date BETWEEN p.period_start AND p.period_end THEN s.start_date ELSE s.icpc_date END AS event_date,
       coalesce(s.icpc_date BETWEEN p.period_start AND p.period_end
                AND s.icpc_not_required IS NOT TRUE AND s.icpc_date >= s.start_date
                AND working_days(s.start_date, s.icpc_date) <= 15, FALSE) AS numerator,
       coalesce(s.start_date BETWEEN p.period_start AND p.period_end, FALSE) AS denominator
FROM s47 s
JOIN periods p ON s.start_date BETWEEN p.period_start AND p.period_end
               OR s.icpc_date BETWEEN p.period_start AND p.period_end
