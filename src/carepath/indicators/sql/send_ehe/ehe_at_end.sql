/*
id: ehe_at_end
title: Children known to be electively home educated
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Children known to the authority to be electively home educated at the end of the period: an
  EHE record that started on or before the period's last day and had not ended before it. One
  record per child. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 221, electively home educated children (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "At the end: the EHE record's start date is on or before the period's last day and its end date is empty or on or after it (a child whose home education ends on the last day is still counted)."
  - "Each child once, even with overlapping EHE records."
  - "Children known only to the EHE extract count: no child record, date of birth or social care involvement is needed, and no age limit is applied (the extract is taken to hold children of compulsory school age)."
  - "Rate: per 10,000 children aged 0-17 in the ONS mid-year estimate of the calendar year before the financial year ends."
requires: [ehe]
published:
  none: "DfE's Elective home education release publishes autumn and spring term counts by authority, not at carepath's period ends, so no figure matches carepath's periods."
*/
SELECT p.period_id, e.la_code, e.child_id AS record_id, e.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM ehe e
JOIN periods p ON open_on(e.start_date, e.end_date, p.period_end)
GROUP BY p.period_id, e.la_code, e.child_id, p.period_end
