"""Key practices ("never events"): statutory practices whose every breach is listed, reviewed and learnt from.

The idea is the one the NHS uses for never events, proposed for children's social care in section 7
of "Data Visualisation in Children's Social Care" (Coram for the Nuffield Foundation, April 2019):
a practice defined precisely enough that each breach can be counted, reviewed in a just culture
(what happened, what was learnt), not blamed. ``catalogue`` reads one SQL file per practice,
``engine`` finds every occasion it was due and every breach, attributed to the team and worker who
held the child's case on the due date, and ``cli`` is ``carepath practices``.
"""
