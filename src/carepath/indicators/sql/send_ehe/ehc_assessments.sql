/*
id: ehc_assessments
title: EHC needs assessments completed
unit: rate
polarity: neither
kind: flow
definition: >
  EHC needs assessments completed in the period. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 223, EHC needs assessments (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "In the period: the assessment completion date is on or between the period's first and last day."
  - "Completed: assessment_completed_date is given; an assessment still under way is not counted, nor is an agreement to assess."
  - "Each assessment counts: a child with two in the period counts twice."
  - "Children known only to the SEND extract count: no child record or social care involvement is needed."
  - "Rate: per 10,000 children aged 0-17 in the ONS mid-year estimate of the calendar year before the financial year ends."
requires: [send_request]
published:
  none: "DfE's Education, health and care plans release publishes these by authority for calendar years, not for carepath's periods, so no figure matches carepath's periods."
*/
SELECT p.period_id, s.la_code, s.send_request_id AS record_id, s.child_id, s.assessment_completed_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM send_request s
JOIN periods p ON s.assessment_completed_date BETWEEN p.period_start AND p.period_end
