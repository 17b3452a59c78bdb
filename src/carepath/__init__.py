"""carepath: children's social care performance and outcomes data for England.

Reads the statutory returns (CIN census, SSDA903, Ofsted Annex A) and local extracts into one
canonical child-level DuckDB store, checks them, and computes the indicator sets from it.
"""
__version__ = "0.1.0"
