/*
id: care_leavers_at_birthday
title: Care leavers by what the record for the year of their birthday says
unit: percent
polarity: higher
kind: flow
definition: >
  Of care leavers whose 17th or 18th (19th, 20th or 21st) birthday falls in the period, the
  percentage whose care leaver record for the year of that birthday (SSDA903 OC3 or Ofsted Annex
  A list 9) passes the variant's test of activity or accommodation.
sources:
  - DfE CLA table F1
boundaries:
  - "Cohort: the 17th or 18th (19th, 20th or 21st) birthday, the date of birth plus that many years, falls on or between the period's first and last day (a 29 February birth has its birthday on 28 February in other years). One record per young person."
  - "The record for the birthday: the latest care_leaver row dated (as_at) on or after the birthday and no later than the 31 March that ends the birthday's financial year, which is the 903 OC3 row of that year's return. A young person with no such record is not in the cohort: OC3 lists DfE's cohort."
  - "Left out: in-touch status DIED or RHOM, a date of death on or before the period end, eligibility QUALIFYING or ELIGIBLE (not a former relevant young person), and a child whose every episode of care has legal status V3 or V4."
requires: [care_leaver]
# Each variant's boundaries come after the three above; the last one, written once as the YAML
# anchor &in_touch, ends every variant's list.
split: true
variants:
  - id: care_leavers_eet_17_18
    title: "Care leavers aged 17-18 in education, employment or training"
    params:
      numerator: "age IN (17, 18) AND coalesce(activity IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'), FALSE)"
      denominator: "age IN (17, 18)"
    definition: &eet_definition >
      Of care leavers whose 17th or 18th (19th, 20th or 21st) birthday falls in the period, the
      percentage in education, employment or training, as the care leaver record for the year of
      that birthday says (SSDA903 OC3 or Ofsted Annex A list 9). Those who died or returned home for
      six months or more, qualifying care leavers and young people whose only care was short breaks
      are left out; those not in touch, refusing contact or no longer needing services stay in the
      denominator and are not in education, employment or training.
    sources: &eet_sources
      - DfE national framework and CSC dashboard, outcome 4, care leavers in education, employment or training (17-18, 19-21)
      - LAIT CareLeaverEET; DfE CLA table F1
    boundaries: &eet_boundaries
      - "In education, employment or training: activity F1-F5 or P1-P5 (full or part time, including F3/P3 before 2022 and F4/F5/P4/P5 after). G4, G5, G6 (NEET) and 0 (not in touch, died, returned home) are not, nor is a missing activity."
      - &in_touch "Not in touch (NO), refused contact (REFU) and no longer requires services (NREQ) stay in the denominator (DfE)."
  - id: care_leavers_eet_19_21
    title: "Care leavers aged 19-21 in education, employment or training"
    params:
      numerator: "age IN (19, 20, 21) AND coalesce(activity IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'), FALSE)"
      denominator: "age IN (19, 20, 21)"
    definition: *eet_definition
    sources: *eet_sources
    boundaries: *eet_boundaries
  - id: care_leavers_suitable_accommodation_17_18
    title: "Care leavers aged 17-18 in suitable accommodation"
    params:
      numerator: "age IN (17, 18) AND coalesce(accommodation_suitable, FALSE) AND coalesce(accommodation, '') NOT IN ('G', 'H', 'R')"
      denominator: "age IN (17, 18) AND coalesce(accommodation, '') NOT IN ('G', 'H', 'R')"
    definition: &suitable_definition >
      Of care leavers whose 17th or 18th (19th, 20th or 21st) birthday falls in the period, the
      percentage in accommodation recorded as suitable, as the care leaver record for the year of
      that birthday says (SSDA903 OC3 or Ofsted Annex A list 9). Those who died or returned home for
      six months or more, who have gone abroad, been deported or whose residence is not known,
      qualifying care leavers and young people whose only care was short breaks are left out; those
      not in touch, refusing contact or no longer needing services stay in the denominator and are
      not counted as suitably accommodated.
    sources: &suitable_sources
      - DfE national framework and CSC dashboard, outcome 4, care leavers in suitable accommodation (17-18, 19-21)
      - LAIT CareLeaverAcc; DfE CLA table F1
    boundaries: &suitable_boundaries
      - "Also left out (DfE's accommodation measure): accommodation G (gone abroad), H (deported) and R (residence not known)."
      - "Suitable: the record's suitability is 1 (903 ACCOM letter then 1) or SUITABLE (Annex A). Not suitable, 0 (not in touch, died, returned home) and a missing suitability are not."
      - *in_touch
  - id: care_leavers_suitable_accommodation_19_21
    title: "Care leavers aged 19-21 in suitable accommodation"
    params:
      numerator: "age IN (19, 20, 21) AND coalesce(accommodation_suitable, FALSE) AND coalesce(accommodation, '') NOT IN ('G', 'H', 'R')"
      denominator: "age IN (19, 20, 21) AND coalesce(accommodation, '') NOT IN ('G', 'H', 'R')"
    definition: *suitable_definition
    sources: *suitable_sources
    boundaries: *suitable_boundaries
published:
  none: "Each variant names its own rows of DfE's care leaver tables (below)."
  by_variant:
    care_leavers_eet_17_18: &activity
      release: Children looked after in England including adoptions
      file: la_care_leavers_activity
      filters: {care_leaver_age | age: [17 to 18 years, Aged 17 to 18], breakdown | activity: "Total in education, employment or training"}
      value: care_leaver_percent | percentage
      numerator: care_leaver_count | number
      denominator: care_leaver_count | number
      denominator_filters: {breakdown | activity: Total}
      difference: "DfE's table F1 (LAIT CareLeaverEET; the national framework's outcome 4) counts care leavers whose birthday fell in its reporting year to 31 March, by their activity around the birthday, and rounds the percentage to a whole number."
    care_leavers_eet_19_21:
      <<: *activity
      filters: {care_leaver_age | age: [19 to 21 years, Aged 19 to 21], breakdown | activity: "Total in education, employment or training"}
    care_leavers_suitable_accommodation_17_18: &accommodation
      <<: *activity
      file: la_care_leavers_accommodation_suitability
      filters: {care_leaver_age | age: [17 to 18 years, Aged 17 to 18], accommodation_suitability: Accommodation considered suitable}
      denominator_filters: {accommodation_suitability: Total}
      difference: "DfE's table F1 (LAIT CareLeaverAcc; the national framework's outcome 4) counts care leavers whose birthday fell in its reporting year to 31 March, by the suitability of their accommodation, and rounds the percentage to a whole number."
    care_leavers_suitable_accommodation_19_21:
      <<: *accommodation
      filters: {care_leaver_age | age: [19 to 21 years, Aged 19 to 21], accommodation_suitability: Accommodation considered suitable}
*/
WITH leaver AS MATERIALIZED (   -- young people with a care leaver record, before their birthdays are worked out
    SELECT c.la_code, c.child_id, c.dob, c.date_of_death
    FROM child c WHERE c.child_id IN (SELECT child_id FROM care_leaver)
),
birthday AS (   -- each of the 17th to 21st birthdays (a small table of ages, read by both engines)
    SELECT p.period_id, p.period_end, a.la_code, a.child_id, a.date_of_death, a.age, a.birthday
    FROM (SELECT c.la_code, c.child_id, c.date_of_death, y.age, (c.dob + to_years(y.age))::DATE AS birthday
          FROM leaver c CROSS JOIN (VALUES (17), (18), (19), (20), (21)) AS y(age)) a
    JOIN periods p ON a.birthday BETWEEN p.period_start AND p.period_end
),
status AS (   -- the record describing the year of the birthday
    SELECT b.*, l.in_touch, l.activity, l.accommodation, l.accommodation_suitable, l.eligibility
    FROM birthday b JOIN care_leaver l
      ON l.child_id = b.child_id AND l.as_at >= b.birthday
     AND l.as_at <= make_date(year(b.birthday) + CASE WHEN month(b.birthday) >= 4 THEN 1 ELSE 0 END, 3, 31)
    QUALIFY row_number() OVER (PARTITION BY b.period_id, b.child_id ORDER BY l.as_at DESC) = 1
)
SELECT s.period_id, s.la_code, s.child_id AS record_id, s.child_id, s.birthday AS event_date, s.age,
       s.activity, s.accommodation, s.accommodation_suitable
FROM status s
WHERE coalesce(s.in_touch, '') NOT IN ('DIED', 'RHOM')
  AND coalesce(s.eligibility, '') NOT IN ('QUALIFYING', 'ELIGIBLE')
  AND (s.date_of_death IS NULL OR s.date_of_death > s.period_end)
  AND NOT (EXISTS (SELECT 1 FROM cla_episode e WHERE e.child_id = s.child_id)
           AND NOT EXISTS (SELECT 1 FROM cla_episode e WHERE e.child_id = s.child_id
                           AND (e.legal_status IS NULL OR e.legal_status NOT IN ('V3', 'V4'))))
