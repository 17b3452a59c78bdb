/*
id: cla_ceasing
title: Children ceasing to be looked after
unit: rate
polarity: neither
kind: flow
definition: >
  Children who ceased to be looked after in the period: an SSDA903 episode with a date ceased in
  the period and a reason other than X1 (care continues), short breaks (V3, V4) excluded. Only
  the last ceasing of each child in the period counts; its reason decides how the child left care.
sources:
  - RIIA 217, CLA ceasing (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE children looked after statistics, children ceasing to be looked after (last occasion in the year)
boundaries:
  - "In the period: DEC on or between the period's first and last day, REC not X1. An episode with a date ceased but no reason counts as ceasing (reason unknown); it is never in an adoption, SGO or CAO numerator."
  - "Short breaks excluded: the ceasing episode's legal status is not V3 or V4."
  - "One per child per period: the child's last ceasing in the period is the record, and its reason is the one used."
requires: [cla_episode]
variants:
  - {id: cla_ceasing, title: Children ceasing to be looked after, params: {counted: "TRUE"}}
  - id: cla_ceased_adoption_sgo
    title: Children ceasing to be looked after through adoption or special guardianship
    unit: percent
    polarity: higher
    params: {counted: "coalesce(e.reason_ceased IN ('E11', 'E12', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48'), FALSE)"}
    definition: >
      Of children ceasing to be looked after in the period (last ceasing per child), the percentage
      adopted (REC E11, E12) or leaving on a special guardianship order (E45-E48, legacy E43, E44).
    sources: ["Signs of Safety core data set O4, LAC moving to adoption and SGO (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)"]
    boundaries: ["Adoption: E11, E12. SGO: E45, E46, E47, E48 and the pre-2019 codes E43, E44."]
  - id: cla_ceased_sgo
    title: Children ceasing to be looked after through a special guardianship order
    unit: percent
    polarity: neither
    params: {counted: "coalesce(e.reason_ceased IN ('E43', 'E44', 'E45', 'E46', 'E47', 'E48'), FALSE)"}
    definition: >
      Of children ceasing to be looked after in the period (last ceasing per child), the percentage
      leaving on a special guardianship order (REC E45-E48, legacy E43, E44).
    sources: ["DfE children looked after statistics, ceased through SGO; national framework outcome 3"]
    boundaries: ["SGO: E45, E46, E47, E48 and the pre-2019 codes E43, E44 (LAIT still cites E43/E44)."]
  - id: cla_ceased_cao
    title: Children ceasing to be looked after through a residence or child arrangements order
    unit: percent
    polarity: neither
    params: {counted: "coalesce(e.reason_ceased = 'E41', FALSE)"}
    definition: >
      Of children ceasing to be looked after in the period (last ceasing per child), the percentage
      leaving on a residence order or child arrangements order (REC E41).
    sources: ["DfE children looked after statistics, ceased through residence order or CAO; national framework outcome 3"]
    boundaries: ["Residence or child arrangements order: E41 only."]
published:
  table: cla
  value: 'cla_ceasing_rate'
  numerator: 'cla_ceasing_count'
  denominator: 'cla_ceasing_population'
  difference: "DfE's published rate is rounded to a whole number; its count and the population it divided by are read too."
  by_variant:
    cla_ceased_adoption_sgo:
      release: Children looked after in England including adoptions
      file: la_children_who_ceased_during_the_year
      filters: {cla_group: Reason episode ceased, characteristic: [Adopted, Special guardianship orders, Special guardianship order]}
      value: percent
      numerator: number | children_count
      denominator: number | children_count
      denominator_filters: {characteristic: Total}
      difference: "Computed from DfE's published counts of children who ceased to be looked after (its table D1; the national framework's outcome 3), adopted plus special guardianship orders, over all who ceased in its reporting year to 31 March; DfE's counts are rounded and small ones suppressed (a suppressed part leaves no figure)."
    cla_ceased_sgo: &ceased
      release: Children looked after in England including adoptions
      file: la_children_who_ceased_during_the_year
      filters: {cla_group: Reason episode ceased, characteristic: [Special guardianship orders, Special guardianship order]}
      value: percentage | children_percent
      numerator: number | children_count
      denominator: number | children_count
      denominator_filters: {characteristic: Total}
      difference: "DfE's reporting year to 31 March, whole percentages of all children who ceased to be looked after (its table D1; the national framework's outcome 3); carepath counts each child's last ceasing in the period, as DfE does."
    cla_ceased_cao:
      <<: *ceased
      filters: {cla_group: Reason episode ceased, characteristic: Residence order or child arrangement order granted}
*/
SELECT p.period_id, e.la_code, e.episode_id AS record_id, e.child_id, e.end_date AS event_date,
       {counted} AS numerator, TRUE AS denominator
FROM cla_episode e
JOIN periods p ON e.end_date BETWEEN p.period_start AND p.period_end
WHERE coalesce(e.reason_ceased, '') <> 'X1' AND coalesce(e.legal_status, '') NOT IN ('V3', 'V4')
QUALIFY row_number() OVER (PARTITION BY p.period_id, e.child_id ORDER BY e.end_date DESC, e.start_date DESC) = 1
