/*
id: cla_missing_return_interview
title: "Children in care who went missing: return interview offered (Annex A)"
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children in care at the Annex A date (list 8) with at least one 'Missing' episode in the 12
  months before it, the percentage for whom the list says a return interview was offered. Annex A
  dates neither the episodes nor the interviews, so this is per child, not per episode (the key
  practice return_interviews judges each dated episode from local extracts).
sources:
  - "Ofsted, Social care common inspection framework (ILACS), Annex A list 8: number of 'Missing' episodes in last 12 months, return interview offered (Y/N), 2023"
  - "DfE, Statutory guidance on children who run away or go missing from home or care, January 2014"
boundaries:
  - "Cohort: children with a missing_return_interview record whose Annex A date is on or between the period's first and last day, with missing episodes of 1 or more; with several Annex A dates in the period, the latest."
  - "Numerator: return interview offered recorded Yes; blank counts in the cohort, not the numerator."
  - "'Absent' episodes (away without authorisation) are not in the cohort."
requires: [missing_return_interview]
published:
  none: "DfE does not publish return interviews offered after missing episodes; Ofsted's Annex A list 8 asks for them, for inspection only."
*/
SELECT p.period_id, m.la_code, m.child_id || '/' || CAST(m.as_at AS VARCHAR) AS record_id, m.child_id,
       m.as_at AS event_date, coalesce(m.return_interview_offered, FALSE) AS numerator, TRUE AS denominator
FROM missing_return_interview m
JOIN periods p ON m.as_at BETWEEN p.period_start AND p.period_end
WHERE m.missing_episodes >= 1
QUALIFY m.as_at = max(m.as_at) OVER (PARTITION BY p.period_id, m.child_id)
