"""Synthetic authorities: children's journeys through services, written in the real formats.

``carepath synth`` (see :mod:`carepath.synth.cli`) simulates a child population and every
child's path through the front door, assessments, section 47 enquiries, child protection and
child in need plans, care, adoption and leaving care, with the teams, workers, allocations,
visits, workforce and care proceedings around them. It writes the CIN census XML, SSDA903 CSV,
Ofsted Annex A workbook and local CSV extracts, so that the demo and the tests go through the
real readers, plus ``truth.json``: the parameters and the rates the records actually have.

Its parameters (:mod:`carepath.synth.params`) are explicit and seedable; the defaults are
England's published rates. It needs no reference data at run time.
"""
