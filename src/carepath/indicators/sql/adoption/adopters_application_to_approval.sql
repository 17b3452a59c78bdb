/*
id: adopters_application_to_approval
title: "Average days from adopters' application to approval"
unit: days
polarity: lower
kind: flow
aggregate: mean
lookback: ever
definition: >
  For prospective adopter families approved in the period, the mean number of calendar days from
  their registration of interest (application) to approval, the time adopters wait in stages one
  and two (statutory guidance expects about six months).
sources:
  - "Ofsted, Social care common inspection framework, Annex A list 11 (adopters), 2023"
  - "DfE, Statutory guidance on adoption, 2013 (two-stage approval of adopters)"
boundaries:
  - "One record per family (adopters approved together share a family id): the family's earliest application date and earliest approval date."
  - "In the period: the approval date is on or between the period's first and last day."
  - "Days: approval date minus application date in calendar days; a family with no application date, or approved before it applied, is left out."
  - "No child: attributed to the authority only (no team or worker holds an adopter's case)."
requires: [adopter]
attribution: none
published:
  none: "DfE's adoption statistics (Children looked after in England, adoption tables, and the Adoption Leadership Board's scorecard) publish adopter approval times nationally and by regional adoption agency, not by authority in a table carepath reads."
*/
SELECT p.period_id, f.la_code, f.family_id AS record_id, NULL AS child_id, f.approved_date AS event_date,
       TRUE AS numerator, NULL AS denominator, datediff('day', f.application_date, f.approved_date) AS measure
FROM (SELECT family_id, any_value(la_code) AS la_code, min(application_date) AS application_date,
             min(approved_date) AS approved_date
      FROM adopter WHERE family_id IS NOT NULL GROUP BY family_id) f
JOIN periods p ON f.approved_date BETWEEN p.period_start AND p.period_end
WHERE f.application_date IS NOT NULL AND f.approved_date >= f.application_date
