"""Children's lives over time: survival curves, cumulative incidence by birth cohort, groups of care histories.

The longitudinal view of an authority's own children asked for in *Data Visualisation in
Children's Social Care* (compiled by Renuka Jeyarajah-Dent, Coram, for the Nuffield Foundation,
April 2019; section 4, Ruth Gilbert, "Using longitudinal data to evaluate children's social care",
and section 6 on children's pathways after orders), built on the histories the store stitches
across years:

* :mod:`.histories`: the time-to-event records (one per period of care, CP plan, referral...)
  derived from the store, with the end of the data and the factors curves are split by;
* :mod:`.survival`: Kaplan-Meier curves, log-rank tests, the table of medians and shares at 6,
  12, 24 and 60 months, and the Cox model of return to care (lifelines);
* :mod:`.incidence`: cumulative incidence of first contact with services by birth cohort;
* :mod:`.sequences`: groups of care histories (monthly states, Hamming distances, clustering);
* :mod:`.control`: disclosure control of curves and tables;
* :mod:`.charts` and :mod:`.output`: static charts and the files ``carepath analyse --out`` writes.
"""
