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
  - Signs of Safety core data set P3 (LAC), becoming looked after again within 12 and 24 months (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Period of care: consecutive episodes, short breaks (V3, V4) left out; a new period starts with RNE S, or when the previous episode ended with a reason other than X1, or ended before this one started. It ends on its last episode's DEC."
  - "Denominator: periods of care whose first episode's DECOM is in the period. Each period counts, so a child who starts care twice in the period counts twice, and the second start is 'again' (unlike cla_starting, which counts a child once)."
  - "Within N months: the previous period of care's end is on or after this start minus N calendar months and on or before this start (DuckDB month arithmetic; exactly N months counts)."
  - "Only periods of care in the store count: the first N months after the earliest loaded return undercount."
requires: [cla_episode]
lookback: 24 months
split: true
variants:
  - {id: cla_again_12m, lookback: 12 months, title: Children looked after again within 12 months of their previous care ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 12 MONTH)::DATE, FALSE)"}}
  - {id: cla_again_24m, title: Children looked after again within 24 months of their previous care ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"}}
published:
  none: "DfE does not publish returns to care within a time of the previous care ending by authority."
*/
SELECT p.period_id, c.la_code, c.first_episode AS record_id, c.child_id, c.care_start AS event_date,
       (SELECT max(e.care_end) FROM cla_care_period e
               WHERE e.child_id = c.child_id AND e.care_no < c.care_no
                 AND e.care_end <= c.care_start) AS previous_end,
       c.care_start AS started
FROM cla_care_period c
JOIN periods p ON c.care_start BETWEEN p.period_start AND p.period_end
