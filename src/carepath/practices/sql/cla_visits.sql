/*
id: cla_visits
title: Looked-after children visited within a week of each placement starting, then at the regulation intervals
definition: >
  A looked-after child is visited (and seen) by their social worker within a week of each new
  placement starting, and then at intervals of no more than 6 weeks; after the first year of a
  placement intended to last until the child is 18 (long-term fostering) or with parents, at
  intervals of no more than 3 months. Each time the next visit did not happen by its due day is a
  breach.
sources:
  - "The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), regulation 28, and its statutory guidance (Department for Education, June 2015 revision)"
records:
  - {table: cla_episode, name: SSDA903 episodes}
  - {table: visit, where: "kind = 'CLA'", name: looked-after visits}
boundaries:
  - "A placement is a run of episodes with the same carers (cla_episode_context's carer_no: a new run starts with a new period of care, RNE P or B; RNE L, T, U, temporary placements T0-T4 and the return from them continue it). Short breaks (V3, V4) are left out."
  - "First visit due 7 calendar days after the placement's first day (a placement starting on Monday 1st: due Monday 8th). A visit on the placement's first day is the first visit."
  - "Then due 42 days (6 weeks) after each visit; 3 calendar months after a visit made at least 12 months into a placement whose first PLACE is U1, U4 or P1 (regulation 28(3))."
  - "A placement that ended before its visit fell due is no occasion: a child who moves twice in a week has a first visit due a week after the last move, not one for each placement they left."
  - "Visits of kind CLA dated in the placement (its first day to its last day inclusive), not recorded as NOT seen."
  - "Due days counted in calendar days or months are not moved off weekends and bank holidays: regulation 28 counts calendar time."
*/
WITH runs AS (
    SELECT child_id, care_no, carer_no, any_value(la_code) AS la_code, min(start_date) AS carer_start,
           arg_min(placement, start_date) AS first_placement,
           CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS carer_end
    FROM cla_episode_context
    GROUP BY child_id, care_no, carer_no
),
placements AS (
    SELECT r.*, least(coalesce(r.carer_end, w.as_at), w.as_at) AS last_day
    FROM runs r, practice_window w
    WHERE r.carer_start <= w.as_at
),
visits AS (
    SELECT DISTINCT p.child_id, p.carer_no, v.visit_date AS anchor
    FROM placements p JOIN visit v ON v.child_id = p.child_id
    WHERE v.kind = 'CLA' AND v.seen IS DISTINCT FROM FALSE
      AND v.visit_date >= p.carer_start AND v.visit_date <= p.last_day
),
anchors AS (
    SELECT p.*, p.carer_start AS anchor, TRUE AS placement_start
    FROM placements p
    WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.child_id = p.child_id AND v.carer_no = p.carer_no
                                              AND v.anchor = p.carer_start)
    UNION ALL
    SELECT p.*, v.anchor, FALSE AS placement_start
    FROM placements p JOIN visits v ON v.child_id = p.child_id AND v.carer_no = p.carer_no
),
chained AS (
    SELECT *,
           CASE WHEN placement_start THEN anchor + 7
                WHEN first_placement IN ('U1', 'U4', 'P1') AND anchor >= (carer_start + INTERVAL 12 MONTH)::DATE
                     THEN (anchor + INTERVAL 3 MONTH)::DATE
                ELSE anchor + 42 END AS due_date,
           lead(anchor) OVER (PARTITION BY child_id, carer_no ORDER BY anchor) AS done_date
    FROM anchors
)
SELECT la_code, child_id, child_id || '/' || strftime(carer_start, '%Y-%m-%d') || '/' || strftime(due_date, '%Y-%m-%d')
           AS record_id, due_date, done_date
FROM chained
WHERE due_date <= last_day
