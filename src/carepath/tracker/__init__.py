"""The outcome tracker: every child of a cohort with their outcomes, each RAG-rated by editable rules.

"Exploring data use and outcomes tracking in children's social care" (Frontline, February 2024)
found that authorities track performance measures rather than children's outcomes, and described
what works: a tracker that pulls in each child's data (health, education, placement moves), RAGs
it, lets people who know the child add their own RAG, and a board that talks about every child.
``rules`` reads the RAG rules (``rules.yml``, one editable file of thresholds and their reasons),
``values`` computes each child's items from the store, ``tracker`` puts them together, and ``cli``
is ``carepath tracker``. Manual RAGs and board meetings are written through the dashboard
(:mod:`carepath.web.tracker_notes`).
"""
