/*
id: supervision_on_time
title: Children whose case was supervised in the last 6 weeks
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children open to social care at the end of the period (an open child in need episode, a
  child protection plan, or looked after), the percentage whose case had a recorded case
  supervision in the 6 weeks (42 days) up to the period end, or whose case opened in those 6
  weeks, so that no supervision was yet due. Variants split the children into looked after,
  on a CP plan (not looked after) and other children in need.
sources:
  - Improvement board core indicator 18, frequency of supervision across CIN, CP and looked-after children (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
boundaries:
  - "Open at the end: a referral (CIN episode) that did not end in no further action, started on or before the period's last day and not closed before it; or a CP or CIN plan open on the last day (started on or before it, not ended before it); or looked after (a non-short-break episode open on the last day: no end date or one after it)."
  - "On time: the latest case supervision on or before the period end, or the day the case opened if later, is on or after the day 42 days (6 weeks) before the period end: a supervision on 17 February is in time for 31 March, one on 16 February is not."
  - "The case opened on the earliest start among what is open at the end: the referral date, the plan start, or the start of the current period of care (latest episode with RNE S; the earliest episode when none says S)."
  - "6 weeks is a judgement: authorities set their own supervision standard (often monthly for CP and looked-after children, 6-8 weeks for CIN); one interval for every child keeps the groups comparable."
  - "Group of a child (variants): looked after, else on a CP plan, else child in need."
  - "Attributed to the practitioner holding the case on the period's last day."
requires: [supervision]
variants:
  - {id: supervision_on_time, title: Children whose case was supervised in the last 6 weeks, params: {group: "TRUE"}}
  - {id: supervision_on_time_cin, title: "Supervision in the last 6 weeks: children in need (not CP, not looked after)",
     params: {group: "o.child_group = 'CIN'"}}
  - {id: supervision_on_time_cp, title: "Supervision in the last 6 weeks: children on a CP plan (not looked after)",
     params: {group: "o.child_group = 'CP'"}}
  - {id: supervision_on_time_cla, title: "Supervision in the last 6 weeks: children looked after",
     params: {group: "o.child_group = 'CLA'"}}
published:
  none: "Case supervision is not collected nationally: nothing is published."
*/
WITH strand AS (   -- everything open at the end, ranked: 3 looked after, 2 CP plan, 1 child in need
    SELECT n.period_id, n.la_code, n.child_id, 3 AS rank,
           coalesce(max(e.start_date) FILTER (WHERE e.rne = 'S'), min(e.start_date)) AS since
    FROM cla_at_period_end n   -- the episode open at the end, short breaks excluded
    JOIN cla_episode e ON e.child_id = n.child_id AND e.start_date <= n.start_date
                      AND (e.legal_status IS NULL OR e.legal_status NOT IN ('V3', 'V4'))
    GROUP BY n.period_id, n.la_code, n.child_id
    UNION ALL
    SELECT p.period_id, c.la_code, c.child_id, 2, c.start_date
    FROM cp_plan c JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
    UNION ALL
    SELECT p.period_id, c.la_code, c.child_id, 1, c.start_date
    FROM cin_plan c JOIN periods p ON open_on(c.start_date, c.end_date, p.period_end)
    UNION ALL
    SELECT p.period_id, r.la_code, r.child_id, 1, r.referral_date
    FROM referral r JOIN periods p ON open_on(r.referral_date, r.closure_date, p.period_end)
    WHERE NOT coalesce(r.nfa, FALSE)
),
open_at_end AS (
    SELECT period_id, la_code, child_id, min(since) AS open_since,
           CASE max(rank) WHEN 3 THEN 'CLA' WHEN 2 THEN 'CP' ELSE 'CIN' END AS child_group
    FROM strand GROUP BY period_id, la_code, child_id
),
last_supervised AS (
    SELECT p.period_id, s.child_id, max(s.supervision_date) AS supervised_on
    FROM supervision s JOIN periods p ON s.supervision_date BETWEEN p.period_end - 120 AND p.period_end
    GROUP BY p.period_id, s.child_id
)
SELECT o.period_id, o.la_code, o.child_id AS record_id, o.child_id, p.period_end AS event_date,
       greatest(l.supervised_on, o.open_since) >= p.period_end - 42 AS numerator, TRUE AS denominator
FROM open_at_end o
JOIN periods p ON p.period_id = o.period_id
LEFT JOIN last_supervised l ON l.period_id = o.period_id AND l.child_id = o.child_id
WHERE {group}
