/*
id: assessments_started
title: Assessments started
unit: rate
polarity: neither
kind: flow
definition: >
  Single (s17) assessments whose actual start date falls in the period, whether or not they have
  been authorised since. Each assessment counts, so a child assessed twice counts twice. Per
  10,000 children aged 0 to 17.
sources:
  - RIIA 204, assessments started in the period (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE CIN census AssessmentActualStartDate
boundaries:
  - "In the period: AssessmentActualStartDate is on or between the period's first and last day."
  - "Every assessment recorded counts, including assessments on open cases where the authority records them (RIIA contextual item X29 says whether it does)."
  - "Assessments with no start date are not counted."
requires: [assessment]
published:
  none: "DfE publishes completed assessments (table C2), not assessments started."
*/
SELECT p.period_id, a.la_code, a.assessment_id AS record_id, a.child_id, a.start_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM assessment a
JOIN periods p ON a.start_date BETWEEN p.period_start AND p.period_end
