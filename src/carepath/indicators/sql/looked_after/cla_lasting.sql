/*
id: cla_lasting
title: Children looked after at the end of the period for more than 6 months, 1 year or 2 years
unit: percent
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage whose current
  period of care had by then lasted more than 6 months (1 year, 2 years).
sources:
  - Signs of Safety core data set P2 (LAC), episodes lasting over 6 months, 1 year, 2 years (seed 000)
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "Period of care: consecutive episodes, short breaks (V3, V4) left out; a new period starts with RNE S, or when the previous episode ended with a reason other than X1, or ended before this one started. Its start is the first episode's DECOM, however many placement or legal status changes followed."
  - "More than N months: the period of care started strictly before the period's last day minus N calendar months, the same rule as cin_lasting and cp_lasting (31 March 2025 minus 6 months is 30 September 2024: care from 29 September 2024 counts, from 30 September 2024 does not)."
  - "Polarity neither (not 'lower' as for CIN and CP): a long period of care is often a stable permanent home, so a higher share is not worse in itself."
requires: [cla_episode]
variants:
  - {id: cla_lasting_6m, title: Children looked after for more than 6 months at the end of the period, params: {months: 6}}
  - {id: cla_lasting_1y, title: Children looked after for more than 1 year at the end of the period, params: {months: 12}}
  - {id: cla_lasting_2y, title: Children looked after for more than 2 years at the end of the period, params: {months: 24}}
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
    SELECT child_id, care_no, min(start_date) AS care_start FROM numbered GROUP BY child_id, care_no
),
at_end AS (
    SELECT p.period_id, p.period_end, n.la_code, n.episode_id, n.child_id, n.care_no
    FROM numbered n
    JOIN periods p ON n.start_date <= p.period_end AND (n.end_date IS NULL OR n.end_date > p.period_end)
    QUALIFY row_number() OVER (PARTITION BY p.period_id, n.child_id ORDER BY n.start_date DESC) = 1
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       c.care_start < (a.period_end - INTERVAL {months} MONTH)::DATE AS numerator,
       TRUE AS denominator,
       datediff('day', c.care_start, a.period_end) AS measure
FROM at_end a
JOIN care_periods c ON c.child_id = a.child_id AND c.care_no = a.care_no
