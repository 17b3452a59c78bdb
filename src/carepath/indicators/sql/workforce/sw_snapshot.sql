/*
id: sw_snapshot
title: Social worker workforce measures from the latest workforce snapshot
unit: percent
polarity: lower
kind: snapshot
attribution: none
definition: >
  A numerator and a denominator taken from the fields of the latest workforce snapshot of each
  team (or of the authority) in the 12 months up to the period end; each variant names the fields.
sources:
  - DfE children's social work workforce census
requires: [workforce]
lookback: 12 months
# Every variant lists its boundaries in full (its own first, then the four of every snapshot
# measure, written once under sw_agency_rate as the YAML anchors &snapshot, &units, &weights and
# &attributed): the catalogue adds a variant's boundaries after the file's, which would change
# their order.
variants:
  - id: sw_agency_rate
    title: Agency social worker rate
    unit: percent
    polarity: lower
    params:
      numerator: "w.agency_fte"
      denominator: "w.agency_fte + w.in_post_fte"
      given: "w.agency_fte IS NOT NULL AND w.in_post_fte IS NOT NULL"
    definition: >
      Agency social workers as a percentage of all social workers, in FTE: agency / (agency +
      directly employed in post), from the latest workforce snapshot of each team (or of the
      authority) in the 12 months up to the period end (DfE's definition, at 30 September).
    sources:
      - Signs of Safety core data set W4, agency rate (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
      - DfE national framework enabler, agency worker rate (children's social work workforce census)
      - Improvement board core indicator 20, social care workforce (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
    boundaries:
      - "Agency: agency_fte; in post: in_post_fte, the directly employed FTE (agency workers are not part of it)."
      - &snapshot "The snapshot used: each unit's latest workforce snapshot dated on or before the period's last day and after the day 12 calendar months before it (for 2024-25: 1 April 2024 to 31 March 2025) that gives the figures this measure needs; an older snapshot is not carried forward."
      - &units "Units: when the authority has team snapshots in those 12 months, the teams are used (so teams add up to the authority) and an authority-wide row (unit = the LA code) is ignored; otherwise the authority-wide row is the figure, shown as Not allocated below the authority."
      - &weights "FTE are weights: the authority's figure is the sum of the units' numerators over the sum of their denominators, not an average of team rates."
      - &attributed "Attributed to the snapshot's team directly, not through case allocations."
  - id: sw_caseload
    title: Social worker average caseload (cases per FTE)
    unit: ratio
    polarity: lower
    params:
      numerator: "w.cases"
      denominator: "w.in_post_fte + coalesce(w.agency_fte, 0)"
      given: "w.cases IS NOT NULL AND w.in_post_fte IS NOT NULL"
    definition: >
      Cases held per FTE social worker, agency workers included: cases / (FTE in post + agency FTE),
      from the latest workforce snapshot of each team (or of the authority) in the 12 months up to
      the period end (DfE: cases held by FTE social workers, agency included, at 30 September).
    sources:
      - Improvement board core indicator 20, social care workforce and caseloads (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
      - DfE national framework enabler, average caseload (children's social work workforce census)
    boundaries:
      - "Cases: the snapshot's cases; FTE: in_post_fte plus agency_fte (an empty agency_fte is taken as no agency workers)."
      - "DfE divides by the FTE of social workers holding at least one case; the snapshot gives all FTE, so a team with workers holding no cases shows a lower caseload than DfE would."
      - *snapshot
      - *units
      - *weights
      - *attributed
  - id: sw_sickness
    title: Social worker sickness absence (days per FTE)
    unit: ratio
    polarity: lower
    params:
      numerator: "w.sickness_days"
      denominator: "w.in_post_fte"
      given: "w.sickness_days IS NOT NULL AND w.in_post_fte IS NOT NULL"
    definition: >
      Working days lost to sickness in the 12 months up to the snapshot per FTE social worker in
      post, from the latest workforce snapshot of each team (or of the authority) in the 12 months up
      to the period end.
    sources:
      - Signs of Safety core data set W3, sickness rate (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
      - DfE children's social work workforce census, days lost to sickness absence
      - Improvement board core indicator 20, social care workforce (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
    boundaries:
      - "Sickness days: sickness_days of the snapshot, taken to be the days lost in the 12 months up to its date (DfE census); a local extract must give 12-month totals."
      - "Per FTE in post (in_post_fte, directly employed): agency workers' sickness is not recorded. A ratio, not a percentage of working days."
      - *snapshot
      - *units
      - *weights
      - *attributed
  - id: sw_turnover_rate
    title: Social worker turnover rate
    unit: percent
    polarity: lower
    params:
      numerator: "w.leavers_fte"
      denominator: "w.in_post_fte"
      given: "w.leavers_fte IS NOT NULL AND w.in_post_fte IS NOT NULL"
    definition: >
      FTE social workers who left in the 12 months up to the snapshot as a percentage of the FTE
      in post at the snapshot (DfE: leavers 1 October to 30 September / FTE in post at 30 September),
      from the latest workforce snapshot of each team (or of the authority) in the 12 months up to the
      period end.
    sources:
      - Signs of Safety core data set W2, turnover rate (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
      - DfE national framework enabler, social worker turnover rate (children's social work workforce census)
      - Improvement board core indicator 20, social care workforce (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
    boundaries:
      - "Leavers: leavers_fte of the snapshot, taken to be the FTE who left in the 12 months up to its date, as in the DfE census; a local extract must give 12-month totals, not monthly ones."
      - "In post: in_post_fte, the directly employed FTE at the snapshot; agency workers are neither leavers nor in post."
      - *snapshot
      - *units
      - *weights
      - *attributed
  - id: sw_vacancy_rate
    title: Social worker vacancy rate
    unit: percent
    polarity: lower
    params:
      numerator: "coalesce(w.vacancies_fte, greatest(w.establishment_fte - w.in_post_fte, 0))"
      denominator: "coalesce(w.vacancies_fte, greatest(w.establishment_fte - w.in_post_fte, 0)) + w.in_post_fte"
      given: "w.in_post_fte IS NOT NULL AND (w.vacancies_fte IS NOT NULL OR w.establishment_fte IS NOT NULL)"
    definition: >
      Vacant social worker posts as a percentage of all posts, in full-time equivalents (FTE):
      vacancies / (vacancies + social workers in post), from the latest workforce snapshot of each
      team (or of the authority) in the 12 months up to the period end. DfE's children's social work
      workforce definition, which DfE takes at 30 September.
    sources:
      - Signs of Safety core data set W1, vacancy rate (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
      - DfE national framework enabler, social worker vacancy rate (children's social work workforce census)
      - Improvement board core indicator 20, social care workforce (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
    boundaries:
      - "Vacancies: vacancies_fte as given; when it is empty, establishment_fte minus in_post_fte (never below 0). Posts covered by agency workers are still vacancies (DfE)."
      - "In post: in_post_fte, the directly employed FTE; agency workers are not in post."
      - *snapshot
      - *units
      - *weights
      - *attributed
published:
  none: "Each variant names its own column of DfE's Children's social work workforce data file (below)."
  by_variant:
    sw_agency_rate: &csww
      release: Children's social work workforce
      file: csww_indicators
      as_at: 30 September
      value: agency_rate_fte
      numerator: agency_fte
      denominator: agency_fte + inpost_fte
      difference: "DfE counts at 30 September (time_period 2024 is 30 September 2024, compared with carepath's 2024-25); carepath takes each team's latest snapshot in the 12 months up to the period end. An authority DfE publishes jointly with another (North and West Northamptonshire) has no published figure of its own."
    sw_caseload:
      <<: *csww
      value: caseload_fte
      numerator: cases
      denominator: case_holders_fte
      difference: "DfE divides cases by the FTE of social workers holding cases (case_holders_fte), at 30 September; carepath divides by all FTE in post and agency, from each team's latest snapshot in the 12 months up to the period end, so it shows a lower caseload where some workers hold no cases."
    sw_sickness:
      <<: *csww
      value: ratio
      numerator: working_days_lost_fte
      denominator: inpost_fte
      difference: "DfE publishes absence as a percentage of working days (absence_rate_fte); the comparator here is computed from DfE's working days lost to sickness over FTE in post (both published), as days per FTE like carepath's, for the 12 months to 30 September."
    sw_turnover_rate:
      <<: *csww
      value: turnover_rate_fte
      numerator: leavers_fte
      denominator: inpost_fte
      difference: "DfE counts leavers from 1 October to 30 September over FTE in post at 30 September; carepath takes each team's latest snapshot in the 12 months up to the period end."
    sw_vacancy_rate:
      <<: *csww
      value: vacancy_rate_fte
      numerator: vacancy_fte
      denominator: vacancy_fte + inpost_fte
      difference: "DfE counts vacancies at 30 September; carepath takes each team's latest snapshot in the 12 months up to the period end."
*/
WITH snapshot AS (   -- each unit's latest snapshot in the 12 months up to the period end that gives the figures
    SELECT p.period_id, w.la_code, w.workforce_id, w.unit, w.snapshot_date, w.unit <> w.la_code AS is_team,
           {numerator} AS numerator, {denominator} AS denominator
    FROM workforce w
    JOIN periods p ON w.snapshot_date <= p.period_end AND w.snapshot_date > (p.period_end - INTERVAL 12 MONTH)::DATE
    WHERE {given}
    QUALIFY row_number() OVER (PARTITION BY p.period_id, w.unit ORDER BY w.snapshot_date DESC) = 1
)
SELECT s.period_id, s.la_code, s.workforce_id AS record_id, NULL::VARCHAR AS child_id, s.snapshot_date AS event_date,
       s.numerator, s.denominator, CASE WHEN s.is_team THEN s.unit END AS team_id
FROM snapshot s
WHERE s.is_team OR NOT EXISTS (SELECT 1 FROM snapshot t WHERE t.period_id = s.period_id AND t.la_code = s.la_code
                                                          AND t.is_team)
