/*
id: cla_missing
title: Children looked after who went missing or were away from placement
unit: percent
polarity: lower
kind: flow
definition: >
  Of children looked after at any time in the period, the percentage with a missing (M) or away
  from placement without authorisation (A) episode starting in the period.
sources:
  - DfE children looked after statistics, CLA who had a missing or away from placement incident during the year (SPECS D.6)
boundaries:
  - "Base: children with an episode other than a short break (V3, V4) open at some point in the period: DECOM on or before the last day, and DEC empty or on or after the first day (a child who ceased on the first day was looked after on it). One per child."
  - "Numerator: a missing episode of kind M or A whose start date is in the period. Missing episodes are recorded only while looked after (SSDA903), so the episode is not matched to care dates again."
  - "Each child once, however many times they went missing."
  - "Requires the Missing table: a store with episodes but no missing records (an Annex A only load) says 'no missing data loaded' rather than 0%."
  - "Attributed to the practitioner holding the case on the last day the child was looked after in the period."
requires: [cla_episode, missing]
published:
  release: Children looked after in England including adoptions
  file: la_children_who_were_missing_or_away_from_placement_without_authorisation
  filters: {missing_status | cla_group: Children who had a missing incident during the year}
  value: percent
  numerator: number
  denominator: number
  denominator_filters: {missing_status | cla_group: Children looked after during the year}
  difference: "DfE's children who had a missing incident during the year over children looked after during the year (short breaks excluded, as here); DfE publishes it as a whole percentage and as Official Statistics, warning that authorities record missing and away incidents differently. DfE counts missing (M) incidents only: children away from placement without authorisation (A) are a separate row, and a child can be in both, so the two cannot be added. carepath counts M or A, so its figure is never below DfE's on the same records. The file's name is that of the release for the year ending 31 March 2022; the 2021-2025 data set calls its filter column missing_status (earlier cla_group), and both are read. Unchecked against the file itself: it is not in carepath's test data."
*/
WITH looked_after AS (
    SELECT p.period_id, p.period_start, p.period_end, e.la_code, e.child_id,
           max(least(coalesce(e.end_date, p.period_end), p.period_end)) AS last_day
    FROM cla_episode e
    JOIN periods p ON open_between(e.start_date, e.end_date, p.period_start, p.period_end)
    WHERE coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
    GROUP BY p.period_id, p.period_start, p.period_end, e.la_code, e.child_id
)
SELECT l.period_id, l.la_code, l.child_id AS record_id, l.child_id, l.last_day AS event_date,
       EXISTS (SELECT 1 FROM missing m
               WHERE m.child_id = l.child_id AND m.kind IN ('M', 'A')
                 AND m.start_date BETWEEN l.period_start AND l.period_end) AS numerator,
       TRUE AS denominator
FROM looked_after l
