"""Scripts executed inside the DfE validators' own environment (not imported by carepath).

Each script reads one JSON request on stdin, runs the field's validator through its library,
and prints one JSON answer on stdout. They import only the standard library, pandas and the
validators, because that environment pins pandas < 2 and numpy < 1.25.
"""
