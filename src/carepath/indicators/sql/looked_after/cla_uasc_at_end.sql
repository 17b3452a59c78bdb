/*
id: cla_uasc_at_end
title: Unaccompanied asylum-seeking children looked after at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  Of children looked after at the end of the period (cla_at_end), those who were unaccompanied
  asylum-seeking children on the period's last day: flagged UASC in the SSDA903 header or UASC
  table, and their UASC status had not ceased by then. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 218, current CLA UASC (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - DfE children looked after statistics, UASC at 31 March; national framework UASC at 31 March per 10,000
boundaries:
  - "Base: exactly the children of cla_at_end (DEC empty or after the last day; V3/V4 excluded; one per child)."
  - "UASC on the last day: child.uasc is true, or a date UASC ceased (DUC) is recorded; and DUC is empty or AFTER the period's last day. A child whose UASC status ceased ON the last day is no longer counted (the same rule as DEC)."
  - "The child's UASC flag is the store's latest (a later return that says the child is not UASC wins over an earlier one that said so, unless it gives a DUC)."
requires: [cla_episode]
published:
  release: Children looked after in England including adoptions
  file: la_cla_on_31_march_by_characteristics
  filters: {characteristic: Unaccompanied asylum-seeking children}
  value: rate_per_10000
  numerator: number | children_count
  denominator: population
  difference: "Computed as the national framework dashboard does: DfE's count of unaccompanied asylum-seeking children looked after at 31 March over the ONS estimate of children aged 0-17 of the preceding mid-year, per 10,000; DfE rounds national and regional counts and suppresses small local ones."
*/
SELECT a.period_id, a.la_code, a.episode_id AS record_id, a.child_id, a.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM cla_at_period_end a
JOIN child c ON c.child_id = a.child_id
WHERE (c.uasc OR c.uasc_ceased IS NOT NULL)
  AND (c.uasc_ceased IS NULL OR c.uasc_ceased > a.period_end)
