/*
id: cin_at_end
title: Children in need at the end of the period
unit: rate
polarity: neither
kind: snapshot
attribution: period_end
definition: >
  CIN episodes open at the end of the period, on the CIN census definition: children on child
  protection plans and children looked after are included, as every one of them has an open
  episode. Counted per episode (DfE's At31_episodes); one open non-NFA episode per child is a DfE
  rule, so this is in practice the number of children. Per 10,000 children aged 0 to 17.
sources:
  - RIIA 207, current children in need (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Improvement board core indicator 8, children in need on the CIN census definition (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Signs of Safety core data set P1 (CIN)
  - DfE CIN table B1 At31_episodes; national framework CIN rate per 10,000 at 31 March
boundaries:
  - "Open at the end of the period: referral date on or before the period's last day and no closure date, or a closure date on or after the last day (an episode closing on the last day is open on it)."
  - "An NFA referral made on the last day is open on it; one made earlier and closed the same day is not."
  - "Attributed to the practitioner holding the case on the period's last day."
requires: [referral]
published:
  table: b1
  value: 'rate_per_10k(At31_episodes, population)'
  numerator: 'At31_episodes'
  denominator: 'population'
  difference: "DfE counts episodes open at 31 March (At31_episodes), as carepath does; the rate is recomputed from that count and ONS's mid-year estimate of the preceding year, as DfE computes it."
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, p.period_end AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM referral r
JOIN periods p ON open_on(r.referral_date, r.closure_date, p.period_end)
