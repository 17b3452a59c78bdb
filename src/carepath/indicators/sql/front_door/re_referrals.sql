/*
id: re_referrals
title: Re-referrals within 12, 24 or 36 months
unit: percent
polarity: lower
kind: flow
definition: >
  Of referrals starting in the period, the percentage for a child who had another referral in the
  12 (24, 36) months before: the same child has an earlier referral date on or after the date 12
  (24, 36) calendar months before this referral. The 24 and 36 month variants show how much
  repeat demand the 12-month measure misses (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8: 23% within 12 months, 60% within 36).
sources:
  - RIIA 203, repeat referrals (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 4, repeat referrals (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN table C1 rereferral_count / referral_count; LAIT ReReferral; national framework outcome 1
boundaries:
  - "Within 12 months: the previous referral date is on or after the referral date minus 12 calendar months (DuckDB interval arithmetic: 29 February minus 12 months is 28 February) and before the referral date. A referral exactly 12 months after the previous one is a re-referral."
  - "Any previous referral counts, including one that ended in no further action."
  - "Referrals on the same day as this one are not previous referrals."
  - "Only referrals in the store count: the first 12 (24, 36) months after the earliest loaded return undercount."
requires: [referral]
lookback: 36 months
split: true
variants:
  - {id: re_referrals_12m, lookback: 12 months, title: Re-referrals within 12 months, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 12 MONTH)::DATE, FALSE)"}}
  - {id: re_referrals_24m, lookback: 24 months, title: Re-referrals within 24 months, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"},
     sources: [Repeat patterns (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8)]}
  - {id: re_referrals_36m, title: Re-referrals within 36 months, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 36 MONTH)::DATE, FALSE)"},
     sources: [Repeat patterns (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8)]}
published:
  none: "DfE publishes re-referrals within 12 months only (table C1, matched by re_referrals_12m)."
  by_variant:
    re_referrals_12m:
      table: c1
      value: 'rereferral_percent'
      numerator: 'rereferral_count'
      denominator: 'referral_count'
*/
-- previous_end: the child's latest referral date before this one. lag() over each child's distinct
-- referral dates (so a same-day referral is not a previous one), joined back: one pass over the
-- referrals, where a correlated max() per referral was a self-join (twice as long on Spark).
-- Referrals without a child have no previous referral (the join never matches a NULL child).
WITH child_referral_days AS (
    SELECT child_id, referral_date, lag(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS previous_end
    FROM (SELECT DISTINCT child_id, referral_date FROM referral
          WHERE child_id IS NOT NULL AND referral_date IS NOT NULL) days
)
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, r.referral_date AS event_date,
       d.previous_end, r.referral_date AS started
FROM referral r
JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end
LEFT JOIN child_referral_days d ON d.child_id = r.child_id AND d.referral_date = r.referral_date
