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
  none: "DfE's children looked after statistics (LAIT LACDistance, the national framework's outcome 4) publish this; carepath does not read that table yet (it reads DfE's children in need tables B1, C1, C4 and D3, children looked after at 31 March, starting and ceasing, and the looked-after health outcomes)."
*/
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       d.distance_miles > 20 AND d.outside_authority AS numerator, TRUE AS denominator,
       d.distance_miles AS measure
FROM cla_at_period_end a
JOIN placement_distance d ON d.episode_id = a.episode_id
