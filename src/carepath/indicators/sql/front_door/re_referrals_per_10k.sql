/*
id: re_referrals_per_10k
title: Re-referrals within 12 months per 10,000 children
unit: rate
polarity: lower
kind: flow
definition: >
  Referrals starting in the period that came within 12 months of a previous referral of the same
  child (the numerator of re_referrals_12m, RIIA 203), per 10,000 children aged 0 to 17.
sources:
  - Signs of Safety core data set O1, re-referral rates per 10,000 (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "In the period: the referral date is on or between the period's first and last day."
  - "Within 12 months exactly as re_referrals_12m: the previous referral date is on or after the referral date minus 12 calendar months (29 February minus 12 months is 28 February) and before the referral date; a referral exactly 12 months after the previous one is a re-referral."
  - "Any previous referral counts, including one that ended in no further action; referrals on the same day are not previous referrals."
  - "Only referrals in the store count: the first 12 months after the earliest loaded return undercount."
requires: [referral]
lookback: 12 months
published:
  table: c1
  value: 'rate_per_10k(rereferral_count, population)'
  numerator: 'rereferral_count'
  denominator: 'population'
  difference: "DfE publishes the count of re-referrals, not this rate: it is made from that count and ONS's mid-year estimate of the preceding year, as carepath makes it."
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, r.referral_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM referral r
JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end
WHERE EXISTS (SELECT 1 FROM referral e
              WHERE e.child_id = r.child_id AND e.referral_date < r.referral_date
                AND e.referral_date >= (r.referral_date - INTERVAL 12 MONTH)::DATE)
