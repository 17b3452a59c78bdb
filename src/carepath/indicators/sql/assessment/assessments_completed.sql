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
  release: Children in need
  file: c2_children_in_need_assessments_duration
  value: rate_per_10000
  numerator: Assessments_completed
  denominator: population
  difference: "Computed from DfE's table C2: assessments completed in the year (Assessments_completed, each assessment counted) over the ONS estimate of children aged 0-17 of the preceding mid-year, per 10,000. carepath leaves out assessments with no start date or authorised before they started; whether DfE counts them is not published. Column names as DfE's Explore education statistics data set C2 shows them (Children in need, reporting year 2025; England 2025: 648,830 completed); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, a.la_code, a.assessment_id AS record_id, a.child_id, a.authorised_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM assessment a
JOIN periods p ON a.authorised_date BETWEEN p.period_start AND p.period_end
WHERE a.start_date IS NOT NULL AND a.authorised_date >= a.start_date
