/*
id: cla_at_end
title: Children looked after at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Children looked after at the end of the period on the DfE definition: an SSDA903 episode that
  started on or before the period's last day and had not ceased by it (no date ceased, or a date
  ceased after the last day), children looked after under a series of short breaks (legal status
  V3 or V4) excluded. One per child. Per 10,000 children aged 0 to 17; by age at the end of the
  period, counts.
sources:
  - RIIA 215, current CLA (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 16, children looked after, by age (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set P1 (LAC)
  - DfE children looked after statistics, CLA at 31 March (LAIT CLA rate per 10,000); national framework CLA rate per 10,000
boundaries:
  - "At the end, DfE's rule: DECOM on or before the period's last day and DEC empty or AFTER the last day. A child whose episode ceased ON the last day is not looked after at the end (unlike CIN episodes and CP plans, which count on their closing day)."
  - "Short breaks excluded: the open episode's legal status is not V3 or V4. An episode with no legal status recorded counts."
  - "One per child: if the store holds two open episodes for a child (a data error), the later-started one is the record."
  - "Age bands: completed years on the period's last day (DfE bands under 1, 1-4, 5-9, 10-15, 16 and over). A child with no date of birth is in the total only."
requires: [cla_episode]
variants:
  - {id: cla_at_end, title: Children looked after at the end of the period, params: {ages: "TRUE"}}
  - {id: cla_at_end_under_1, title: "Children looked after at the end of the period: under 1", unit: count,
     params: {ages: "age_at_end = 0"}}
  - {id: cla_at_end_1_4, title: "Children looked after at the end of the period: aged 1-4", unit: count,
     params: {ages: "age_at_end BETWEEN 1 AND 4"}}
  - {id: cla_at_end_5_9, title: "Children looked after at the end of the period: aged 5-9", unit: count,
     params: {ages: "age_at_end BETWEEN 5 AND 9"}}
  - {id: cla_at_end_10_15, title: "Children looked after at the end of the period: aged 10-15", unit: count,
     params: {ages: "age_at_end BETWEEN 10 AND 15"}}
  - {id: cla_at_end_16_plus, title: "Children looked after at the end of the period: aged 16 and over", unit: count,
     params: {ages: "age_at_end >= 16"}}
published:
  table: cla
  value: 'cla_at_31_march_rate'
  numerator: 'cla_at_31_march_count'
  denominator: 'cla_at_31_march_population'
  difference: "DfE's published rate is rounded to a whole number; its count and the population it divided by are read too."
  by_variant:
    cla_at_end_under_1: &age
      release: Children looked after in England including adoptions
      file: la_cla_on_31_march_by_characteristics
      filters: {cla_group: [Age group, Age at 31 March], characteristic: Under 1 year}
      value: number | children_count
      difference: "DfE's table A1 counts children looked after at 31 March by age at 31 March; DfE rounds national and regional counts to the nearest 10 and suppresses small local ones."
    cla_at_end_1_4:
      <<: *age
      filters: {cla_group: [Age group, Age at 31 March], characteristic: 1 to 4 years}
    cla_at_end_5_9:
      <<: *age
      filters: {cla_group: [Age group, Age at 31 March], characteristic: 5 to 9 years}
    cla_at_end_10_15:
      <<: *age
      filters: {cla_group: [Age group, Age at 31 March], characteristic: 10 to 15 years}
    cla_at_end_16_plus:
      <<: *age
      filters: {cla_group: [Age group, Age at 31 March], characteristic: 16 years and over}
*/
SELECT period_id, la_code, record_id, child_id, event_date, TRUE AS numerator, NULL AS denominator
FROM (
    SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
           age_on(c.dob, a.period_end) AS age_at_end
    FROM cla_at_period_end a
    LEFT JOIN child c ON c.child_id = a.child_id
) looked_after
WHERE {ages}
