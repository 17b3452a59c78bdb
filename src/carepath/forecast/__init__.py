"""Demand and cost forecasting: children looked after by age and placement type, projected monthly.

``history`` turns SSDA903 episodes into each child's state at every month end; ``markov`` estimates
entry, transition and exit rates over a reference window and projects them forward with exact
ageing; ``scenario`` changes rates from a YAML file; ``costs`` prices the projection per week.
"""
