/*
id: referrals
title: Referrals
unit: rate
polarity: neither
kind: flow
definition: >
  Referrals to children's social care starting in the period: CIN episodes whose referral date
  falls in the period, referrals that led to no further action included. Each referral counts, so
  a child referred twice counts twice. The rate is per 10,000 children aged 0 to 17.
sources:
  - RIIA 202 (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Signs of Safety core data set A1, referrals per 10,000 (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
  - Improvement board core indicator 3, referral rate (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - DfE CIN table C1 referral_count
boundaries:
  - "In the period: the referral date is on or between the period's first and last day."
  - "Every referral counts, NFA included (DfE C1)."
  - "Rate: per 10,000 children aged 0-17 in the ONS mid-year estimate of the calendar year before the financial year ends (mid-2024 for 2024-25 and each of its quarters)."
requires: [referral]
published:
  table: c1
  value: 'rate_per_10k(referral_count, population)'
  numerator: 'referral_count'
  denominator: 'population'
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, r.referral_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM referral r
JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end
