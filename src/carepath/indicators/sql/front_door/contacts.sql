/*
id: contacts
title: Contacts
unit: count
polarity: neither
kind: flow
definition: >
  Contacts at the front door in the period: every contact about a child whose contact date falls
  in the period, whether or not the child was already open to children's social care and whatever
  came of it. Each contact counts, so a child contacted about twice counts twice.
sources:
  - Improvement board core indicator 2, contacts (Core indicators for the improvement board, report of the head of quality, performance and improvement to the children's sub committee, 14 December 2016)
  - Ofsted ILACS Annex A list 1 (contacts)
boundaries:
  - "In the period: the contact date is on or between the period's first and last day."
  - "Counted per contact and per child (the store keeps one contact per child, date and source), as the authority recorded them: contacts about a family are counted once for each child named."
  - "No exclusions: contacts about children already open to social care count (see initial_contacts for those that do not)."
requires: [contact]
published:
  none: "Contacts are not collected nationally (the CIN census starts at referral): nothing is published."
*/
SELECT p.period_id, c.la_code, c.contact_id AS record_id, c.child_id, c.contact_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM contact c
JOIN periods p ON c.contact_date BETWEEN p.period_start AND p.period_end
