/*
id: referrals_by_source
title: Referrals by source
unit: percent
polarity: neither
kind: flow
definition: >
  Of referrals starting in the period (NFA included, as RIIA 202), the percentage from each group
  of referral sources of the CIN census. The eleven groups cover every referral once, so their
  percentages add up to 100; the numerator is the group's count of referrals (what RIIA 20202 to
  20212 submit).
sources:
  - RIIA 20202-20212, referrals by source (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
  - Signs of Safety core data set A2, % of referrals by source (Signs of Safety Quality Assurance System, Core Data Set v2.1.1, Munro, Turnell and Murphy Child Protection Consultancy, April 2019)
boundaries:
  - "In the period: the referral date is on or between the period's first and last day; every referral counts, NFA included (the denominator is RIIA 202)."
  - "Groups by CIN ReferralSource code: Individual 1A-1D; Schools 2A; Education services 2B; Health services 3A-3F; Housing 4; LA services 5A-5D (5D early help from 2022-23); Police 6; Other legal agency 7; Other 8; Anonymous 9; Unknown 10."
  - "A referral with no source recorded (or a code outside the list) is counted as Unknown, so the groups add up to all referrals."
requires: [referral]
split: true
variants:
  - {id: referrals_source_individual, title: "Referrals by source: individual (1A-1D)",
     params: {numerator: "coalesce(source IN ('1A', '1B', '1C', '1D'), FALSE)"}, sources: [RIIA 20202, Signs of Safety A2]}
  - {id: referrals_source_schools, title: "Referrals by source: schools (2A)",
     params: {numerator: "coalesce(source IN ('2A'), FALSE)"}, sources: [RIIA 20203, Signs of Safety A2]}
  - {id: referrals_source_education, title: "Referrals by source: education services (2B)",
     params: {numerator: "coalesce(source IN ('2B'), FALSE)"}, sources: [RIIA 20204, Signs of Safety A2]}
  - {id: referrals_source_health, title: "Referrals by source: health services (3A-3F)",
     params: {numerator: "coalesce(source IN ('3A', '3B', '3C', '3D', '3E', '3F'), FALSE)"}, sources: [RIIA 20205, Signs of Safety A2]}
  - {id: referrals_source_housing, title: "Referrals by source: housing (4)",
     params: {numerator: "coalesce(source IN ('4'), FALSE)"}, sources: [RIIA 20206, Signs of Safety A2]}
  - {id: referrals_source_la_services, title: "Referrals by source: LA services (5A-5D)",
     params: {numerator: "coalesce(source IN ('5A', '5B', '5C', '5D'), FALSE)"}, sources: [RIIA 20207, Signs of Safety A2]}
  - {id: referrals_source_police, title: "Referrals by source: police (6)",
     params: {numerator: "coalesce(source IN ('6'), FALSE)"}, sources: [RIIA 20208, Signs of Safety A2]}
  - {id: referrals_source_other_legal, title: "Referrals by source: other legal agency (7)",
     params: {numerator: "coalesce(source IN ('7'), FALSE)"}, sources: [RIIA 20209, Signs of Safety A2]}
  - {id: referrals_source_other, title: "Referrals by source: other (8)",
     params: {numerator: "coalesce(source IN ('8'), FALSE)"}, sources: [RIIA 20210, Signs of Safety A2]}
  - {id: referrals_source_anonymous, title: "Referrals by source: anonymous (9)",
     params: {numerator: "coalesce(source IN ('9'), FALSE)"}, sources: [RIIA 20211, Signs of Safety A2]}
  - {id: referrals_source_unknown, title: "Referrals by source: unknown (10, or not recorded)",
     params: {numerator: "source IS NULL OR source NOT IN ('1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9')"},
     sources: [RIIA 20212, Signs of Safety A2]}
published:
  none: "Each variant names its own column of DfE's table C5 (below)."
  by_variant:
    referrals_source_individual: &c5
      release: Children in need
      file: c5_children_in_need_referrals_by_source
      value: percent
      numerator: Individual
      denominator: Individual + Schools + Education_Services + Health_Services + Housing + LA_Services + Police + Other_legal_agency + Other + Anonymous + Unknown
      difference: "Computed from DfE's table C5 (referrals in the year by source): the group's referrals over the eleven groups added up, which is DfE's total (the England row of 2019-20 adds up exactly to its 642,980 referrals); an authority with any group suppressed (c) has no figure for any group. The column names Education_Services and Health_Services are as DfE's data set shows them; the other nine are inferred from DfE's group names (individual, schools, housing, LA services, police, other legal agency, other, anonymous, unknown) and are unchecked: the file is not in carepath's test data, and a column named otherwise leaves every group without a figure rather than a wrong one. DfE's LA services group holds social care and other internal and external local authority services; whether it holds early help (5D, from 2022-23) as carepath's does, and where DfE counts a referral with no source, are not published. The file's name is that of the release for the year ending 31 March 2021."
    referrals_source_schools: {<<: *c5, numerator: Schools}
    referrals_source_education: {<<: *c5, numerator: Education_Services}
    referrals_source_health: {<<: *c5, numerator: Health_Services}
    referrals_source_housing: {<<: *c5, numerator: Housing}
    referrals_source_la_services: {<<: *c5, numerator: LA_Services}
    referrals_source_police: {<<: *c5, numerator: Police}
    referrals_source_other_legal: {<<: *c5, numerator: Other_legal_agency}
    referrals_source_other: {<<: *c5, numerator: Other}
    referrals_source_anonymous: {<<: *c5, numerator: Anonymous}
    referrals_source_unknown: {<<: *c5, numerator: Unknown}
*/
SELECT p.period_id, r.la_code, r.referral_id AS record_id, r.child_id, r.referral_date AS event_date,
       r.source
FROM referral r
JOIN periods p ON r.referral_date BETWEEN p.period_start AND p.period_end
