/*
id: assessment_timeliness
title: Assessments completed within 45 working days
definition: >
  A children and families (section 17) assessment is completed and authorised within 45 working
  days. Each assessment not authorised by its due day is a breach.
sources:
  - "Working Together to Safeguard Children 2023 (HM Government, December 2023), chapter 3: the maximum timeframe for the assessment to conclude, such that it is possible to reach a decision on next steps, should be within 45 working days from the point of referral"
records:
  - {table: assessment, name: assessments}
boundaries:
  - "The clock runs from the assessment's start date, as the CIN census measures it (DfE's table C4), not from the referral: a second assessment in the same episode months later has its own 45 days."
  - "Due add_working_days(start, 45); done on the authorisation date (AssessmentAuthorisationDate). Authorised on the due day is in time."
*/
SELECT a.la_code, a.child_id, a.assessment_id AS record_id, add_working_days(a.start_date, 45) AS due_date,
       a.authorised_date AS done_date
FROM assessment a, practice_window w
WHERE a.start_date IS NOT NULL AND a.start_date <= w.as_at
