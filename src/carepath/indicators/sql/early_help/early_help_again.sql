/*
id: early_help_again
title: Early help episodes starting within 12 or 24 months of the child's previous episode ending
unit: percent
polarity: lower
kind: flow
definition: >
  Of early help episodes starting in the period, the percentage for a child whose previous early
  help episode had ended within the 12 (24) months before the new one started: the previous end
  date is on or after the new start date minus 12 (24) calendar months and on or before the new
  start date.
sources:
  - Signs of Safety core data set P3, % of children becoming subject to early help again within 12 and 24 months (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Starting in the period: the early help start date is on or between the period's first and last day."
  - "Previous episode: an early help episode of the same child with an earlier start date and an end date; one with no end date has not ended and does not count (Annex A list 2 gives no end dates, so this needs a local early help extract)."
  - "Within 12 months: the previous end date is on or after the start date minus 12 calendar months (exactly 12 months counts; 29 February minus 12 months is 28 February) and on or before the start date (ending and restarting the same day counts)."
  - "Each episode counts, so a child with two episodes starting in the period counts twice."
requires: [early_help]
lookback: 24 months
split: true
variants:
  - {id: early_help_again_12m, lookback: 12 months, title: Early help again within 12 months of the previous episode ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 12 MONTH)::DATE, FALSE)"}}
  - {id: early_help_again_24m, title: Early help again within 24 months of the previous episode ending, params: {numerator: "coalesce(previous_end >= (started - INTERVAL 24 MONTH)::DATE, FALSE)"}}
published:
  none: "Early help is not collected nationally: nothing is published."
*/
SELECT p.period_id, eh.la_code, eh.early_help_id AS record_id, eh.child_id, eh.start_date AS event_date,
       (SELECT max(e.end_date) FROM early_help e
               WHERE e.child_id = eh.child_id AND e.start_date < eh.start_date
                 AND e.end_date <= eh.start_date) AS previous_end,
       eh.start_date AS started
FROM early_help eh
JOIN periods p ON eh.start_date BETWEEN p.period_start AND p.period_end
