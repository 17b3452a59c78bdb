/*
id: sw_sickness
title: Social worker sickness absence (days per FTE)
unit: ratio
polarity: lower
kind: snapshot
attribution: none
definition: >
  Working days lost to sickness in the 12 months up to the snapshot per FTE social worker in
  post, from the latest workforce snapshot of each team (or of the authority) in the 12 months up
  to the period end.
sources:
  - Signs of Safety core data set W3, sickness rate (seed 000)
  - DfE children's social work workforce census, days lost to sickness absence
  - Improvement board core indicator 20, social care workforce (seed 001)
boundaries:
  - "Sickness days: sickness_days of the snapshot, taken to be the days lost in the 12 months up to its date (DfE census); a local extract must give 12-month totals."
  - "Per FTE in post (in_post_fte, directly employed): agency workers' sickness is not recorded. A ratio, not a percentage of working days."
  - "The snapshot used: each unit's latest workforce snapshot dated on or before the period's last day and after the day 12 calendar months before it (for 2024-25: 1 April 2024 to 31 March 2025) that gives the figures this measure needs; an older snapshot is not carried forward."
  - "Units: when the authority has team snapshots in those 12 months, the teams are used (so teams add up to the authority) and an authority-wide row (unit = the LA code) is ignored; otherwise the authority-wide row is the figure, shown as Not allocated below the authority."
  - "FTE are weights: the authority's figure is the sum of the units' numerators over the sum of their denominators, not an average of team rates."
  - "Attributed to the snapshot's team directly, not through case allocations."
requires: [workforce]
*/
WITH snapshot AS (   -- each unit's latest snapshot in the 12 months up to the period end that gives the figures
    SELECT p.period_id, w.la_code, w.workforce_id, w.unit, w.snapshot_date, w.unit <> w.la_code AS is_team,
           w.sickness_days AS numerator, w.in_post_fte AS denominator
    FROM workforce w
    JOIN periods p ON w.snapshot_date <= p.period_end AND w.snapshot_date > (p.period_end - INTERVAL 12 MONTH)::DATE
    WHERE w.sickness_days IS NOT NULL AND w.in_post_fte IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY p.period_id, w.unit ORDER BY w.snapshot_date DESC) = 1
)
SELECT s.period_id, s.la_code, s.workforce_id AS record_id, NULL::VARCHAR AS child_id, s.snapshot_date AS event_date,
       s.numerator, s.denominator, CASE WHEN s.is_team THEN s.unit END AS team_id
FROM snapshot s
WHERE s.is_team OR NOT EXISTS (SELECT 1 FROM snapshot t WHERE t.period_id = s.period_id AND t.la_code = s.la_code
                                                          AND t.is_team)
