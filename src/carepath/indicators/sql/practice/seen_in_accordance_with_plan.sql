/*
id: seen_in_accordance_with_plan
title: Children seen in accordance with their plan
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children looked after, on a child protection plan, or on a child in need plan (not CP, not
  looked after) at the end of the period, the percentage whose statutory visit was not overdue on
  the period's last day, each by its own rule: CP every 10 working days; looked after every 6
  weeks after a first visit within a week of the placement, or every 3 months in a long-term
  foster placement or with parents once it has lasted a year (the Care Planning regulations); CIN
  plan every 4 weeks. A visit counts unless the child was recorded as not seen. One record per
  child, in the highest of the three groups the child is in (looked after, then CP, then CIN
  plan).
sources:
  - Signs of Safety core data set P4, children seen in accordance with their plan (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "The three rules are those of cp_visits_on_time, cla_visits_on_time (looked_after group) and cin_visits_on_time, applied to one record per child; a change to one of those must be made here too."
  - "Group of a child: looked after at the end (a non-short-break (not V3, V4) episode open on the last day: no end date or one after it), else on a CP plan at the end (started on or before the last day and not ended before it: a plan ending on the last day is open), else on a CIN plan at the end (same rule)."
  - "A visit counts unless it is recorded as the child NOT seen (seen = false): Annex A gives the last statutory visit without a 'seen' flag, and a statutory visit is one where the child is seen, so unknown counts as seen. Only visits of the child's group's kind (CP, CLA, CIN) dated on or before the period end count."
  - "CP: on time when the later of the (latest started) open plan's start and the latest CP visit is at most 10 working days before the last day: working_days(that day, last day) <= 10 (due from the start)."
  - "Looked after: the current placement is the run of episodes with the same carers (a new one starts with RNE S, P or B or a new period of care; L, T, U, temporary placements T0-T4 and the return from them continue it). Started 7 days or fewer before the last day: not yet due, on time. Otherwise the child must have been seen since the placement started, and the latest CLA visit must be on or after the last day minus 42 days (6 weeks), or minus 3 calendar months when the placement has lasted at least 12 calendar months and is long-term fostering (U1, U4) or with parents (P1) (regulation 28)."
  - "CIN plan: on time when the later of the plan's start and the latest CIN visit is on or after the last day minus 28 days (4 weeks)."
  - "Attributed to the practitioner holding the case on the period's last day."
requires: [visit]
lookback: 12 months
published:
  none: "Visits are not collected nationally: nothing is published."
*/
WITH looked_after AS (   -- looked after at the end, in the current run with the same carers (as cla_visits_on_time)
    SELECT a.period_id, a.period_end, a.la_code, a.child_id, r.carer_start,
           CASE WHEN a.temporary THEN a.usual_placement ELSE a.placement END AS placement_for_interval
    FROM cla_at_period_end a
    JOIN cla_carer_run r ON r.child_id = a.child_id AND r.carer_no = a.carer_no
),
on_cp_plan AS (
    SELECT p.period_id, p.period_end, c.la_code, c.child_id, c.start_date AS plan_since
    FROM cp_plan c JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
    QUALIFY row_number() OVER (PARTITION BY p.period_id, c.child_id ORDER BY c.start_date DESC) = 1
),
on_cin_plan AS (
    SELECT p.period_id, p.period_end, c.la_code, c.child_id, min(c.start_date) AS plan_since
    FROM cin_plan c JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
    GROUP BY p.period_id, p.period_end, c.la_code, c.child_id
),
judged AS (
    SELECT l.period_id, l.la_code, l.child_id, l.period_end,
           CASE WHEN datediff('day', l.carer_start, l.period_end) <= 7 THEN TRUE
                WHEN s.seen_on IS NULL OR s.seen_on < l.carer_start THEN FALSE
                WHEN l.placement_for_interval IN ('U1', 'U4', 'P1')
                     AND l.carer_start <= (l.period_end - INTERVAL 12 MONTH)::DATE
                     THEN s.seen_on >= (l.period_end - INTERVAL 3 MONTH)::DATE
                ELSE s.seen_on >= l.period_end - 42 END AS on_time
    FROM looked_after l
    LEFT JOIN seen_at_period_end s ON s.period_id = l.period_id AND s.child_id = l.child_id AND s.kind = 'CLA'
    UNION ALL
    SELECT c.period_id, c.la_code, c.child_id, c.period_end,
           working_days(greatest(s.seen_on, c.plan_since), c.period_end) <= 10 AS on_time
    FROM on_cp_plan c
    LEFT JOIN seen_at_period_end s ON s.period_id = c.period_id AND s.child_id = c.child_id AND s.kind = 'CP'
    WHERE NOT EXISTS (SELECT 1 FROM looked_after l WHERE l.period_id = c.period_id AND l.child_id = c.child_id)
    UNION ALL
    SELECT n.period_id, n.la_code, n.child_id, n.period_end,
           greatest(s.seen_on, n.plan_since) >= n.period_end - 28 AS on_time
    FROM on_cin_plan n
    LEFT JOIN seen_at_period_end s ON s.period_id = n.period_id AND s.child_id = n.child_id AND s.kind = 'CIN'
    WHERE NOT EXISTS (SELECT 1 FROM looked_after l WHERE l.period_id = n.period_id AND l.child_id = n.child_id)
      AND NOT EXISTS (SELECT 1 FROM on_cp_plan c WHERE c.period_id = n.period_id AND c.child_id = n.child_id)
)
SELECT period_id, la_code, child_id AS record_id, child_id, period_end AS event_date,
       on_time AS numerator, TRUE AS denominator
FROM judged
