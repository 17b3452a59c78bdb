/*
id: assessments_completed
title: Assessments completed
unit: rate
polarity: neither
kind: flow
definition: >
  Single (s17) assessments authorised in the period, per 10,000 children aged 0 to 17. These are
  the assessments assessments_within_45wd (RIIA 206) divides by, so 206 is a percentage of 205.
  Each assessment counts, so a child assessed twice counts twice.
sources:
  - RIIA 205, assessments completed in the period (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 5, assessment rate (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set A4, assessments per 10,000 (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - DfE CIN table C2 (all completed assessments)
boundaries:
  - "Completed in the period: the authorisation date is on or between the period's first and last day; open (unauthorised) assessments are not counted."
  - "An assessment with no start date, or authorised before it started (a recording error the DfE validator flags), is left out, exactly as in assessments_within_45wd, so that the two agree."
requires: [assessment]
published:
  none: "DfE's Children in need table C2 counts assessments completed in the year; its data file is not yet mapped here (a published: block naming its release, file, filters and columns would add it)."
*/
SELECT p.period_id, a.la_code, a.assessment_id AS record_id, a.child_id, a.authorised_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM assessment a
JOIN periods p ON a.authorised_date BETWEEN p.period_start AND p.period_end
WHERE a.start_date IS NOT NULL AND a.authorised_date >= a.start_date
