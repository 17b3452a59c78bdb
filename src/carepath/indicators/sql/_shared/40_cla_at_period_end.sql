/*
name: cla_at_period_end
definition: >
  Children looked after at the end of each period in ``periods``, on DfE's rule for 31 March: one
  row per period and child with an episode of cla_episode_context (so not a short break, V3 or
  V4; an episode with no legal status counts) whose DECOM is on or before the period's last day
  and whose DEC is empty or after it (a child whose episode ceased on the last day is not looked
  after at the end). When two such episodes are open (a data error), the later-started one is the
  row. Columns: period_id, period_end and every column of that episode's cla_episode_context row
  (episode_id, placement, care_no, carer_no, temporary, usual_placement ...).
*/
SELECT p.period_id, p.period_end, x.*
FROM cla_episode_context x
JOIN periods p ON x.start_date <= p.period_end AND (x.end_date IS NULL OR x.end_date > p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, x.child_id ORDER BY x.start_date DESC) = 1
