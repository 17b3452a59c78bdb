"""Indicators: one SQL file per indicator, an engine that computes them for every period and level.

See :mod:`carepath.indicators.catalogue` for what an indicator file holds and
:mod:`carepath.indicators.engine` for how the figures are made.
"""
