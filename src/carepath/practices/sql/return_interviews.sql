/*
id: return_interviews
title: A return home interview offered within 72 hours of every missing episode
definition: >
  Every time a child returns after going missing, they are offered an independent return
  interview within 72 hours of their return. Each missing episode without an offer by then is a
  breach.
sources:
  - "Statutory guidance on children who run away or go missing from home or care (Department for Education, January 2014): an independent return interview offered within 72 hours of the child's return"
  - "Data Visualisation in Children's Social Care (Coram for the Nuffield Foundation, April 2019), section 7: 'Missing children must always be offered an independent return interview'"
records:
  - {table: missing, where: "kind = 'M'", name: missing episodes}
  - {table: care_record, where: "kind = 'RETURN_INTERVIEW_OFFERED'", name: return interviews}
boundaries:
  - "Missing episodes of kind M (missing) that have ended; absences (A, away from placement without authorisation) and episodes still open are no occasion."
  - "Due 3 days after the day of return (72 hours, counted in whole days since returns are dated, not timed); done on the first return interview offer recorded on or after the day of return. An offer on the due day is in time."
  - "One offer may answer two episodes that ended close together: each episode looks for the first offer on or after its own return."
*/
SELECT m.la_code, m.child_id, m.missing_id AS record_id, m.end_date + 3 AS due_date,
       (SELECT min(r.record_date) FROM care_record r
        WHERE r.child_id = m.child_id AND r.kind = 'RETURN_INTERVIEW_OFFERED' AND r.record_date >= m.end_date) AS done_date
FROM missing m, practice_window w
WHERE m.kind = 'M' AND m.end_date IS NOT NULL AND m.end_date <= w.as_at
