/*
id: adoption_order_to_match
title: "Average days from placement order to matching with adopters"
unit: days
polarity: lower
kind: flow
aggregate: mean
lookback: ever
definition: >
  For children matched with prospective adopters in the period, the mean number of calendar days
  from the court's placement order (authority to place the child) to the match, the adoption
  scorecard's "average time between a local authority receiving court authority to place a child
  and deciding on a match to an adoptive family".
sources:
  - "DfE, Adoption scorecards (A2: time between placement order and match), published annually"
  - SSDA903 AD1 and PlacedAdoption (date of the placement order, date matched)
boundaries:
  - "In the period: the matched date is on or between the period's first and last day. Each adoption record counts."
  - "Days: matched date minus placement order date in calendar days."
  - "Left out: a record with no placement order date, or one matched before its placement order (a data error, not a negative wait)."
requires: [adoption]
published:
  none: "DfE publishes this by authority only in the adoption scorecard (A2, average days between a placement order and the match, over three years), a spreadsheet of the Adoption and Special Guardianship Leadership Board, not a data file on Explore education statistics; its Children looked after in England release publishes the average time between adoption stages for England only (national_cla_adopted_average_time_between_adoption_process_stages, in years and months), which is not compared by authority."
*/
SELECT p.period_id, a.la_code, a.adoption_id AS record_id, a.child_id, a.matched_date AS event_date,
       TRUE AS numerator, NULL AS denominator, datediff('day', a.placement_order_date, a.matched_date) AS measure
FROM adoption a
JOIN periods p ON a.matched_date BETWEEN p.period_start AND p.period_end
WHERE a.placement_order_date IS NOT NULL AND a.matched_date >= a.placement_order_date
