/*
id: health_assessments
title: Health assessments within 20 working days of entering care, then every 6 months under 5 and every year from 5
definition: >
  A looked-after child has an initial health assessment within 20 working days of becoming looked
  after, then a review health assessment at least every 6 months before their fifth birthday and
  at least every 12 months after it. Each assessment not done by its due day is a breach.
sources:
  - "Promoting the health and well-being of looked-after children: statutory guidance (Department for Education and Department of Health, March 2015)"
  - "The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), regulation 7 and Schedule 1"
records:
  - {table: cla_episode, name: SSDA903 episodes}
  - {table: care_record, where: "kind = 'HEALTH_ASSESSMENT'", name: health assessments}
boundaries:
  - "The clock starts afresh with each period of care (cla_care_period: short breaks V3, V4 left out); health assessments count from its first day to its last day inclusive."
  - "Initial assessment due add_working_days(first day of care, 20). An assessment on the first day counts as the initial one."
  - "Next due 6 calendar months after an assessment made before the child's fifth birthday, 12 calendar months after one made on or after it (the age on the assessment's day decides)."
  - "A period of care that ended before an assessment fell due has no occasion for it."
  - "The 6 and 12 month due days are not moved off weekends and bank holidays (calendar months, as the guidance counts them)."
*/
WITH periods_of_care AS (
    SELECT p.child_id, p.care_no, p.la_code, p.care_start, c.dob,
           least(coalesce(p.care_end, w.as_at), w.as_at) AS last_day
    FROM cla_care_period p JOIN child c ON c.child_id = p.child_id, practice_window w
    WHERE p.care_start <= w.as_at
),
assessed AS (
    SELECT DISTINCT p.child_id, p.care_no, r.record_date AS anchor
    FROM periods_of_care p JOIN care_record r ON r.child_id = p.child_id
    WHERE r.kind = 'HEALTH_ASSESSMENT' AND r.record_date >= p.care_start AND r.record_date <= p.last_day
),
anchors AS (
    SELECT p.*, p.care_start AS anchor, TRUE AS care_start_anchor
    FROM periods_of_care p
    WHERE NOT EXISTS (SELECT 1 FROM assessed a WHERE a.child_id = p.child_id AND a.care_no = p.care_no
                                                AND a.anchor = p.care_start)
    UNION ALL
    SELECT p.*, a.anchor, FALSE
    FROM periods_of_care p JOIN assessed a ON a.child_id = p.child_id AND a.care_no = p.care_no
),
chained AS (
    SELECT *,
           CASE WHEN care_start_anchor THEN add_working_days(anchor, 20)
                WHEN age_on(dob, anchor) < 5 THEN (anchor + INTERVAL 6 MONTH)::DATE
                ELSE (anchor + INTERVAL 12 MONTH)::DATE END AS due_date,
           lead(anchor) OVER (PARTITION BY child_id, care_no ORDER BY anchor) AS done_date
    FROM anchors
)
SELECT la_code, child_id, child_id || '/' || strftime(care_start, '%Y-%m-%d') || '/' || strftime(due_date, '%Y-%m-%d')
           AS record_id, due_date, done_date
FROM chained
WHERE due_date <= last_day
