/*
id: cla_placed_20_miles
title: Children looked after placed more than 20 miles from home and outside the authority
unit: percent
polarity: lower
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period, the percentage whose placement on the last
  day was more than 20 miles from their home postcode and outside the authority's area. Distances
  are straight lines between the two postcodes' grid references in the ONS Postcode Directory, as
  DfE derives them for its published tables (the SSDA903 return carries only the postcodes).
sources:
  - DfE national framework outcome 4, placed more than 20 miles from home; LAIT LACDistance
boundaries:
  - "Base: the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child), whose episode on the last day gives both postcodes."
  - "More than 20 miles: strictly greater than 20.0 miles, straight line between postcode centroids (OS grid references, metres / 1,609.344)."
  - "Outside the authority: the placement postcode's local authority (a district taken to its county) is not the authority's own, which comes from the reference LA lookup (for a synthetic authority the lookup lacks, the real area it stands in for, ons_code in the truth.json beside its loaded files); both conditions must hold (LAIT)."
  - "A child whose home or placement postcode is not in the directory (or a temporary placement recorded without one) is left out of both numerator and denominator, so the figure is of children whose distance is known; authorities with no placeable postcodes, or whose ONS code is not in the reference data, get no figure."
requires: [cla_episode, placement_distance]
published:
  release: Children looked after in England including adoptions
  file: la_cla_on_31_march_by_characteristics
  filters: {cla_group: Distance between home and placement, characteristic: Placed more than 20 miles from home}
  value: percentage | children_percent
  numerator: number | children_count
  denominator: number | children_count
  denominator_filters: {characteristic: Total}
  difference: "DfE's row (LAIT LACDistance) counts every child placed more than 20 miles from home, inside the authority or outside it, in whole percentages; carepath counts only those also placed outside the authority, so its figure is at most DfE's."
*/
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       d.distance_miles > 20 AND d.outside_authority AS numerator, TRUE AS denominator,
       d.distance_miles AS measure
FROM cla_at_period_end a
JOIN placement_distance d ON d.episode_id = a.episode_id
