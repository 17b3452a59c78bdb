/*
id: unregulated_under_16
title: No child under 16 placed in an unregulated or unregistered setting
definition: >
  No looked-after child under 16 is placed in independent or semi-independent (supported)
  accommodation, or in a children's home that is not registered with Ofsted. Every such placement
  is a breach: there is nothing to do late, only something that must not happen.
sources:
  - "The Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021 (SI 2021/161), in force 9 September 2021: children under 16 may be placed only in a children's home, foster care, with parents or connected people, or in another regulated setting"
  - "SSDA903 return guidance (Department for Education): placement codes H5, P2, K3 and the URN XXXXXXX for a placement not registered with Ofsted"
records:
  - {table: cla_episode, name: SSDA903 episodes}
  - {table: child, where: "dob IS NOT NULL", name: dates of birth}
boundaries:
  - "Unregulated: PLACE H5 (semi-independent living), P2 (independent living) or K3 (supported accommodation, registered for 16 and 17 year olds only). Unregistered: PLACE K2 or R1 (a children's home or residential care) with URN XXXXXXX."
  - "Under 16 on the day the episode started, or on 9 September 2021 for an episode open that day (placements before the ban are not breaches)."
  - "One breach per episode, due (and breached) on the later of its start and 9 September 2021; done is always empty. Short breaks (V3, V4) are left out."
*/
SELECT e.la_code, e.child_id, e.episode_id AS record_id,
       greatest(e.start_date, DATE '2021-09-09') AS due_date, NULL::DATE AS done_date
FROM cla_episode_context e JOIN child c ON c.child_id = e.child_id, practice_window w
WHERE (e.placement IN ('H5', 'P2', 'K3') OR (e.placement IN ('K2', 'R1') AND upper(e.urn) = 'XXXXXXX'))
  AND (e.end_date IS NULL OR e.end_date >= DATE '2021-09-09')
  AND age_on(c.dob, greatest(e.start_date, DATE '2021-09-09')) < 16
  AND e.start_date <= w.as_at
