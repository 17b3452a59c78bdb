"""Record linkage: which of the store's children each legal department record is about.

The legal department's care proceedings extract names children (forename, surname, date of
birth, sex, postcode) but does not carry social care's child id. :mod:`.settings` declares the
linkage model as data (blocking rules, comparisons, thresholds), :mod:`.prepare` builds the two
sides and refuses rows that cannot be linked, :mod:`.link` runs a deterministic pass then a
Splink model trained on the data and stores the links, and :mod:`.report` measures the result
(match rate, weights, linked against unlinked, precision and recall against a known truth).
"""
