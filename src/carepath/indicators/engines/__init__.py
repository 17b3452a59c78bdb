"""Where the indicator engine runs its SQL: DuckDB (the store itself, the default) or Apache Spark.

The catalogue's SQL is written once, in DuckDB's dialect. :mod:`.parquet` writes the store's
canonical tables to Parquet (``carepath export-store``), which any engine reads;
:mod:`.spark` runs the qualifying-records step of every indicator on Spark, its SQL translated by
sqlglot with the calendar macros inlined (:mod:`.translate`).
"""
