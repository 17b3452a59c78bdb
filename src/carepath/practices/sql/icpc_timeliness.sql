/*
id: icpc_timeliness
title: Initial child protection conference within 15 working days of the strategy discussion
definition: >
  An initial child protection conference is held within 15 working days of the strategy
  discussion that started the section 47 enquiry. Each enquiry whose conference was not held by
  its due day, or not at all, is a breach.
sources:
  - "Working Together to Safeguard Children 2023 (HM Government, December 2023), chapter 4: the initial child protection conference within 15 working days of the strategy discussion, or the last strategy discussion if more than one has been held"
records:
  - {table: s47, name: section 47 enquiries}
boundaries:
  - "The S47's start date is its strategy discussion (the CIN census S47ActualStartDate; the last discussion where the authority records it so)."
  - "Due add_working_days(strategy discussion, 15); a conference on the due day is in time."
  - "Enquiries whose conference was recorded as not required (ICPCnotRequired) are no occasion; an enquiry with neither a conference date nor that flag is awaiting its conference, and a breach once its due day has passed."
*/
SELECT s.la_code, s.child_id, s.s47_id AS record_id, add_working_days(s.start_date, 15) AS due_date,
       s.icpc_date AS done_date
FROM s47 s, practice_window w
WHERE s.start_date IS NOT NULL AND s.icpc_not_required IS NOT TRUE AND s.start_date <= w.as_at
