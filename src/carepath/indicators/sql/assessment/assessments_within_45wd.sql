/*
id: assessments_within_45wd
title: Assessments completed within 45 working days
unit: percent
polarity: higher
kind: flow
definition: >
  Of single (s17) assessments authorised in the period, the percentage authorised within 45
  working days of their start. The duration runs from the assessment's actual start date to its
  authorisation date, in working days after the start date up to and including the authorisation
  date (a same-day assessment takes 0 working days).
sources:
  - RIIA 206, assessments completed within 45 days (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 6, assessment timescales (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN table C2 (bands same day to 41-45 working days over all completed); LAIT Continue_Assess_Comp; national framework
boundaries:
  - "Completed in the period: the authorisation date is on or between the period's first and last day; open (unauthorised) assessments are excluded."
  - "Within 45 working days: duration <= 45, where the duration counts working days (Monday to Friday, not an England and Wales bank holiday) after the start date up to and including the authorisation date. The 45th working day is in time, the 46th is late."
  - "Duration from AssessmentActualStartDate, not from the referral date (DfE C2)."
  - "Each assessment counts, so a child assessed twice counts twice."
requires: [assessment]
published:
  release: Children in need
  file: c2_children_in_need_assessments_duration
  value: percent
  numerator: Same_day + 1-10_days + 11-20_days + 21-30_days + 31-40_days + 41-45_days
  denominator: Assessments_completed
  difference: "Computed as LAIT's Continue_Assess_Comp from DfE's table C2: the bands from the same day to 41-45 working days over all assessments completed in the year (England 2024-25: 555,820 of 648,830 = 85.7%, as LAIT shows; SPECS D.9). A suppressed band leaves the authority no figure. DfE's treatment of a start or end date on a weekend is not published (SPECS D.1). Column names as DfE's Explore education statistics data set C2 shows them (Children in need, reporting year 2025; England 2025: 648,830 completed); the file is not in carepath's test data, so they are unchecked against the file itself."
*/
SELECT p.period_id, a.la_code, a.assessment_id AS record_id, a.child_id, a.authorised_date AS event_date,
       working_days(a.start_date, a.authorised_date) <= 45 AS numerator,
       TRUE AS denominator,
       working_days(a.start_date, a.authorised_date) AS measure
FROM assessment a
JOIN periods p ON a.authorised_date BETWEEN p.period_start AND p.period_end
WHERE a.start_date IS NOT NULL AND a.authorised_date >= a.start_date
