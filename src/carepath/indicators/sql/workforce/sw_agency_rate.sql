/*
id: sw_agency_rate
title: Agency social worker rate
unit: percent
polarity: lower
kind: snapshot
attribution: none
definition: >
  Agency social workers as a percentage of all social workers, in FTE: agency / (agency +
  directly employed in post), from the latest workforce snapshot of each team (or of the
  authority) in the 12 months up to the period end (DfE's definition, at 30 September).
sources:
  - Signs of Safety core data set W4, agency rate (seed 000)
  - DfE national framework enabler, agency worker rate (children's social work workforce census)
  - Improvement board core indicator 20, social care workforce (seed 001)
boundaries:
  - "Agency: agency_fte; in post: in_post_fte, the directly employed FTE (agency workers are not part of it)."
  - "The snapshot used: each unit's latest workforce snapshot dated on or before the period's last day and after the day 12 calendar months before it (for 2024-25: 1 April 2024 to 31 March 2025) that gives the figures this measure needs; an older snapshot is not carried forward."
  - "Units: when the authority has team snapshots in those 12 months, the teams are used (so teams add up to the authority) and an authority-wide row (unit = the LA code) is ignored; otherwise the authority-wide row is the figure, shown as Not allocated below the authority."
  - "FTE are weights: the authority's figure is the sum of the units' numerators over the sum of their denominators, not an average of team rates."
  - "Attributed to the snapshot's team directly, not through case allocations."
requires: [workforce]
*/
WITH snapshot AS (   -- each unit's latest snapshot in the 12 months up to the period end that gives the figures
    SELECT p.period_id, w.la_code, w.workforce_id, w.unit, w.snapshot_date, w.unit <> w.la_code AS is_team,
           w.agency_fte AS numerator, w.agency_fte + w.in_post_fte AS denominator
    FROM workforce w
    JOIN periods p ON w.snapshot_date <= p.period_end AND w.snapshot_date > (p.period_end - INTERVAL 12 MONTH)::DATE
    WHERE w.agency_fte IS NOT NULL AND w.in_post_fte IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY p.period_id, w.unit ORDER BY w.snapshot_date DESC) = 1
)
SELECT s.period_id, s.la_code, s.workforce_id AS record_id, NULL::VARCHAR AS child_id, s.snapshot_date AS event_date,
       s.numerator, s.denominator, CASE WHEN s.is_team THEN s.unit END AS team_id
FROM snapshot s
WHERE s.is_team OR NOT EXISTS (SELECT 1 FROM snapshot t WHERE t.period_id = s.period_id AND t.la_code = s.la_code
                                                          AND t.is_team)
