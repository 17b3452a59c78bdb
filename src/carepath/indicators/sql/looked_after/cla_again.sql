/*
id: cla_again
title: Children starting to be looked after again within 12 or 24 months
unit: percent
polarity: lower
kind: flow
definition: >
  Of periods of care starting in the period, the percentage for a child whose previous period of
  care ended within the 12 (24) calendar months before this one started.
sources:
  - Signs of Safety core data set P3 (LAC), becoming looked after again within 12 and 24 months (seed 000)
boundaries:
  - "Period of care: consecutive episodes, short breaks (V3, V4) left out; a new period starts with RNE S, or when the previous episode ended with a reason other than X1, or ended before this one started. It ends on its last episode's DEC."
  - "Denominator: periods of care whose first episode's DECOM is in the period. Each period counts, so a child who starts care twice in the period counts twice, and the second start is 'again' (unlike cla_starting, which counts a child once)."
  - "Within N months: the previous period of care's end is on or after this start minus N calendar months and on or before this start (DuckDB month arithmetic; exactly N months counts)."
  - "Only periods of care in the store count: the first N months after the earliest loaded return undercount."
requires: [cla_episode]
variants:
  - {id: cla_again_12m, title: Children looked after again within 12 months of their previous care ending, params: {months: 12}}
  - {id: cla_again_24m, title: Children looked after again within 24 months of their previous care ending, params: {months: 24}}
*/
WITH care AS (
    SELECT e.*,
           lag(e.start_date) OVER child_order AS previous_start,
           lag(e.end_date) OVER child_order AS previous_end,
           lag(e.reason_ceased) OVER child_order AS previous_reason
    FROM cla_episode e
    WHERE e.start_date IS NOT NULL AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
    WINDOW child_order AS (PARTITION BY e.child_id ORDER BY e.start_date)
),
numbered AS (
    SELECT *,
           sum((previous_start IS NULL OR rne IS NOT DISTINCT FROM 'S' OR coalesce(previous_reason, 'X1') <> 'X1'
                OR coalesce(previous_end < start_date, FALSE))::INTEGER)
               OVER (PARTITION BY child_id ORDER BY start_date ROWS UNBOUNDED PRECEDING) AS care_no
    FROM care
),
care_periods AS (
    SELECT child_id, care_no, any_value(la_code) AS la_code, arg_min(episode_id, start_date) AS first_episode,
           min(start_date) AS care_start,
           CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS care_end
    FROM numbered
    GROUP BY child_id, care_no
)
SELECT p.period_id, c.la_code, c.first_episode AS record_id, c.child_id, c.care_start AS event_date,
       EXISTS (SELECT 1 FROM care_periods e
               WHERE e.child_id = c.child_id AND e.care_no < c.care_no
                 AND e.care_end <= c.care_start
                 AND e.care_end >= (c.care_start - INTERVAL {months} MONTH)::DATE) AS numerator,
       TRUE AS denominator
FROM care_periods c
JOIN periods p ON c.care_start BETWEEN p.period_start AND p.period_end
