/*
id: ehc_requests
title: Requests for an EHC needs assessment
unit: rate
polarity: neither
kind: flow
definition: >
  Requests for an education, health and care (EHC) needs assessment received in the period,
  whatever was decided. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 222, requests for EHC needs assessments (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "In the period: the request date is on or between the period's first and last day."
  - "Refused requests count: the measure is demand."
  - "Each request counts: a child with two in the period counts twice."
  - "Children known only to the SEND extract count: no child record or social care involvement is needed."
  - "Rate: per 10,000 children aged 0-17 in the ONS mid-year estimate of the calendar year before the financial year ends."
requires: [send_request]
published:
  none: "DfE's Education, health and care plans release publishes these by authority for calendar years, not for carepath's periods, so no figure matches carepath's periods."
*/
SELECT p.period_id, s.la_code, s.send_request_id AS record_id, s.child_id, s.request_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM send_request s
JOIN periods p ON s.request_date BETWEEN p.period_start AND p.period_end
