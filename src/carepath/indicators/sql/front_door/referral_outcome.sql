/*
id: referral_outcome
title: Referrals by the furthest point their episode reached
unit: percent
polarity: neither
kind: flow
definition: >
  Of referrals starting in the period, the percentage whose CIN episode reached each point, the
  furthest one counting: looked after, then child protection plan, then child in need, then early
  help, then no further action. The episode is followed to its closure, or up to now (everything
  the store holds) while it is open. Each referral has exactly one outcome, so the five
  percentages add up to 100.
sources:
  - Signs of Safety core data set A3, % of referrals leading to NFA / early help / CIN / CP / looked after (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "In the period: the referral date is on or between the period's first and last day; every referral counts, NFA included."
  - "The episode runs from the referral date to its closure date; an open episode runs up to now (no end); an NFA referral with no closure date ends on its referral date."
  - "Looked after: a looked-after episode of the child (legal status not V3/V4 short breaks; any reason for new episode) starts on or after the referral date and on or before the episode's end."
  - "Child protection: a CP plan linked to the referral, or a CP plan of the child starting on or after the referral date and on or before the episode's end."
  - "Child in need: the referral was not NFA and the episode was not closed after assessment with no further action (RC8) or with a referral to early help (RC9), so it is still open or closed for another reason (RC1-RC7); or the episode has a CIN plan."
  - "Early help: closed RC9, or an early help episode of the child starts on or after the referral date and within 28 calendar days after the closure date (after the referral date for an NFA referral with no closure date)."
  - "Without early help data in the store only RC9 closures count as early help (early help is not required, as many authorities hold it elsewhere); CP plans and looked-after episodes are required, or plans and care would be reported as child in need."
  - "No further action: everything else, i.e. NFA referrals and RC8 closures with no early help within 28 days."
  - "A referral whose episode reached several points counts once, at the furthest: looked after > child protection > child in need > early help > no further action."
  - "Recent periods shift as open episodes progress: a referral still open counts as child in need until a plan or care is recorded."
requires: [referral, cp_plan, cla_episode]
split: true
variants:
  - {id: referral_outcome_nfa, title: "Referrals ending in no further action", params: {numerator: "outcome = 'nfa'"}}
  - {id: referral_outcome_early_help, title: "Referrals leading to early help", params: {numerator: "outcome = 'early_help'"}}
  - {id: referral_outcome_cin, title: "Referrals leading to child in need (no CP plan or care)", params: {numerator: "outcome = 'cin'"}}
  - {id: referral_outcome_cp, title: "Referrals leading to a child protection plan (no care)", params: {numerator: "outcome = 'cp'"}}
  - {id: referral_outcome_looked_after, title: "Referrals leading to the child being looked after", params: {numerator: "outcome = 'looked_after'"}}
published:
  none: "DfE publishes referrals closed with no further action at the referral stage (table C1 no_further_action) and assessments ending in 'not in need', not the furthest point a referral reached; no published figure matches these definitions."
*/
WITH episode AS (
    SELECT p.period_id, r.la_code, r.referral_id, r.child_id, r.referral_date, r.nfa, r.closure_reason,
           CASE WHEN r.nfa THEN coalesce(r.closure_date, r.referral_date)
                ELSE coalesce(r.closure_date, DATE '9999-12-31') END AS episode_end,
           coalesce(r.closure_date, r.referral_date) AS closed_or_referred
    FROM referral r
    JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end),
reached AS (
    SELECT ep.*,
           EXISTS (SELECT 1 FROM cla_episode e
                   WHERE e.child_id = ep.child_id AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
                     AND e.start_date BETWEEN ep.referral_date AND ep.episode_end) AS looked_after,
           EXISTS (SELECT 1 FROM cp_plan cp
                   WHERE cp.child_id = ep.child_id
                     AND (cp.referral_id = ep.referral_id
                          OR cp.start_date BETWEEN ep.referral_date AND ep.episode_end)) AS child_protection,
           (ep.nfa IS NOT TRUE AND coalesce(ep.closure_reason, '') NOT IN ('RC8', 'RC9'))
             OR EXISTS (SELECT 1 FROM cin_plan cn WHERE cn.referral_id = ep.referral_id) AS child_in_need,
           coalesce(ep.closure_reason, '') = 'RC9'
             OR EXISTS (SELECT 1 FROM early_help eh
                        WHERE eh.child_id = ep.child_id
                          AND eh.start_date BETWEEN ep.referral_date
                                                AND (ep.closed_or_referred + INTERVAL 28 DAY)::DATE) AS early_help
    FROM episode ep)
SELECT period_id, la_code, referral_id AS record_id, child_id, referral_date AS event_date,
       CASE WHEN looked_after THEN 'looked_after' WHEN child_protection THEN 'cp'
            WHEN child_in_need THEN 'cin' WHEN early_help THEN 'early_help' ELSE 'nfa' END AS outcome
FROM reached
