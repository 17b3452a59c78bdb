/*
id: cin_again
title: CIN episodes starting within 12 or 24 months of the child's previous CIN episode ending
unit: percent
polarity: lower
kind: flow
definition: >
  Of CIN episodes starting in the period (referrals that were not NFA), the percentage for a child
  whose previous CIN episode (also not NFA) had closed within the 12 (24) months before the new
  referral: the previous closure date is on or after the referral date minus 12 (24) calendar
  months and on or before the referral date. Unlike re-referrals, which look at the previous
  referral's start, this looks at when the child's last episode of need ended.
sources:
  - Signs of Safety core data set P3, % of children becoming subject to CIN again within 12 and 24 months (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - RIIA data development agenda, repeat referrals based on the closure date of the previous case (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "Starting in the period: the referral date is on or between the period's first and last day, and the referral was not NFA (ReferralNFA false or not recorded)."
  - "Previous CIN episode: a non-NFA episode of the same child with an earlier referral date and a closure date; NFA referrals are neither counted nor looked back at."
  - "Within 12 months: the previous closure date is on or after the referral date minus 12 calendar months (exactly 12 months counts; 29 February minus 12 months is 28 February) and on or before the referral date (closing and re-referred the same day counts)."
  - "A previous episode still open (no closure date) has not ended, so it does not count."
  - "Each episode counts, so a child with two episodes starting in the period counts twice."
  - "Only episodes in the store count: the first 12 (24) months after the earliest loaded return undercount."
requires: [referral]
lookback: 24 months
split: true
variants:
  - {id: cin_again_12m, lookback: 12 months, title: CIN again within 12 months of the previous episode ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 12 MONTH)::DATE, FALSE)"}}
  - {id: cin_again_24m, title: CIN again within 24 months of the previous episode ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"}}
published:
  none: "DfE publishes re-referrals within 12 months of the previous referral (table C1, matched by re_referrals_12m), not a new episode within a time of the previous one ending."
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, r.referral_date AS event_date,
       (SELECT max(e.closure_date) FROM referral e
               WHERE e.child_id = r.child_id AND e.nfa IS NOT TRUE AND e.referral_date < r.referral_date
                 AND e.closure_date <= r.referral_date) AS previous_end,
       r.referral_date AS started
FROM referral r
JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end
WHERE r.nfa IS NOT TRUE
