/*
id: cla_lasting
title: Children looked after at the end of the period for more than 6 months, 1 year or 2 years
unit: percent
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage whose current
  period of care had by then lasted more than 6 months (1 year, 2 years).
sources:
  - Signs of Safety core data set P2 (LAC), episodes lasting over 6 months, 1 year, 2 years (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "Period of care: consecutive episodes, short breaks (V3, V4) left out; a new period starts with RNE S, or when the previous episode ended with a reason other than X1, or ended before this one started. Its start is the first episode's DECOM, however many placement or legal status changes followed."
  - "More than N months: the period of care started strictly before the period's last day minus N calendar months, the same rule as cin_lasting and cp_lasting (31 March 2025 minus 6 months is 30 September 2024: care from 29 September 2024 counts, from 30 September 2024 does not)."
  - "Polarity neither (not 'lower' as for CIN and CP): a long period of care is often a stable permanent home, so a higher share is not worse in itself."
requires: [cla_episode]
lookback: 24 months
split: true
variants:
  - {id: cla_lasting_6m, lookback: 6 months, title: Children looked after for more than 6 months at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 6 MONTH)::DATE"}}
  - {id: cla_lasting_1y, lookback: 12 months, title: Children looked after for more than 1 year at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 12 MONTH)::DATE"}}
  - {id: cla_lasting_2y, title: Children looked after for more than 2 years at the end of the period, params: {numerator: "lasting_from < (lasting_to - INTERVAL 24 MONTH)::DATE"}}
published:
  none: "DfE does not publish children looked after by the length of their current period of care by authority in the tables carepath reads."
*/
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       c.care_start AS lasting_from, a.period_end AS lasting_to,
       datediff('day', c.care_start, a.period_end) AS measure
FROM cla_at_period_end a
JOIN cla_care_period c ON c.child_id = a.child_id AND c.care_no = a.care_no
