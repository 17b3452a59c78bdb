/*
id: icpcs_within_15wd
title: ICPCs within 15 working days of the S47 start
unit: percent
polarity: higher
kind: flow
definition: >
  DfE's measure: of initial child protection conferences held in the period after a section 47
  enquiry, the percentage held within 15 working days of the enquiry's start (the strategy
  discussion). The duration counts working days after S47ActualStartDate up to and including
  DateOfInitialCPC. Every ICPC counts if a child had several.
sources:
  - "DfE's wording of RIIA 209's subject; RIIA itself uses the proposal's \"percent of S47s\" (icpcs_within_15wd_of_s47s), of which this is the named variant"
  - DfE CIN table C4 (bands 0-10 and 11-15 working days over ICPCs with a duration); LAIT CP_conf_15days; national framework
boundaries:
  - "Held in the period: DateOfInitialCPC of the S47 is on or between the period's first and last day."
  - "Within 15 working days: duration <= 15, counting working days (Monday to Friday, not an England and Wales bank holiday) after the S47 start up to and including the ICPC date; the 15th working day is in time, the 16th late."
  - "Only ICPCs with a valid duration are in the measure: an ICPC dated before its S47 started is left out (DfE keeps it in the ICPC count, not in this measure)."
  - "S47s marked ICPC not required are not in the measure, even if they carry a date."
  - "An ICPC held without a S47 in its episode (CINdetails DateOfInitialCPC, e.g. transfer-in) has no duration and is not in the measure."
requires: [s47]
published:
  table: c4
  value: 'percent_of("Duration_0-10_days" + "Duration_11-15_days", "Duration_0-10_days" + "Duration_11-15_days" + "Duration_16-20_days" + "Duration_21+_days")'
  numerator: '"Duration_0-10_days" + "Duration_11-15_days"'
  denominator: '"Duration_0-10_days" + "Duration_11-15_days" + "Duration_16-20_days" + "Duration_21+_days"'
*/
SELECT p.period_id, s.la_code, s.s47_id AS record_id, s.child_id, s.icpc_date AS event_date,
       working_days(s.start_date, s.icpc_date) <= 15 AS numerator,
       TRUE AS denominator,
       working_days(s.start_date, s.icpc_date) AS measure
FROM s47 s
JOIN periods p ON s.icpc_date BETWEEN p.period_start AND p.period_end
WHERE s.icpc_not_required IS NOT TRUE AND s.start_date IS NOT NULL AND s.icpc_date >= s.start_date
