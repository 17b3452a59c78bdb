/*
id: cla_visits_on_time
title: Children looked after seen within the regulation interval
unit: percent
polarity: higher
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage whose latest
  looked-after visit in which they were seen was within the interval the Care Planning,
  Placement and Case Review Regulations 2010 (regulation 28) set for their placement: within a
  week of the placement starting, then every 6 weeks; every 3 months after the first year of a
  placement intended to last until 18.
sources:
  - Improvement board core indicator 17, statutory visits to looked after children (seed 001)
  - Signs of Safety core data set P4 (LAC), seen in accordance with the plan (CLA per the regulations)
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "Visits: kind CLA, dated on or before the period's last day, not recorded as the child NOT seen (seen = false). Annex A List 8 gives the last social work visit without a 'seen' flag; a statutory visit is one where the child is seen, so unknown counts as seen."
  - "Current placement: the run of episodes with the same carers (a new one starts with RNE S, P or B; L, T, U, temporary placements T0-T4 and the return from them continue it; see cla_long_term_stability)."
  - "Placement started 7 days or fewer before the last day: the first visit is due within a week, so by the last day at the latest; not yet overdue, counted as on time (the same way a visit exactly 42 days before the last day is on time)."
  - "Otherwise the child must have been seen since the current placement started (the first visit is due within a week), and the latest such visit must be within 42 days (6 weeks) of the last day: on or after the last day minus 42 days."
  - "3 months instead of 6 weeks (on or after the last day minus 3 calendar months) when the placement has lasted at least 12 calendar months and is long-term fostering (U1, U4) or with parents (P1, regulation 28(3)). During a temporary placement the usual placement's code is used."
  - "Placed for adoption (A3-A6) and every other placement: 6 weeks (the adoption regulations' weekly visits before the first review are not modelled)."
requires: [cla_episode, visit]
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
numbered AS (
    SELECT *,
           sum((new_period OR (NOT temporary AND NOT back_from_temporary
                               AND (rne IN ('P', 'B')
                                    OR (rne IS NULL AND (placement IS DISTINCT FROM previous_placement
                                                         OR placement_postcode IS DISTINCT FROM previous_postcode)))))
               ::INTEGER) OVER (PARTITION BY child_id ORDER BY start_date ROWS UNBOUNDED PRECEDING) AS carer_no
    FROM marked
),
carers AS (
    SELECT child_id, carer_no, min(start_date) AS carer_start FROM numbered GROUP BY child_id, carer_no
),
at_end AS (
    SELECT p.period_id, p.period_end, n.la_code, n.episode_id, n.child_id, n.carer_no,
           CASE WHEN n.temporary THEN n.usual.placement ELSE n.placement END AS usual_placement,
           (SELECT max(v.visit_date) FROM visit v
            WHERE v.child_id = n.child_id AND v.kind = 'CLA' AND v.seen IS DISTINCT FROM FALSE
              AND v.visit_date <= p.period_end) AS last_seen
    FROM numbered n
    JOIN periods p ON n.start_date <= p.period_end AND (n.end_date IS NULL OR n.end_date > p.period_end)
    QUALIFY row_number() OVER (PARTITION BY p.period_id, n.child_id ORDER BY n.start_date DESC) = 1
)
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       CASE WHEN datediff('day', c.carer_start, a.period_end) <= 7 THEN TRUE
            WHEN a.last_seen IS NULL OR a.last_seen < c.carer_start THEN FALSE
            WHEN a.usual_placement IN ('U1', 'U4', 'P1')
                 AND c.carer_start <= (a.period_end - INTERVAL 12 MONTH)::DATE
                 THEN a.last_seen >= (a.period_end - INTERVAL 3 MONTH)::DATE
            ELSE a.last_seen >= a.period_end - 42 END AS numerator,
       TRUE AS denominator,
       datediff('day', a.last_seen, a.period_end) AS measure
FROM at_end a
JOIN carers c ON c.child_id = a.child_id AND c.carer_no = a.carer_no
