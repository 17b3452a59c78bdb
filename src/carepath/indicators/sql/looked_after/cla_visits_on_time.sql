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
  - Improvement board core indicator 17, statutory visits to looked after children (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
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
lookback: 12 months
published:
  none: "Statutory visits are not collected nationally: nothing is published."
*/
WITH at_end AS (
    SELECT a.period_id, a.period_end, a.la_code, a.episode_id, a.child_id, r.carer_start,
           CASE WHEN a.temporary THEN a.usual_placement ELSE a.placement END AS placement_for_interval,
           (SELECT max(v.visit_date) FROM visit v
            WHERE v.child_id = a.child_id AND v.kind = 'CLA' AND v.seen IS DISTINCT FROM FALSE
              AND v.visit_date <= a.period_end) AS last_seen
    FROM cla_at_period_end a
    JOIN cla_carer_run r ON r.child_id = a.child_id AND r.carer_no = a.carer_no
)
SELECT period_id, la_code, episode_id AS record_id, child_id, period_end AS event_date,
       CASE WHEN datediff('day', carer_start, period_end) <= 7 THEN TRUE
            WHEN last_seen IS NULL OR last_seen < carer_start THEN FALSE
            WHEN placement_for_interval IN ('U1', 'U4', 'P1')
                 AND carer_start <= (period_end - INTERVAL 12 MONTH)::DATE
                 THEN last_seen >= (period_end - INTERVAL 3 MONTH)::DATE
            ELSE last_seen >= period_end - 42 END AS numerator,
       TRUE AS denominator,
       datediff('day', last_seen, period_end) AS measure
FROM at_end
