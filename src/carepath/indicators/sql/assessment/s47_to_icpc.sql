/*
id: s47_to_icpc
title: Section 47 enquiries leading to an ICPC
unit: percent
polarity: neither
kind: flow
definition: >
  Of section 47 enquiries starting in the period, the percentage for which an initial child
  protection conference has been held (the S47 carries an ICPC date), whenever it was held.
sources:
  - Improvement board core indicator 7, S47 enquiries and associated ICPCs or other outcomes (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
boundaries:
  - "In the period: S47ActualStartDate is on or between the period's first and last day."
  - "An ICPC was held when the S47 carries a DateOfInitialCPC and is not marked ICPC not required; the conference may fall after the period (up to now), so the latest periods rise as conferences are held."
  - "The ICPC date is taken as recorded, even if it is before the S47 start (it was held)."
  - "Transfer-in conferences (CINdetails DateOfInitialCPC, no S47) are not S47 outcomes and are not counted."
requires: [s47]
published:
  table: c4
  value: 'percent_of(ICPC, Section47)'
  numerator: 'ICPC'
  denominator: 'Section47'
  difference: "DfE publishes ICPCs held in the year, not ICPCs that followed the year's S47s: the published figure is ICPCs in the year over S47s starting in the year, so it differs where enquiries and conferences fall either side of 31 March."
*/
SELECT p.period_id, s.la_code, s.s47_id AS record_id, s.child_id, s.start_date AS event_date,
       (s.icpc_date IS NOT NULL AND s.icpc_not_required IS NOT TRUE) AS numerator,
       TRUE AS denominator
FROM s47 s
JOIN periods p ON s.start_date BETWEEN p.period_start AND p.period_end
