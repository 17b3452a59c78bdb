/*
id: s47_outcome
title: Section 47 enquiries by what followed
unit: percent
polarity: neither
kind: flow
definition: >
  Of section 47 enquiries starting in the period (each begun by a strategy discussion), the
  percentage by what followed, the first that applies: an initial child protection conference
  that started a child protection plan; a conference that did not; a plan or care without a
  conference; closure with a referral to early help; closure with no further action. Coram's
  study for the Nuffield Foundation (Data visualisation in children's social care, April 2019), section 8, found most strategy discussions led to a S47 and most S47s then closed with no further
  action. The remaining enquiries are still open or were closed for another reason.
sources:
  - Strategy discussion to S47 to outcome (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8, finding 4)
boundaries:
  - "In the period: S47ActualStartDate (the strategy discussion initiating the enquiry) is on or between the period's first and last day. Strategy discussions that did not lead to a S47 are not in the CIN census and cannot be counted."
  - "Conference held: the S47 carries a DateOfInitialCPC and is not marked ICPC not required (as s47_to_icpc). It started a plan when a CP plan of the child starts on the ICPC date (as icpc_to_cp_plan)."
  - "Plan or care without a conference: a CIN plan of the same episode starting on or after the S47 start, or a CP plan or looked-after episode (not V3/V4) of the child starting on or after the S47 start and on or before the episode's closure (up to now while open)."
  - "Early help: the episode closed RC9. No further action: the episode closed RC8 or the referral was marked NFA. Early help is never no further action."
  - "Recent periods shift as enquiries conclude: an open enquiry with nothing after it yet counts in the denominator only."
requires: [s47, referral]
split: true
variants:
  - {id: s47_outcome_icpc_cp_plan, title: "S47 enquiries leading to an ICPC and a CP plan", params: {numerator: "outcome = 'icpc_cp_plan'"}}
  - {id: s47_outcome_icpc_no_plan, title: "S47 enquiries leading to an ICPC but no CP plan", params: {numerator: "outcome = 'icpc_no_plan'"}}
  - {id: s47_outcome_plan_without_icpc, title: "S47 enquiries leading to a plan or care without an ICPC",
     params: {numerator: "outcome = 'plan_without_icpc'"}}
  - {id: s47_outcome_early_help, title: "S47 enquiries closed with a referral to early help", params: {numerator: "outcome = 'early_help'"}}
  - {id: s47_outcome_nfa, title: "S47 enquiries closed with no further action", params: {numerator: "outcome = 'nfa'"}}
published:
  none: "DfE does not publish what followed each section 47 enquiry."
*/
WITH enquiry AS (
    SELECT p.period_id, s.la_code, s.s47_id, s.child_id, s.start_date, s.referral_id, s.icpc_date,
           (s.icpc_date IS NOT NULL AND s.icpc_not_required IS NOT TRUE) AS icpc_held,
           r.closure_date, r.closure_reason, r.nfa,
           coalesce(r.closure_date, DATE '9999-12-31') AS episode_end
    FROM s47 s
    LEFT JOIN referral r ON r.referral_id = s.referral_id
    JOIN periods p ON s.start_date BETWEEN p.period_start AND p.period_end),
outcome AS (
    SELECT e.*,
           CASE WHEN e.icpc_held AND EXISTS (SELECT 1 FROM cp_plan cp
                                             WHERE cp.child_id = e.child_id AND cp.start_date = e.icpc_date)
                     THEN 'icpc_cp_plan'
                WHEN e.icpc_held THEN 'icpc_no_plan'
                WHEN EXISTS (SELECT 1 FROM cin_plan cn
                             WHERE cn.referral_id = e.referral_id AND cn.start_date >= e.start_date)
                  OR EXISTS (SELECT 1 FROM cp_plan cp
                             WHERE cp.child_id = e.child_id AND cp.start_date BETWEEN e.start_date AND e.episode_end)
                  OR EXISTS (SELECT 1 FROM cla_episode la
                             WHERE la.child_id = e.child_id AND coalesce(la.legal_status, '') NOT IN ('V3', 'V4')
                               AND la.start_date BETWEEN e.start_date AND e.episode_end) THEN 'plan_without_icpc'
                WHEN e.closure_reason = 'RC9' THEN 'early_help'
                WHEN e.closure_reason = 'RC8' OR (e.nfa AND e.closure_reason IS NULL) THEN 'nfa'
                WHEN e.closure_date IS NOT NULL THEN 'closed_other'
                ELSE 'open' END AS outcome
    FROM enquiry e)
SELECT period_id, la_code, s47_id AS record_id, child_id, start_date AS event_date,
       outcome
FROM outcome
