/*
id: audits_good_or_better
title: Case audits graded good or outstanding
unit: percent
polarity: higher
kind: flow
definition: >
  Of case file audits graded in the period, the percentage graded good or outstanding (Ofsted's
  four-point scale: outstanding, good, requires improvement, inadequate). Each audit counts, so a
  case audited twice counts twice. Attributed to the practitioner holding the case on the audit
  date.
sources:
  - Improvement board core indicator 21, quality assurance (audit) results (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
boundaries:
  - "In the period: the audit date is on or between the period's first and last day."
  - "Good or better: grade OUTSTANDING or GOOD. REQUIRES_IMPROVEMENT and INADEQUATE are in the denominator only; an audit without a grade is in neither."
  - "The grade is the one recorded in case_audit (a moderated grade, where the authority moderates, should be the one loaded)."
requires: [case_audit]
published:
  none: "Case audits are local: nothing is published."
*/
SELECT p.period_id, a.la_code, a.case_audit_id AS record_id, a.child_id, a.audit_date AS event_date,
       a.grade IN ('OUTSTANDING', 'GOOD') AS numerator, TRUE AS denominator
FROM case_audit a
JOIN periods p ON a.audit_date BETWEEN p.period_start AND p.period_end
WHERE a.grade IS NOT NULL
