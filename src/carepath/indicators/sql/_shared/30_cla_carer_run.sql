/*
name: cla_carer_run
definition: >
  One row per run of a child's episodes with the same carers: the consecutive episodes of
  cla_episode_context with the same carer_no (a new run starts with a new period of care, RNE P or
  B, or, for an episode with no RNE, a change of PLACE code or placement postcode; RNE L, T and U,
  a temporary placement T0-T4 and the return from it to the usual placement continue the run).
  carer_start is the run's first DECOM and first_placement that first episode's PLACE code;
  care_no is the period of care the run belongs to.
*/
SELECT child_id, care_no, carer_no, min(start_date) AS carer_start,
       arg_min(placement, start_date) AS first_placement
FROM cla_episode_context
GROUP BY child_id, care_no, carer_no
