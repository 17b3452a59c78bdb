/*
id: cla_starting
title: Children starting to be looked after
unit: rate
polarity: neither
kind: flow
definition: >
  Children who started to be looked after in the period: an SSDA903 episode with reason for new
  episode S (started to be looked after) whose start date falls in the period, short breaks (V3,
  V4) excluded. Only the first start of each child in the period counts, so a child starting
  twice counts once. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 216, new CLA (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE children looked after statistics, children starting to be looked after (first occasion in the year); national framework rate starting to be looked after per 10,000
boundaries:
  - "In the period: DECOM on or between the period's first and last day, and RNE = S. Episodes with any other reason (or none, as on Annex A episodes that began after the period of care) are changes within care, not starts."
  - "Short breaks excluded: the starting episode's legal status is not V3 or V4. A child whose care began under V3/V4 and later changed to another status (RNE L) is not counted as starting (DfE counts RNE S only)."
  - "One per child per period: the child's first start in the period is the record; a second start in the same period does not count again (each quarter and each year is counted separately, so quarters need not add up to the year)."
requires: [cla_episode]
published:
  table: cla
  value: 'cla_starting_rate'
  numerator: 'cla_starting_count'
  denominator: 'cla_starting_population'
  difference: "DfE's published rate is rounded to a whole number; its count and the population it divided by are read too."
*/
SELECT p.period_id, e.la_code, e.episode_id AS record_id, e.child_id, e.start_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cla_episode e
JOIN periods p ON e.start_date BETWEEN p.period_start AND p.period_end
WHERE e.rne = 'S' AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
QUALIFY row_number() OVER (PARTITION BY p.period_id, e.child_id ORDER BY e.start_date) = 1
