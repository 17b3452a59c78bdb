/*
id: initial_contacts
title: Initial contacts
unit: rate
polarity: neither
kind: flow
definition: >
  Contacts in the period about a child who was not open to children's safeguarding services at
  the contact date: no open CIN episode (referral), no child protection plan and not looked after.
  Where the contact record says whether the child was already open (contact.open_to_csc, from a
  local extract), that answer is used; otherwise it is worked out from the store. Each contact
  counts (per child, not per family). Per 10,000 children aged 0 to 17.
sources:
  - RIIA 201, initial contacts (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021)
boundaries:
  - "In the period: the contact date is on or between the period's first and last day."
  - "contact.open_to_csc, when the source gives it (Y or N), wins over the store's history."
  - "Otherwise the child was open at the contact date when a non-NFA referral (CIN episode), a CP plan or a looked-after episode (any legal status, short breaks V3/V4 included) had started BEFORE the contact date and had not ended before it (no end date, or an end date on or after the contact date)."
  - "Something starting on the contact date itself is what the contact led to, so it does not make the contact a contact about an open child (a referral made the same day from this contact is the usual case)."
  - "A case closing on the contact date was still open that day: such a contact is not an initial contact."
  - "An NFA referral never makes a child open afterwards, even with no closure date."
  - "Open early help is not safeguarding services: a child open only to early help is an initial contact."
  - "Each contact counts, so a child contacted about twice in the period, not open either time, counts twice (RIIA 'per child if possible')."
requires: [contact, referral]
published:
  none: "Contacts are not collected nationally (the CIN census starts at referral): nothing is published."
*/
WITH in_period AS (
    SELECT p.period_id, c.la_code, c.contact_id, c.child_id, c.contact_date, c.open_to_csc
    FROM contact c
    JOIN periods p ON c.contact_date BETWEEN p.period_start AND p.period_end
)
SELECT period_id, la_code, contact_id AS record_id, child_id, contact_date AS event_date,
       TRUE AS numerator, NULL AS denominator
FROM in_period
WHERE open_to_csc IS NOT NULL AND NOT open_to_csc   -- the contact record says
UNION ALL
SELECT c.period_id, c.la_code, c.contact_id, c.child_id, c.contact_date, TRUE, NULL
FROM in_period c
WHERE c.open_to_csc IS NULL   -- worked out from the store
  AND NOT EXISTS (SELECT 1 FROM referral r
                  WHERE r.child_id = c.child_id AND r.nfa IS NOT TRUE
                    AND r.referral_date < c.contact_date
                    AND (r.closure_date IS NULL OR r.closure_date >= c.contact_date))
  AND NOT EXISTS (SELECT 1 FROM cp_plan cp
                  WHERE cp.child_id = c.child_id AND cp.start_date < c.contact_date
                    AND (cp.end_date IS NULL OR cp.end_date >= c.contact_date))
  AND NOT EXISTS (SELECT 1 FROM cla_episode e
                  WHERE e.child_id = c.child_id AND e.start_date < c.contact_date
                    AND (e.end_date IS NULL OR e.end_date >= c.contact_date))
