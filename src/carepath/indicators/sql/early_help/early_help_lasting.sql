/*
id: early_help_lasting
title: Children open to early help at the end of the period for over 6 months, 1 year or 2 years
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children open to early help at the end of the period (as early_help_at_end: one per child,
  their earliest-started open episode), the percentage whose episode had been open for more than
  6 months (1 year, 2 years) on the period's last day: it started before the date 6 (12, 24)
  calendar months before the last day.
sources:
  - Signs of Safety core data set P2, % of EH episodes lasting over 6 months, 1 year, 2 years (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Open at the end of the period: as early_help_at_end (start on or before the last day, no end or an end on or after it); one per child, the earliest-started open episode."
  - "Over 6 months: the start date is strictly before the last day minus 6 calendar months (31 March 2025 minus 6 months is 30 September 2024); an episode that started exactly 6 months before the last day has not lasted over 6 months."
  - "Episodes with no end date are open (Annex A list 2 has none), so long durations may reflect unrecorded endings."
requires: [early_help]
lookback: none
split: true
variants:
  - {id: early_help_lasting_6m, title: Early help open at the end for over 6 months, params: {numerator: "lasting_from < (lasting_to - INTERVAL 6 MONTH)::DATE"}}
  - {id: early_help_lasting_1y, title: Early help open at the end for over 1 year, params: {numerator: "lasting_from < (lasting_to - INTERVAL 12 MONTH)::DATE"}}
  - {id: early_help_lasting_2y, title: Early help open at the end for over 2 years, params: {numerator: "lasting_from < (lasting_to - INTERVAL 24 MONTH)::DATE"}}
published:
  none: "Early help is not collected nationally: nothing is published."
*/
SELECT p.period_id, eh.la_code, eh.early_help_id AS record_id, eh.child_id, p.period_end AS event_date,
       eh.start_date AS lasting_from, p.period_end AS lasting_to
FROM early_help eh
JOIN periods p ON open_on(eh.start_date, eh.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, eh.child_id ORDER BY eh.start_date, eh.early_help_id) = 1
