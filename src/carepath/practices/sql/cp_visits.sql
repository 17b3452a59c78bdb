/*
id: cp_visits
title: Children on a child protection plan seen at least every 10 working days
definition: >
  A child on a child protection plan is seen on a child protection visit within 10 working days of
  the plan starting, and then within 10 working days of each visit, for as long as the plan lasts.
  Each time the next visit did not happen by its due day is a breach.
sources:
  - "Working Together to Safeguard Children 2023 (HM Government, December 2023), chapter 4: the lead practitioner sees the child and family as the child protection plan sets out; 10 working days is the frequency most local safeguarding children partnerships' procedures set as the minimum"
  - "Improvement board core indicator 13, statutory visits to children subject to a child protection plan"
records:
  - {table: cp_plan, name: child protection plans}
  - {table: visit, where: "kind = 'CP'", name: child protection visits}
boundaries:
  - "The clock starts on the plan's start day and restarts on each child protection visit (kind CP) in which the child was not recorded as NOT seen (seen unknown counts, as in cp_visits_on_time). CIN and CLA visits do not count."
  - "Due: add_working_days(start or last visit, 10), the 10th working day after it (weekends and England and Wales bank holidays skipped; a visit made on a Saturday counts from the Friday before it). A visit on the due day is in time."
  - "A visit on the plan's start day counts as the first visit; the next is due 10 working days after that day (the same day as from the start)."
  - "Only visits while the plan is open count (start day to end day inclusive). A due day after the plan ended is no occasion; a due day on or before the end day (the plan is open on its last day) is one, and a breach if no visit came by it."
  - "One occasion per gap: if a child is not seen for 30 working days, that is one breach (the visit that ended the gap is its done day), not three."
*/
WITH plans AS (
    SELECT c.cp_plan_id, c.child_id, c.la_code, c.start_date,
           least(coalesce(c.end_date, w.as_at), w.as_at) AS last_day
    FROM cp_plan c, practice_window w
    WHERE c.start_date IS NOT NULL AND c.start_date <= w.as_at
),
anchors AS (
    SELECT cp_plan_id, child_id, la_code, last_day, start_date AS anchor FROM plans
    UNION
    SELECT p.cp_plan_id, p.child_id, p.la_code, p.last_day, v.visit_date
    FROM plans p JOIN visit v ON v.child_id = p.child_id
    WHERE v.kind = 'CP' AND v.seen IS DISTINCT FROM FALSE
      AND v.visit_date >= p.start_date AND v.visit_date <= p.last_day
),
chained AS (
    SELECT *, add_working_days(anchor, 10) AS due_date,
           lead(anchor) OVER (PARTITION BY cp_plan_id ORDER BY anchor) AS done_date
    FROM anchors
)
SELECT la_code, child_id, cp_plan_id || '/' || strftime(due_date, '%Y-%m-%d') AS record_id, due_date, done_date
FROM chained
WHERE due_date <= last_day
