/*
name: seen_at_period_end
definition: >
  For each period in ``periods``, child and kind of visit (CIN, CP, CLA): seen_on, the latest visit
  of that kind dated on or before the period's last day at which the child was not recorded as
  unseen (``seen`` is not false: a visit with seen unknown counts, as Annex A's statutory visits
  are). Only visits in the 120 days up to the last day are looked at: every visiting interval is
  under 120 days, so a child last seen earlier is overdue whichever rule applies, as one never seen
  is. Columns: period_id, period_end, child_id, kind, seen_on.
*/
SELECT p.period_id, p.period_end, v.child_id, v.kind, max(v.visit_date) AS seen_on
FROM visit v JOIN periods p ON v.visit_date BETWEEN p.period_end - 120 AND p.period_end
WHERE v.seen IS DISTINCT FROM FALSE
GROUP BY p.period_id, p.period_end, v.child_id, v.kind
