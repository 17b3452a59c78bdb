/*
id: cin_visits_on_time
title: Visits to children in need on time
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children on a child in need plan at the end of the period who are not on a child protection
  plan and not looked after, the percentage seen at a CIN visit in the 4 weeks up to the period
  end (or whose plan started in those 4 weeks, so that no visit was yet due). A visit counts
  unless the child was recorded as not seen. One record per child.
sources:
  - Improvement board core indicator 11, visits to children in need other than CP and looked after (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set P4, children seen in accordance with their plan (the CIN part; Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "On a CIN plan at the end: a cin_plan started on or before the period's last day and not ended before it (a plan ending on the last day is open)."
  - "Not on a CP plan (same rule) and not looked after (a non-short-break episode open on the last day: no end date or one after it) at the end."
  - "On time: the latest CIN visit at which the child was seen, or the plan's start if later (due from the start), is on or after the day 28 days (4 weeks) before the period end: a visit on 3 March is in time for 31 March, one on 2 March is not."
  - "The 4 weeks are a local standard (statutory guidance leaves CIN visit frequency to the plan); the same rule is the CIN part of seen_in_accordance_with_plan."
  - "A visit counts unless it is recorded as the child NOT seen (seen = false): a statutory visit is one where the child is seen, so unknown counts as seen (as in cp_visits_on_time and cla_visits_on_time). A CP or CLA visit does not count."
requires: [cin_plan, visit]
published:
  none: "Visits to children in need are not collected nationally: nothing is published."
*/
WITH on_cin_plan AS (
    SELECT p.period_id, p.period_end, c.la_code, c.child_id, min(c.start_date) AS plan_since
    FROM cin_plan c JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
    GROUP BY p.period_id, p.period_end, c.la_code, c.child_id
)
SELECT n.period_id, n.la_code, n.child_id AS record_id, n.child_id, n.period_end AS event_date,
       greatest(s.seen_on, n.plan_since) >= n.period_end - 28 AS numerator, TRUE AS denominator
FROM on_cin_plan n
LEFT JOIN seen_at_period_end s ON s.period_id = n.period_id AND s.child_id = n.child_id AND s.kind = 'CIN'
WHERE NOT EXISTS (SELECT 1 FROM cp_plan c WHERE c.child_id = n.child_id AND open_on(c.start_date, c.end_date, n.period_end))
  AND NOT EXISTS (SELECT 1 FROM cla_at_period_end e WHERE e.period_id = n.period_id AND e.child_id = n.child_id)
