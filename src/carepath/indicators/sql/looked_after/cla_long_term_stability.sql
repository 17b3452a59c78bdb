/*
id: cla_long_term_stability
title: Long-term placement stability
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period who were under 16 on its last day and had
  been looked after continuously for at least two and a half years, the percentage who had lived
  with the same carers for at least two years, or who were placed for adoption and whose adoptive
  placement and the placement before it together lasted at least two years (DfE definition).
sources:
  - Signs of Safety core data set O3, children in the same placement for two years (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - DfE children looked after statistics, long-term placement stability; LAIT LAC_LongStable%; national framework outcome 4
boundaries:
  - "Base: children of cla_at_end (DEC empty or after the last day; V3/V4 excluded) aged under 16 in completed years on the last day (a child with no date of birth is left out), whose current period of care started on or before the last day minus 30 calendar months (2.5 years; 31 March 2025 gives 30 September 2022)."
  - "Period of care: consecutive episodes, short breaks (V3, V4) left out; a new period starts with RNE S, or when the previous episode ended with a reason other than X1, or ended before this one started."
  - "Same carers: a new carer starts with RNE P or B (or a new period of care). RNE L (legal status), T and U (same carers) do not break the run, as DfE's 'same carer' wording implies (SPECS D.6, inferred). A temporary placement (T0-T4) and the return from it to the same PLACE code do not break it either. Episodes with no RNE break it when the PLACE code or placement postcode changes."
  - "At least two years: the current carers' first day is on or before the last day minus 24 calendar months (31 March 2025 gives 31 March 2023)."
  - "Placed for adoption: when the current carers' first episode is A3-A6, their run and the carers' run before it in the same period of care are taken together (the earlier run's first day is used)."
requires: [cla_episode]
lookback: 30 months
published:
  release: Children looked after in England including adoptions
  file: la_cla_placement_stability
  filters: {cla_group: Children looked after continuously for at least 2.5 years on 31 March aged under 16 years, placement_stability: Living with the same carer for at least 2 years}
  value: children_percent | percentage
  numerator: children_count | number
  denominator: children_count | number
  denominator_filters: {placement_stability: Total children}
  difference: "DfE publishes whole percentages (LAIT LAC_LongStable%), at 31 March only."
*/
WITH histories AS (   -- each run with the same carers, with the start of the run before it in the period of care
    SELECT *, lag(carer_start) OVER (PARTITION BY child_id, care_no ORDER BY carer_start) AS previous_carer_start
    FROM cla_carer_run
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       CASE WHEN h.first_placement IN ('A3', 'A4', 'A5', 'A6') THEN coalesce(h.previous_carer_start, h.carer_start)
            ELSE h.carer_start END <= (a.period_end - INTERVAL 24 MONTH)::DATE AS numerator,
       TRUE AS denominator
FROM cla_at_period_end a
JOIN histories h ON h.child_id = a.child_id AND h.care_no = a.care_no AND h.carer_no = a.carer_no
JOIN cla_care_period cp ON cp.child_id = a.child_id AND cp.care_no = a.care_no
JOIN child c ON c.child_id = a.child_id
WHERE age_on(c.dob, a.period_end) < 16 AND cp.care_start <= (a.period_end - INTERVAL 30 MONTH)::DATE
