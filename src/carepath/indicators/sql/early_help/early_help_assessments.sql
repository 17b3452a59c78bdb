/*
id: early_help_assessments
title: Early help assessments started
unit: count
polarity: neither
kind: flow
definition: >
  Early help assessments (CAF / EHA) whose start date falls in the period, whoever completed them.
  Each assessment counts, so a child assessed twice counts twice.
sources:
  - Improvement board core indicator 1, CAFs / early help assessments in a period (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Ofsted ILACS Annex A list 2 (early help assessments)
boundaries:
  - "In the period: the early help assessment start date is on or between the period's first and last day."
  - "An early help episode with no assessment start date recorded is not an assessment and is not counted (Annex A list 2 rows always carry one; a local extract may not)."
  - "Started, not completed: assessments still open count."
requires: [early_help]
published:
  none: "Early help is not collected nationally: nothing is published."
*/
SELECT p.period_id, eh.la_code, eh.early_help_id AS record_id, eh.child_id, eh.assessment_start_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM early_help eh
JOIN periods p ON eh.assessment_start_date BETWEEN p.period_start AND p.period_end
