/*
id: pathway_plans
title: A pathway plan for every eligible young person by 16 and 3 months
definition: >
  Every eligible child (looked after at 16, having been looked after for at least 13 weeks since
  turning 14) has a pathway plan, following the assessment of their needs, no more than 3 months
  after their 16th birthday. A young person without a plan by then is a breach.
sources:
  - "The Care Leavers (England) Regulations 2010 and The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), regulations 40-43 (eligible children; the needs assessment no more than 3 months after the 16th birthday and the pathway plan that follows it)"
  - "Data Visualisation in Children's Social Care (Coram for the Nuffield Foundation, April 2019), section 7: 'Needs assessment of care leaver no more than 3 months after 16th birthday'"
records:
  - {table: cla_episode, name: SSDA903 episodes}
  - {table: child, where: "dob IS NOT NULL", name: dates of birth}
  - {table: care_record, where: "kind = 'PATHWAY_PLAN'", name: pathway plans}
boundaries:
  - "Eligible on the 16th birthday: looked after on that day (an episode started on or before it that ceased after it, or has not ceased; short breaks V3, V4 left out) and looked after for at least 91 days (13 weeks) from the 14th birthday up to the 16th. Young people who complete the 13 weeks only after 16 are not counted (a known limit)."
  - "Due 3 calendar months after the 16th birthday; done on the first pathway plan recorded on or after the 14th birthday. A plan on the due day is in time."
  - "A child born on 29 February turns 16 on 28 February in a year that is not a leap year (DuckDB's date arithmetic)."
*/
WITH birthdays AS (
    SELECT c.child_id, c.la_code, (c.dob + INTERVAL 14 YEAR)::DATE AS turned_14, (c.dob + INTERVAL 16 YEAR)::DATE AS turned_16
    FROM child c, practice_window w
    WHERE c.dob IS NOT NULL AND (c.dob + INTERVAL 16 YEAR)::DATE <= w.as_at
),
eligible AS (
    SELECT b.child_id, any_value(b.la_code) AS la_code, b.turned_14, b.turned_16
    FROM birthdays b JOIN cla_episode_context e ON e.child_id = b.child_id
    WHERE e.start_date <= b.turned_16 AND (e.end_date IS NULL OR e.end_date >= b.turned_14)
    GROUP BY b.child_id, b.turned_14, b.turned_16
    HAVING bool_or(e.end_date IS NULL OR e.end_date > b.turned_16)
       AND sum(datediff('day', greatest(e.start_date, b.turned_14), least(coalesce(e.end_date, b.turned_16), b.turned_16))) >= 91
)
SELECT e.la_code, e.child_id, e.child_id || '/pathway plan' AS record_id,
       (e.turned_16 + INTERVAL 3 MONTH)::DATE AS due_date,
       (SELECT min(r.record_date) FROM care_record r
        WHERE r.child_id = e.child_id AND r.kind = 'PATHWAY_PLAN' AND r.record_date >= e.turned_14) AS done_date
FROM eligible e
