"""Data quality: the DfE validation rules, run by the field's own validators in their own environment.

``returns`` works out which returns the files make, ``environment`` finds the validators'
virtual environment and runs the scripts in ``runner/`` inside it, ``validators`` stores each
run and its issues, ``report`` writes them out by child and by rule, ``cli`` is
``carepath validate``.
"""
