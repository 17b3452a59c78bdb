/*
id: cla_placed_in
title: Children looked after at the end of the period by placement type
unit: percent
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), the percentage whose placement
  on the last day was of the given type: foster care; secure and children's homes; independent,
  semi-independent living or supported accommodation.
sources:
  - DfE children looked after statistics, placement at 31 March; national framework outcome 4
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "Placement: the PLACE code of the episode open on the last day, as recorded. A child in a temporary placement (T0-T4) on that day is counted under the temporary code (in none of these groups), not under the usual placement."
  - "Groups (SPECS B.3, DfE dashboard groups, mapping marked inferred there): foster care U1-U6 (kinship and other); secure and children's homes K1, K2; independent, semi-independent and supported H5, P2 (to 2024-25) and K3 (from 2024-25)."
  - "Polarity: neither, for all three. The national framework shows them for context; a higher share in foster care or a lower share in independent settings is not better for every child."
requires: [cla_episode]
split: true
variants:
  - {id: cla_in_foster_care, title: Children looked after in foster care at the end of the period,
     params: {numerator: "coalesce(placement IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6'), FALSE)"}}
  - {id: cla_in_homes, title: Children looked after in secure or children's homes at the end of the period,
     params: {numerator: "coalesce(placement IN ('K1', 'K2'), FALSE)"}}
  - {id: cla_in_independent, title: "Children looked after in independent, semi-independent or supported accommodation at the end of the period",
     params: {numerator: "coalesce(placement IN ('H5', 'P2', 'K3'), FALSE)"}}
published:
  none: "Each variant names its own placement row of DfE's table of children looked after at 31 March (below)."
  by_variant:
    cla_in_foster_care: &placed
      release: Children looked after in England including adoptions
      file: la_cla_on_31_march_by_characteristics
      filters: {cla_group: Placement, characteristic: Foster placements}
      value: percentage | children_percent
      numerator: number | children_count
      denominator: number | children_count
      denominator_filters: {characteristic: Total}
      difference: "DfE's placement groups, at 31 March, in whole percentages; the total it divides by is the group's Total row."
    cla_in_homes:
      <<: *placed
      filters: {cla_group: Placement, characteristic: Secure homes and children's homes}
    cla_in_independent:
      <<: *placed
      filters: {cla_group: Placement, characteristic: Independent and semi-independent living arrangements/supported accommodation}
*/
SELECT period_id, la_code, episode_id AS record_id, child_id, period_end AS event_date,
       placement
FROM cla_at_period_end
