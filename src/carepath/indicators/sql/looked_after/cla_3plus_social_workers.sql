/*
id: cla_3plus_social_workers
title: Children looked after with three or more social workers in the last 12 months
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage who had three or
  more different social workers (distinct SW_ID in the SSDA903 social worker episodes) in the 12
  months ending on the period's last day, including workers from before the child was looked after.
sources:
  - DfE children looked after statistics, CLA at 31 March with 3 or more social workers in the year; national framework workforce enabler
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child). A child with no social worker episodes is in the base with none."
  - "Window: the 12 calendar months ending on the period's last day. A social worker episode counts when it was open at any point in the window (started on or before the last day, and no end date or an end date on or after the window's first day)."
  - "Distinct SW_ID: the same worker in two episodes counts once; an episode with no start date is ignored."
  - "Social worker episodes exist from the 2023-24 return: windows reaching before April 2023 undercount."
requires: [cla_episode, sw_episode]
lookback: 12 months
published:
  release: Children looked after in England including adoptions
  file: la_cla_swcount
  filters: {cla_group: CLA on 31 March, sw_stability: 3 or more social workers during the year}
  value: children_percent | percentage
  numerator: children_count | number
  denominator: children_count | number
  denominator_filters: {sw_stability: Total children}
  difference: "DfE publishes whole percentages, at 31 March only."
*/
WITH at_end AS (
    SELECT period_id, period_end, ((period_end + 1) - INTERVAL 12 MONTH)::DATE AS window_start,
           la_code, episode_id, child_id
    FROM cla_at_period_end
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       count(DISTINCT s.sw_id) >= 3 AS numerator, TRUE AS denominator, count(DISTINCT s.sw_id) AS measure
FROM at_end a
LEFT JOIN sw_episode s
       ON s.child_id = a.child_id AND open_between(s.start_date, s.end_date, a.window_start, a.period_end)
GROUP BY a.period_id, a.la_code, a.episode_id, a.child_id, a.period_end
