"""Reference data: published figures, population estimates, statistical neighbours, authorities.

carepath reads these from a folder the user names (``--reference DIR`` or
``$CAREPATH_REFERENCE``), as it would after downloading DfE's and ONS's current releases. Files are
found by their columns, not their names, anywhere under that folder, so a release can be unpacked
as it comes. Nothing here is required: without reference data, rates use the store's own
population table and benchmark views say what is missing.
"""
