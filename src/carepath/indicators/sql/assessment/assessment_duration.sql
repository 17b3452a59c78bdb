/*
id: assessment_duration
title: Median length of completed assessments (working days)
unit: days
polarity: lower
kind: flow
aggregate: median
definition: >
  The median duration, in working days, of single (s17) assessments authorised in the period:
  working days after the actual start date up to and including the authorisation date (a
  same-day assessment takes 0). The same assessments and durations as assessments_within_45wd.
sources:
  - Improvement board core indicator 6, assessment timescales (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN table C2 (duration bands of completed assessments)
boundaries:
  - "Completed in the period: the authorisation date is on or between the period's first and last day; open assessments are excluded."
  - "Duration: working days (Monday to Friday, not an England and Wales bank holiday) after AssessmentActualStartDate up to and including the authorisation date, not from the referral date; a start on a weekend counts from the working day before it."
  - "An assessment with no start date, or authorised before it started, is left out."
  - "Median of all completed assessments (an even number of them gives the mean of the middle two)."
requires: [assessment]
published:
  release: Children in need
  file: c2_children_in_need_assessments_duration
  value: Median_days
  difference: "DfE's table C2 median duration in working days of assessments completed in the year (Median_days), in whole days; carepath's median may end in .5 (the mean of the middle two). DfE's treatment of a start or end date on a weekend is not published (SPECS D.1). Column names as DfE's Explore education statistics data set C2 shows them (Children in need, reporting year 2025; England 2025: 648,830 completed); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, a.la_code, a.assessment_id AS record_id, a.child_id, a.authorised_date AS event_date,
       TRUE AS numerator, NULL AS denominator,
       working_days(a.start_date, a.authorised_date) AS measure
FROM assessment a
JOIN periods p ON a.authorised_date BETWEEN p.period_start AND p.period_end
WHERE a.start_date IS NOT NULL AND a.authorised_date >= a.start_date
