"""Analysis: benchmarks, funnel plots, journeys, survival, forecasting (built on the store and the engine)."""
