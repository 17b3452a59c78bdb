/*
id: cla_12m_sdq_average
title: "Children looked after for 12 months: average SDQ score"
unit: ratio
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  The mean strengths and difficulties questionnaire (SDQ) total score of children aged 5 to 16
  looked after continuously for at least 12 months at 31 March who have a score recorded in
  their outcomes record (OC2), as DfE's "Outcomes for children looked after" tables publish it
  (a score of 0 to 40; 14 to 16 is borderline and 17 or more a cause for concern). The
  numerator is the sum of the scores, the denominator the children with a score.
sources:
  - "DfE, Children looked after in England including adoptions, outcomes tables (SDQ average score), published annually"
  - SSDA903 OC2 guidance, DfE
boundaries:
  - "Cohort: OC2 records (cla_outcome) whose year ending (31 March) is on or between the period's first and last day, as the health-check measures."
  - "Only children with a score of 0 to 40 recorded: a blank score (with SDQ_REASON saying why, or a child outside the 5 to 16 age band, for whom OC2 carries no score) is not in the average; a score outside 0 to 40 is left out as invalid."
  - "Mean over the children, one record per child and year."
requires: [cla_outcome]
published:
  release: Children looked after in England including adoptions
  file: la_conviction_health_outcome_cla
  filters: {cla_group: Ages 5 to 16 years with SDQ score, characteristic: SDQ average score}
  value: number | children_count
  difference: "DfE publishes the average to one decimal place, in the number column of its SDQ row; the children with a score are a separate row (SDQ score was received), so no funnel is drawn."
*/
SELECT p.period_id, o.la_code, o.child_id || '/' || CAST(o.year_ending AS VARCHAR) AS record_id, o.child_id,
       o.year_ending AS event_date, o.sdq_score AS numerator, 1 AS denominator
FROM cla_outcome o
JOIN periods p ON o.year_ending BETWEEN p.period_start AND p.period_end
WHERE o.sdq_score BETWEEN 0 AND 40
