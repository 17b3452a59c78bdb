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
  - Signs of Safety core data set O2, children with three or more placements in the year (seed 000)
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
*/
WITH care AS (
    SELECT e.*,
           lag(e.start_date) OVER child_order AS previous_start,
           lag(e.end_date) OVER child_order AS previous_end,
           lag(e.reason_ceased) OVER child_order AS previous_reason,
           lag(e.placement) OVER child_order AS previous_placement,
           lag(e.placement_postcode) OVER child_order AS previous_postcode,
           last_value(CASE WHEN coalesce(e.placement, '') NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')
                           THEN struct_pack(placement := e.placement, postcode := e.placement_postcode) END
                      IGNORE NULLS)
               OVER (PARTITION BY e.child_id ORDER BY e.start_date
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS usual
    FROM cla_episode e
    WHERE e.start_date IS NOT NULL AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
    WINDOW child_order AS (PARTITION BY e.child_id ORDER BY e.start_date)
),
marked AS (
    SELECT *,
           previous_start IS NULL OR rne IS NOT DISTINCT FROM 'S' OR coalesce(previous_reason, 'X1') <> 'X1'
               OR coalesce(previous_end < start_date, FALSE) AS new_period,
           coalesce(placement IN ('T0', 'T1', 'T2', 'T3', 'T4'), FALSE) AS temporary,
           coalesce(previous_placement IN ('T0', 'T1', 'T2', 'T3', 'T4') AND placement = usual.placement
                    AND (placement_postcode IS NULL OR usual.postcode IS NULL OR placement_postcode = usual.postcode),
                    FALSE) AS back_from_temporary
    FROM care
),
counted AS (
    SELECT *,
           new_period OR (NOT temporary AND NOT back_from_temporary AND coalesce(rne, '') <> 'L'
                          AND NOT coalesce(placement IN ('A3', 'A5') AND rne IN ('T', 'U'), FALSE)
                          AND (rne IS NOT NULL OR placement IS DISTINCT FROM previous_placement
                               OR placement_postcode IS DISTINCT FROM previous_postcode)) AS new_placement
    FROM marked
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
    SELECT p.period_id, p.period_end, ((p.period_end + 1) - INTERVAL 12 MONTH)::DATE AS window_start,
           e.la_code, e.episode_id, e.child_id
    FROM cla_episode e
    JOIN periods p ON e.start_date <= p.period_end AND (e.end_date IS NULL OR e.end_date > p.period_end)
    WHERE coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
    QUALIFY row_number() OVER (PARTITION BY p.period_id, e.child_id ORDER BY e.start_date DESC) = 1
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       count(pl.placement_start) >= 3 AS numerator, TRUE AS denominator,
       count(pl.placement_start) AS measure
FROM at_end a
LEFT JOIN placements pl
       ON pl.child_id = a.child_id AND pl.placement_start <= a.period_end
      AND (pl.placement_end IS NULL OR (pl.placement_end >= a.window_start AND pl.placement_end > pl.placement_start))
GROUP BY a.period_id, a.la_code, a.episode_id, a.child_id, a.period_end
