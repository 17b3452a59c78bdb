/*
id: icpc_to_cp_plan
title: ICPCs leading to a child protection plan
unit: percent
polarity: neither
kind: flow
definition: >
  Of initial child protection conferences held in the period, the percentage that led to a child
  protection plan: a CP plan of the same child starts on the conference date (DfE validation rule
  2885 ties a plan's start to its ICPC). Conferences after a S47 and transfer-in conferences held
  without a S47 (CINdetails DateOfInitialCPC) both count.
sources:
  - Improvement board core indicator 7, S47 enquiries and associated ICPCs or other outcomes (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
boundaries:
  - "Held in the period: the ICPC date is on or between the period's first and last day."
  - "ICPCs: each S47 with a DateOfInitialCPC not marked ICPC not required, plus each CIN episode's own DateOfInitialCPC (transfer-in) unless a S47 of the same episode has the same ICPC date (the same conference recorded twice)."
  - "Led to a plan: a CP plan of the child starts on exactly the ICPC date; a plan starting a day later is not counted. Annex A's 'did the ICPC result in a plan' answer (s47.outcome) is not used."
  - "A conference for a child already on a plan (no new plan starting that day) counts in the denominator only."
requires: [s47, cp_plan]
published:
  none: "DfE publishes ICPCs (table C4) and plans starting (table D3) but not how many ICPCs led to a plan."
*/
WITH conference AS (
    SELECT s.la_code, s.s47_id AS record_id, s.child_id, s.icpc_date
    FROM s47 s
    WHERE s.icpc_date IS NOT NULL AND s.icpc_not_required IS NOT TRUE
    UNION ALL
    SELECT r.la_code, r.referral_id || '/icpc' AS record_id, r.child_id, r.icpc_date
    FROM referral r
    WHERE r.icpc_date IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM s47 s WHERE s.referral_id = r.referral_id AND s.icpc_date = r.icpc_date))
SELECT p.period_id, c.la_code, c.record_id, c.child_id, c.icpc_date AS event_date,
       EXISTS (SELECT 1 FROM cp_plan cp WHERE cp.child_id = c.child_id AND cp.start_date = c.icpc_date) AS numerator,
       TRUE AS denominator
FROM conference c
JOIN periods p ON c.icpc_date BETWEEN p.period_start AND p.period_end
