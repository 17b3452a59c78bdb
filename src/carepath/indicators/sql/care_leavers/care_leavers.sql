/*
id: care_leavers
title: Care leavers aged 17 to 24
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
population: aged_11_18_six_years_earlier
definition: >
  Young people aged 17 to 24 at the end of the period who are care leavers and no longer looked
  after. A care leaver is known either from the SSDA903 history (looked after for at least 13
  weeks in total from the 14th birthday, short breaks V3 and V4 not counted, the care ending on
  or after the 16th birthday, and not ending in adoption, special guardianship, a residence or
  child arrangements order, or death) or from a care leaver record (903 OC3 or Ofsted Annex A
  list 9) dated on or before the end of the period. Per 10,000 of the population that was aged
  11 to 18 six years earlier (RIIA's denominator). One record per young person.
sources:
  - RIIA 219, care leavers aged 17 to 24 (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 19, count and eligibility status of care leavers (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Ofsted Annex A list 9
boundaries:
  - "Aged 17 to 24 at the end of the period: completed years on the period's last day (from the 17th birthday up to the day before the 25th). A young person without a date of birth cannot be aged and is not counted."
  - "From the 903 history: the days looked after from the 14th birthday (the birthday is the date of birth plus 14 years; 29 February births have theirs on 28 February) add up to at least 91 (13 weeks), counting each episode's days from its start up to, not including, its end, so that episodes joined by X1 do not count their shared day twice; episodes with legal status V3 or V4 (short breaks) never count."
  - "The care ended on or after the 16th birthday: the last non-short-break episode ended on or after the date of birth plus 16 years."
  - "Not a care leaver from the history when the last episode ended in adoption (E11, E12), special guardianship (E43-E48), a residence or child arrangements order (E41) or death (E2)."
  - "From a record: any care_leaver row dated (as_at) on or before the period end counts the young person, whatever its eligibility. Records dated after the period end are not used, since they may describe someone still in care at the time; the episode history covers those."
  - "Not looked after at the end: no non-short-break episode open on the last day (DfE's rule: no end date, or one after the last day)."
  - "Not counted: a young person who has died (date of death on or before the period end, or latest in-touch status DIED) or whose latest in-touch status is RHOM (returned home to parents for six months or more, no longer a care leaver)."
  - "Rate: the population aged 11 to 18 at mid-year six years before the mid-year a 0-17 rate would use (mid-2018 for 2024-25); it exists only where single years of age were loaded."
  - "Needs both the 903 episodes and the care leaver records (requires): from either alone the count would silently undercount, so without one of them the figure is left empty with a note."
requires: [cla_episode, care_leaver]
split: true
variants:
  - id: care_leavers
    title: Care leavers aged 17 to 24
    params: {numerator: "TRUE"}
  - id: care_leavers_relevant
    title: "Care leavers aged 17 to 24: relevant (aged 17)"
    unit: percent
    params: {numerator: "eligibility_group = 'RELEVANT'"}
    definition: >
      Of care leavers aged 17 to 24 at the end of the period, the percentage who are relevant
      young people: aged 17 and not a qualifying care leaver.
    sources: ["Improvement board core indicator 19, count and eligibility status of care leavers (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)"]
    boundaries: ["Eligibility: QUALIFYING when the latest care leaver record that gives an eligibility says so; otherwise by age at the period end, 17 relevant and 18 to 24 former relevant (a recorded RELEVANT or ELIGIBLE young person who has turned 18 is former relevant)."]
  - id: care_leavers_former_relevant
    title: "Care leavers aged 17 to 24: former relevant (18 to 24)"
    unit: percent
    params: {numerator: "eligibility_group = 'FORMER_RELEVANT'"}
    definition: >
      Of care leavers aged 17 to 24 at the end of the period, the percentage who are former
      relevant young people: aged 18 to 24 and not a qualifying care leaver.
    sources: ["Improvement board core indicator 19, count and eligibility status of care leavers (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)"]
    boundaries: ["Eligibility: QUALIFYING when the latest care leaver record that gives an eligibility says so; otherwise by age at the period end, 17 relevant and 18 to 24 former relevant."]
  - id: care_leavers_qualifying
    title: "Care leavers aged 17 to 24: qualifying"
    unit: percent
    params: {numerator: "eligibility_group = 'QUALIFYING'"}
    definition: >
      Of care leavers aged 17 to 24 at the end of the period, the percentage whose latest care
      leaver record with an eligibility calls them qualifying care leavers.
    sources: ["Improvement board core indicator 19, count and eligibility status of care leavers (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)"]
    boundaries: ["Eligibility: QUALIFYING only as recorded (Annex A list 9); the 903 history cannot tell it."]
  - id: care_leavers_uasc
    title: Care leavers who were unaccompanied asylum-seeking children
    unit: percent
    params: {numerator: "coalesce(uasc, FALSE)"}
    definition: >
      Of care leavers aged 17 to 24 at the end of the period (as in care_leavers), the percentage
      who were unaccompanied asylum-seeking children (former UASC).
    sources: ["RIIA 220, UASC care leavers (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)"]
    boundaries: ["Former UASC: the child record's UASC flag (903 UASC table, Annex A list 9 'UASC, or formerly UASC if 18 or over'); the date UASC status ceased (DUC, usually the 18th birthday) does not matter."]
  - id: care_leavers_in_touch
    lookback: 12 months
    title: Care leavers the authority is in touch with
    unit: percent
    polarity: higher
    params:
      numerator: "coalesce(in_touch = 'YES' AND in_touch_as_at > (period_end - INTERVAL 12 MONTH)::DATE, FALSE)"
      denominator: "coalesce(in_touch_as_at > (period_end - INTERVAL 12 MONTH)::DATE, FALSE)"
    definition: >
      Of care leavers aged 17 to 24 at the end of the period whose in-touch status was recorded in
      the 12 months up to the period end, the percentage whose latest recorded status is YES (in
      touch).
    sources: ["Signs of Safety core data set O5, potential looked-after children seen for after care (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)"]
    boundaries:
      - "The status is the latest care leaver record (OC3 or Annex A list 9) dated on or before the period end that gives one; it counts only if dated after the day 12 calendar months before the period end (for 2024-25: 1 April 2024 to 31 March 2025)."
      - "Not in touch (NO), refused contact (REFU) and no longer requires services (NREQ) stay in the denominator, as in DfE's care leaver measures; care leavers with no status in those 12 months are left out of both."
published:
  none: "DfE's Children looked after in England table F1 counts care leavers aged 17 to 21 (not 17 to 24) by activity and accommodation, and publishes no count of all care leavers aged 17 to 24 by authority: no published figure matches these definitions (the 17-18 and 19-21 activity and accommodation measures are matched by care_leavers_eet_* and care_leavers_suitable_accommodation_*)."
*/
WITH care AS (   -- episodes that can make a care leaver: short breaks never do
    SELECT e.child_id, e.start_date, e.end_date, e.reason_ceased, c.dob
    FROM cla_episode e JOIN child c ON c.child_id = e.child_id
    WHERE e.start_date IS NOT NULL AND (e.legal_status IS NULL OR e.legal_status NOT IN ('V3', 'V4'))
),
care_history AS (   -- each child's care up to each period end
    SELECT p.period_id, care.child_id,
           bool_or(care.end_date IS NULL OR care.end_date > p.period_end) AS looked_after_at_end,
           sum(greatest(0, date_diff('day', greatest(care.start_date, (care.dob + INTERVAL 14 YEAR)::DATE),
                                     least(coalesce(care.end_date, p.period_end), p.period_end)))) AS days_from_14,
           max(care.end_date) AS last_end,
           arg_max(coalesce(care.reason_ceased, ''), care.end_date) AS last_reason,
           any_value((care.dob + INTERVAL 16 YEAR)::DATE) AS sixteenth_birthday
    FROM care JOIN periods p ON care.start_date <= p.period_end
    GROUP BY p.period_id, care.child_id
),
from_history AS (
    SELECT period_id, child_id FROM care_history
    WHERE NOT looked_after_at_end AND days_from_14 >= 91 AND last_end >= sixteenth_birthday
      AND coalesce(last_reason, '') NOT IN ('E2', 'E11', 'E12', 'E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48')
),
record AS (   -- what the care leaver records dated on or before the period end say
    SELECT p.period_id, l.child_id,
           arg_max(l.in_touch, l.as_at) AS in_touch,
           max(l.as_at) FILTER (WHERE l.in_touch IS NOT NULL) AS in_touch_as_at,
           arg_max(l.eligibility, l.as_at) AS eligibility
    FROM care_leaver l JOIN periods p ON l.as_at <= p.period_end
    GROUP BY p.period_id, l.child_id
),
care_leaver_at_end AS (
    SELECT p.period_id, p.period_end, c.la_code, c.child_id, c.uasc, r.in_touch, r.in_touch_as_at,
           CASE WHEN r.eligibility = 'QUALIFYING' THEN 'QUALIFYING'
                WHEN age_on(c.dob, p.period_end) = 17 THEN 'RELEVANT'
                ELSE 'FORMER_RELEVANT' END AS eligibility_group
    FROM (SELECT period_id, child_id FROM from_history UNION SELECT period_id, child_id FROM record) k
    JOIN periods p ON p.period_id = k.period_id
    JOIN child c ON c.child_id = k.child_id
    LEFT JOIN care_history h ON h.period_id = k.period_id AND h.child_id = k.child_id
    LEFT JOIN record r ON r.period_id = k.period_id AND r.child_id = k.child_id
    WHERE age_on(c.dob, p.period_end) BETWEEN 17 AND 24
      AND NOT coalesce(h.looked_after_at_end, FALSE)
      AND (c.date_of_death IS NULL OR c.date_of_death > p.period_end)
      AND coalesce(r.in_touch, '') NOT IN ('DIED', 'RHOM')
)
SELECT *, child_id AS record_id, period_end AS event_date
FROM care_leaver_at_end
