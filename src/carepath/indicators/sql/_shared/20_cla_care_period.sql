/*
name: cla_care_period
definition: >
  One row per period of care of a child: the consecutive episodes of cla_episode_context with the
  same care_no (short breaks V3, V4 left out; a new period starts with the child's first episode,
  RNE S, a previous episode that ended with a reason other than X1, or one that ended before the
  next started). care_start is its first episode's DECOM and first_episode that episode's id;
  care_end is the latest DEC of its episodes, empty while any of them has no DEC (still looked
  after); la_code is the child's authority.
*/
SELECT child_id, care_no, any_value(la_code) AS la_code, arg_min(episode_id, start_date) AS first_episode,
       min(start_date) AS care_start,
       CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS care_end
FROM cla_episode_context
GROUP BY child_id, care_no
