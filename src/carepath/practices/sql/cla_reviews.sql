/*
id: cla_reviews
title: Looked-after reviews within 20 working days of entry, then within 3 months, then every 6 months
definition: >
  A looked-after child's case is reviewed within 20 working days of the day they became looked
  after, the second review within 3 months of the first, and each later review within 6 months of
  the one before. Each review not held by its due day is a breach.
sources:
  - "The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), regulation 33"
records:
  - {table: cla_episode, name: SSDA903 episodes}
  - {table: cla_review, name: looked-after reviews}
boundaries:
  - "The clock starts afresh with each period of care (cla_care_period: short breaks V3, V4 left out)."
  - "First review due add_working_days(first day of care, 20). A period of care that ended before then is no occasion."
  - "Second review due 3 calendar months after the first review's day (a review on 31 January: due 30 April); later reviews 6 calendar months after the one before."
  - "Reviews count from the period's first day to its last day inclusive; a review on the due day is in time."
  - "The 3 and 6 month due days are not moved off weekends and bank holidays (regulation 33 counts calendar months): a second review due on Easter Monday 21 April 2025 and held on the 22nd is late."
*/
WITH periods_of_care AS (
    SELECT p.child_id, p.care_no, p.la_code, p.care_start,
           least(coalesce(p.care_end, w.as_at), w.as_at) AS last_day
    FROM cla_care_period p, practice_window w
    WHERE p.care_start <= w.as_at
),
anchors AS (
    SELECT child_id, care_no, la_code, care_start, last_day, care_start AS anchor, 0 AS review_no
    FROM periods_of_care
    UNION ALL
    SELECT p.child_id, p.care_no, p.la_code, p.care_start, p.last_day, r.review_date,
           row_number() OVER (PARTITION BY p.child_id, p.care_no ORDER BY r.review_date)
    FROM periods_of_care p JOIN cla_review r ON r.child_id = p.child_id
    WHERE r.review_date >= p.care_start AND r.review_date <= p.last_day
),
chained AS (
    SELECT *,
           CASE review_no WHEN 0 THEN add_working_days(anchor, 20)
                          WHEN 1 THEN (anchor + INTERVAL 3 MONTH)::DATE
                          ELSE (anchor + INTERVAL 6 MONTH)::DATE END AS due_date,
           lead(anchor) OVER (PARTITION BY child_id, care_no ORDER BY anchor, review_no) AS done_date
    FROM anchors
)
SELECT la_code, child_id, child_id || '/' || strftime(care_start, '%Y-%m-%d') || '/review ' || (review_no + 1)
           AS record_id, due_date, done_date
FROM chained
WHERE due_date <= last_day
