/*
id: assessments_nfa
title: Assessments ending in no further action, by the child's previous referrals
unit: percent
polarity: neither
kind: flow
definition: >
  Of single assessments completed (authorised) in the period for children with a given number of
  previous referrals in the 36 months before the assessment's referral, the percentage whose CIN
  episode was closed after assessment with no further action (RC8) without a plan or care. Coram's
  study for the Nuffield Foundation (Data visualisation in children's social care, April 2019), section 8, found that assessments of children with several previous referrals were often closed
  with no further action, when more should be known about these families than about new ones.
sources:
  - Repeat patterns (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8, finding 3)
boundaries:
  - "Completed in the period: the authorisation date is on or between the period's first and last day; unauthorised assessments are not counted."
  - "Previous referrals: the child's other referrals dated on or after the referral date minus 36 calendar months and before the referral date of the episode the assessment belongs to (referrals on the same day are not previous). NFA referrals count."
  - "Outcome of the assessment, the first that applies: looked after (an episode not V3/V4 starts on or after the assessment start and on or before the episode's closure, or up to now while open); CP plan (a plan of the same episode, or of the child starting in that span); CIN plan (a CIN plan of the same episode); early help (closure RC9); no further action (closure RC8); closed for another reason (RC1-RC7); open."
  - "Early help (RC9) is not no further action."
  - "An assessment whose referral is not in the store is not counted (its history is unknown)."
requires: [assessment, referral]
lookback: 36 months
variants:
  - {id: assessments_nfa_no_previous, title: "Assessments ending in NFA: children with no referral in the previous 36 months",
     params: {previous: "= 0", outcome: "'nfa'"}}
  - {id: assessments_nfa_one_previous, title: "Assessments ending in NFA: children with one referral in the previous 36 months",
     params: {previous: "= 1", outcome: "'nfa'"}}
  - {id: assessments_nfa_several_previous, title: "Assessments ending in NFA: children with two or more referrals in the previous 36 months",
     params: {previous: ">= 2", outcome: "'nfa'"}}
published:
  none: "DfE does not publish assessment outcomes by the child's number of previous referrals."
*/
WITH assessed AS (
    SELECT p.period_id, a.la_code, a.assessment_id, a.child_id, a.start_date, a.authorised_date,
           r.referral_id, r.closure_date, r.closure_reason,
           coalesce(r.closure_date, DATE '9999-12-31') AS episode_end,
           (SELECT count(*) FROM referral e
            WHERE e.child_id = r.child_id AND e.referral_date < r.referral_date
              AND e.referral_date >= (r.referral_date - INTERVAL 36 MONTH)::DATE) AS previous_referrals
    FROM assessment a
    JOIN referral r ON r.referral_id = a.referral_id
    JOIN periods p ON a.authorised_date BETWEEN p.period_start AND p.period_end),
outcome AS (
    SELECT s.*,
           CASE WHEN EXISTS (SELECT 1 FROM cla_episode e
                             WHERE e.child_id = s.child_id AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
                               AND e.start_date BETWEEN s.start_date AND s.episode_end) THEN 'looked_after'
                WHEN EXISTS (SELECT 1 FROM cp_plan cp
                             WHERE cp.child_id = s.child_id
                               AND (cp.referral_id = s.referral_id
                                    OR cp.start_date BETWEEN s.start_date AND s.episode_end)) THEN 'cp_plan'
                WHEN EXISTS (SELECT 1 FROM cin_plan cn WHERE cn.referral_id = s.referral_id) THEN 'cin_plan'
                WHEN s.closure_reason = 'RC9' THEN 'early_help'
                WHEN s.closure_reason = 'RC8' THEN 'nfa'
                WHEN s.closure_date IS NOT NULL THEN 'closed_other'
                ELSE 'open' END AS outcome
    FROM assessed s)
SELECT period_id, la_code, assessment_id AS record_id, child_id, authorised_date AS event_date,
       outcome = {outcome} AS numerator, TRUE AS denominator
FROM outcome
WHERE previous_referrals {previous}
