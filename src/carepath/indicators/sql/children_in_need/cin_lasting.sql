/*
id: cin_lasting
title: CIN episodes open at the end of the period that have lasted over 6 months, 1 year or 2 years
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of CIN episodes open at the end of the period (as cin_at_end, so children on CP plans and looked
  after are included), the percentage that had been open for more than 6 months (1 year, 2 years)
  on the period's last day: the referral date is before the date 6 (12, 24) calendar months before
  the last day.
sources:
  - Signs of Safety core data set P2, % of CIN episodes lasting over 6 months, 1 year, 2 years (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Open at the end of the period: as cin_at_end (referral on or before the last day, no closure or a closure on or after it); NFA referrals open on the last day are in the denominator."
  - "Over 6 months: the referral date is strictly before the period's last day minus 6 calendar months (31 March 2025 minus 6 months is 30 September 2024). An episode that started exactly 6 months before the last day has not lasted over 6 months."
  - "Calendar months by DuckDB interval arithmetic: a month-end with no counterpart goes to the shorter month's last day (31 March minus 1 month is 28 or 29 February)."
  - "The length is the referral episode's, however long the child was known before (earlier episodes do not add)."
requires: [referral]
lookback: none
split: true
variants:
  - {id: cin_lasting_6m, title: CIN episodes open at the end lasting over 6 months, params: {numerator: "lasting_from < (lasting_to - INTERVAL 6 MONTH)::DATE"}}
  - {id: cin_lasting_1y, title: CIN episodes open at the end lasting over 1 year, params: {numerator: "lasting_from < (lasting_to - INTERVAL 12 MONTH)::DATE"}}
  - {id: cin_lasting_2y, title: CIN episodes open at the end lasting over 2 years, params: {numerator: "lasting_from < (lasting_to - INTERVAL 24 MONTH)::DATE"}}
published:
  none: "DfE publishes episodes open at 31 March by duration only in the children in need release's national tables, not by authority in the tables carepath reads."
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, p.period_end AS event_date,
       r.referral_date AS lasting_from, p.period_end AS lasting_to
FROM referral r
JOIN periods p ON open_on(r.referral_date, r.closure_date, p.period_end)
