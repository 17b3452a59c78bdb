/*
id: cp_reviews
title: Child protection review conferences within 3 months of the plan, then every 6 months
definition: >
  The first review conference of a child protection plan is held within 3 months of the initial
  child protection conference that made the plan, and later ones within 6 months of the one
  before, for as long as the plan lasts. Each review not held by its due day is a breach.
sources:
  - "Working Together to Safeguard Children 2023 (HM Government, December 2023), chapter 4: the first child protection review conference within three months of the initial conference, further reviews at intervals of not more than six months"
records:
  - {table: cp_plan, name: child protection plans}
  - {table: cp_review, name: child protection reviews}
boundaries:
  - "The plan's start day is the initial conference's day (the CIN census dates a plan from the conference that made it)."
  - "First review due 3 calendar months after the plan started (31 August: due 30 November); later reviews 6 calendar months after the one before. A review on the due day is in time."
  - "A plan that ended before a review fell due has no occasion for it (a review conference that ends the plan is its last review)."
  - "Reviews are those recorded for the plan (cp_review.cp_plan_id), up to its last day."
  - "A due day on a weekend or bank holiday is not moved: the guidance counts calendar months, so a review due on Saturday 30 November 2024 and held on Monday 2 December is late."
*/
WITH plans AS (
    SELECT c.cp_plan_id, c.child_id, c.la_code, c.start_date,
           least(coalesce(c.end_date, w.as_at), w.as_at) AS last_day
    FROM cp_plan c, practice_window w
    WHERE c.start_date IS NOT NULL AND c.start_date <= w.as_at
),
anchors AS (
    SELECT cp_plan_id, child_id, la_code, last_day, start_date AS anchor, 0 AS review_no FROM plans
    UNION ALL
    SELECT p.cp_plan_id, p.child_id, p.la_code, p.last_day, r.review_date,
           row_number() OVER (PARTITION BY p.cp_plan_id ORDER BY r.review_date)
    FROM plans p JOIN cp_review r ON r.cp_plan_id = p.cp_plan_id
    WHERE r.review_date >= p.start_date AND r.review_date <= p.last_day
),
chained AS (
    SELECT *,
           (anchor + CASE WHEN review_no = 0 THEN INTERVAL 3 MONTH ELSE INTERVAL 6 MONTH END)::DATE AS due_date,
           lead(anchor) OVER (PARTITION BY cp_plan_id ORDER BY anchor, review_no) AS done_date
    FROM anchors
)
SELECT la_code, child_id, cp_plan_id || '/review ' || (review_no + 1) AS record_id, due_date, done_date
FROM chained
WHERE due_date <= last_day
