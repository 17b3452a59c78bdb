/*
id: cp_visits_on_time
title: Children on a child protection plan seen within the last 10 working days
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children on a child protection plan at the end of the period (cp_plans_at_end), the
  percentage seen on a child protection visit within the 10 working days up to and including the
  period's last day. The clock runs from the plan's start: a child whose plan started within those
  10 working days is not yet overdue and counts as on time.
sources:
  - Improvement board core indicator 13, statutory visits to children subject to a CP plan (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set P4 (CP), seen in accordance with the plan (every 10 working days)
boundaries:
  - "Denominator: exactly the children of cp_plans_at_end (plan open on the last day; one per child)."
  - "Seen within the last 10 working days: a visit of kind CP dated on or before the period's last day with working_days(visit date, last day) <= 10, i.e. on the working day 10 working days before the last day or later (working days exclude weekends and England and Wales bank holidays; a weekend visit counts as on the working day before it)."
  - "A visit counts unless it is recorded as the child NOT seen (seen = false). Annex A List 7 records the last statutory visit with 'seen alone' only, so its visits have seen unknown; a statutory visit is one where the child is seen, so unknown counts as seen."
  - "Only visits of kind CP count; a CIN or CLA visit to the same child does not."
  - "Due from the start: on time when the later of the plan's start and the latest such visit is at most 10 working days before the last day, working_days(that day, last day) <= 10. A plan started exactly 10 working days before the end has its first visit due on the last day itself and is not yet overdue, just as a child seen exactly 10 working days before is not. The same rule as the CP part of seen_in_accordance_with_plan."
requires: [cp_plan, visit]
published:
  none: "Visits to children on a plan are not collected nationally: nothing is published."
*/
SELECT p.period_id, c.la_code, c.cp_plan_id AS record_id, c.child_id, p.period_end AS event_date,
       working_days(c.start_date, p.period_end) <= 10
       OR EXISTS (SELECT 1 FROM visit v
                  WHERE v.child_id = c.child_id AND v.kind = 'CP' AND v.seen IS DISTINCT FROM FALSE
                    AND v.visit_date <= p.period_end
                    AND working_days(v.visit_date, p.period_end) <= 10) AS numerator,
       TRUE AS denominator
FROM cp_plan c
JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC) = 1
