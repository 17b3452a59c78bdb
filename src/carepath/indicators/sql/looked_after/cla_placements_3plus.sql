/*
id: cla_placements_3plus
title: Children looked after with three or more placements in the last 12 months
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage who had three or
  more placements in the 12 months ending on the period's last day, counting every placement of
  24 hours or more open at any time in those 12 months, including the ones open on their first
  and last day. Short-term placement stability, DfE definition as far as it is published.
sources:
  - Signs of Safety core data set O2, children with three or more placements in the year (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - DfE children looked after statistics, CLA at 31 March with 3 or more placements during the year; LAIT LACStable_2016on; national framework outcome 4
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "Window: the 12 calendar months ending on the period's last day (the financial year for a year; for a quarter or a month, the 12 months to its end, not the quarter or month itself)."
  - "A placement starts with an episode whose reason for new episode is S, P, B, T or U (SPECS D.6: the rule believed to be DfE's; T and U, a change of placement with the same carers, count). RNE L (legal status only) continues the placement."
  - "Not a new placement: a temporary placement T0-T4; the return from it to the placement before (the next episode after a temporary one, with the same PLACE code as the last placement before it and, where both are recorded, the same placement postcode); placed for adoption with the current foster carers (A3 or A5 with RNE T or U), which DfE says is not a placement change."
  - "Episodes with no RNE (Annex A episodes after the first): a new placement when the PLACE code or placement postcode differs from the episode before."
  - "A new period of care (RNE S, or the previous episode ended with a reason other than X1 or before this one started) always starts a new placement; placements in earlier periods of care within the window count too."
  - "24 hours or more: a placement (its episodes joined) that ended on the day it started is not counted."
  - "Short-break episodes (V3, V4) are left out before placements are counted."
requires: [cla_episode]
lookback: 12 months
published:
  release: Children looked after in England including adoptions
  file: la_cla_placement_stability
  filters: {cla_group: CLA on 31 March, placement_stability: With 3 or more placements during the year}
  value: children_percent | percentage
  numerator: children_count | number
  denominator: children_count | number
  denominator_filters: {placement_stability: Total children}
  difference: "DfE publishes whole percentages (LAIT LACStable_2016on), at 31 March only."
*/
WITH counted AS (   -- a new placement: unlike a change of carers (cla_carer_run), RNE T and U count
    SELECT *,
           new_period OR (NOT temporary AND NOT back_from_temporary AND coalesce(rne, '') <> 'L'
                          AND NOT coalesce(placement IN ('A3', 'A5') AND rne IN ('T', 'U'), FALSE)
                          AND (rne IS NOT NULL OR placement IS DISTINCT FROM previous_placement
                               OR placement_postcode IS DISTINCT FROM previous_postcode)) AS new_placement
    FROM cla_episode_context
),
placements AS (
    SELECT child_id, min(start_date) AS placement_start,
           CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS placement_end
    FROM (SELECT *, sum(new_placement::INTEGER) OVER (PARTITION BY child_id ORDER BY start_date
                                                       ROWS UNBOUNDED PRECEDING) AS placement_no
          FROM counted)
    GROUP BY child_id, placement_no
),
at_end AS (
    SELECT period_id, period_end, ((period_end + 1) - INTERVAL 12 MONTH)::DATE AS window_start,
           la_code, episode_id, child_id
    FROM cla_at_period_end
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       count(pl.placement_start) >= 3 AS numerator, TRUE AS denominator,
       count(pl.placement_start) AS measure
FROM at_end a
LEFT JOIN placements pl
       ON pl.child_id = a.child_id AND pl.placement_start <= a.period_end
      AND (pl.placement_end IS NULL OR (pl.placement_end >= a.window_start AND pl.placement_end > pl.placement_start))
GROUP BY a.period_id, a.la_code, a.episode_id, a.child_id, a.period_end
