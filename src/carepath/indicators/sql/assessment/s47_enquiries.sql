/*
id: s47_enquiries
title: Section 47 enquiries
unit: rate
polarity: neither
kind: flow
definition: >
  Section 47 enquiries starting in the period (the date of the strategy discussion that started
  the enquiry, S47ActualStartDate), per 10,000 children aged 0 to 17. The census records when an
  enquiry starts, not when it ends, so the RIIA wording "completed in the period" is counted by
  start, as DfE does. Each enquiry counts, so a child with two enquiries counts twice.
sources:
  - RIIA 208, section 47 enquiries (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 7, S47 enquiries (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set A4, section 47 enquiries per 10,000 (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - DfE CIN table C4 (S47 enquiries starting in the year)
boundaries:
  - "In the period: S47ActualStartDate is on or between the period's first and last day."
  - "Enquiries with or without an ICPC count, including those marked ICPC not required."
requires: [s47]
published:
  table: c4
  value: 'rate_per_10k(Section47, population)'
  numerator: 'Section47'
  denominator: 'population'
*/
SELECT p.period_id, s.la_code, s.s47_id AS record_id, s.child_id, s.start_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM s47 s
JOIN periods p ON s.start_date BETWEEN p.period_start AND p.period_end
