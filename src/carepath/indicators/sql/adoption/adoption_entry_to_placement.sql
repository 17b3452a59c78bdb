/*
id: adoption_entry_to_placement
title: "Average days from entering care to being placed for adoption"
unit: days
polarity: lower
kind: flow
aggregate: mean
lookback: ever
definition: >
  For children placed for adoption in the period (moved in with their prospective adopters), the
  mean number of calendar days from the start of the period of care in which they were placed to
  the placement, the adoption scorecard's "average time between a child entering care and moving
  in with its adoptive family" (measured at placement, not at the adoption order).
sources:
  - "DfE, Adoption scorecards (A1/A10: time between entering care and moving in with the adoptive family), published annually"
  - SSDA903 PlacedAdoption (DATE_PLACED) and episodes (DECOM)
boundaries:
  - "In the period: the adoption record's placed date (DATE_PLACED) is on or between the period's first and last day. Each placement counts."
  - "Entering care: care_start of the period of care (short breaks left out; episodes joined by X1 are one period) that was open on the placed date, i.e. started on or before it and not ended before it."
  - "Days: placed date minus care start in calendar days (placed on the day care began is 0)."
  - "A placement with no period of care open on its date (episodes not loaded) is left out: it has no entry date to count from."
requires: [adoption, cla_episode]
published:
  none: "DfE publishes this by authority only in the adoption scorecard (A1, average days between entering care and moving in with the adoptive family, over three years), a spreadsheet of the Adoption and Special Guardianship Leadership Board, not a data file on Explore education statistics; its Children looked after in England release publishes the average time between adoption stages for England only (national_cla_adopted_average_time_between_adoption_process_stages, in years and months), which is not compared by authority."
*/
SELECT p.period_id, a.la_code, a.adoption_id AS record_id, a.child_id, a.placed_date AS event_date,
       TRUE AS numerator, NULL AS denominator, datediff('day', c.care_start, a.placed_date) AS measure
FROM adoption a
JOIN periods p ON a.placed_date BETWEEN p.period_start AND p.period_end
JOIN cla_care_period c ON c.child_id = a.child_id AND c.care_start <= a.placed_date
                      AND (c.care_end IS NULL OR c.care_end >= a.placed_date)
