/*
id: early_help_at_end
title: Children open to early help at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Children with an early help episode open on the period's last day, per 10,000 children aged 0
  to 17. Counted per child: a child with two overlapping episodes (two organisations, say) counts
  once, and the record is the episode that started first.
sources:
  - Signs of Safety core data set P1, number of children on early help, and per 10,000 (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "Open at the end of the period: the early help start date is on or before the last day and there is no end date or an end date on or after it (an episode ending on the last day is open on it)."
  - "An episode with no end date is open: Annex A list 2 gives no end dates, so an authority that loads early help only from Annex A counts every child whose assessment started on or before the last day."
  - "One per child; the record is the child's earliest-started open episode (ties: the lowest id)."
  - "Children also open to social care are not excluded."
requires: [early_help]
published:
  none: "Early help is not collected nationally: nothing is published."
*/
SELECT p.period_id, eh.la_code, eh.early_help_id AS record_id, eh.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM early_help eh
JOIN periods p ON open_on(eh.start_date, eh.end_date, p.period_end)
QUALIFY row_number() OVER (PARTITION BY p.period_id, eh.child_id ORDER BY eh.start_date, eh.early_help_id) = 1
