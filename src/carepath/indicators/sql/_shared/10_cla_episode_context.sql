/*
name: cla_episode_context
definition: >
  One row per SSDA903 episode of care (cla_episode) that has a start date (DECOM) and is not a
  short break: legal status V3 or V4 is left out, an episode with no legal status is kept. Each
  row keeps every cla_episode column and adds, from the child's episodes in this table ordered by
  start date (short breaks skipped, so "the previous episode" is the previous non-short-break one):
  previous_start, previous_end, previous_reason, previous_placement and previous_postcode, the
  previous episode's DECOM, DEC, REC, PLACE and placement postcode (empty for the first episode);
  usual_placement and usual_postcode, the PLACE and placement postcode of the child's latest
  earlier episode that was not a temporary placement (PLACE T0-T4; an episode with no PLACE is not
  temporary), the placement a child in a temporary one is away from. Flags:
  new_period, the episode starts a new period of care: the child's first episode, or RNE S, or the
  previous episode ended with a reason other than X1 (an empty REC counts as X1, care continuing),
  or it ended before this one started (an empty DEC does not); temporary, PLACE is T0-T4;
  back_from_temporary, the previous episode was temporary and this one's PLACE is the usual
  placement's, with the same placement postcode where both are recorded; new_carer, the episode
  starts a run with new carers: a new period of care, or, when it is neither temporary nor the
  return from one, RNE P or B, or no RNE (Annex A episodes after the first) with a PLACE or
  placement postcode different from the previous episode's (RNE L, T and U continue the carers).
  care_no numbers the child's periods of care (1, 2, ... a running count of new_period) and
  carer_no the runs with the same carers (a running count of new_carer; a new period of care is
  always a new run, so carer_no also tells the period of care).
*/
WITH ordered AS (
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
    SELECT * EXCLUDE (usual), usual.placement AS usual_placement, usual.postcode AS usual_postcode,
           previous_start IS NULL OR rne IS NOT DISTINCT FROM 'S' OR coalesce(previous_reason, 'X1') <> 'X1'
               OR coalesce(previous_end < start_date, FALSE) AS new_period,
           coalesce(placement IN ('T0', 'T1', 'T2', 'T3', 'T4'), FALSE) AS temporary,
           coalesce(previous_placement IN ('T0', 'T1', 'T2', 'T3', 'T4') AND placement = usual.placement
                    AND (placement_postcode IS NULL OR usual.postcode IS NULL OR placement_postcode = usual.postcode),
                    FALSE) AS back_from_temporary
    FROM ordered
),
carers AS (
    SELECT *,
           coalesce(new_period OR (NOT temporary AND NOT back_from_temporary
                                   AND (rne IN ('P', 'B')
                                        OR (rne IS NULL AND (placement IS DISTINCT FROM previous_placement
                                                             OR placement_postcode IS DISTINCT FROM previous_postcode)))),
                    FALSE) AS new_carer
    FROM marked
)
SELECT *,
       sum(new_period::INTEGER) OVER child_order AS care_no,
       sum(new_carer::INTEGER) OVER child_order AS carer_no
FROM carers
WINDOW child_order AS (PARTITION BY child_id ORDER BY start_date ROWS UNBOUNDED PRECEDING)
