"""The canonical store: table declarations (tables.py), ids (ids.py), and the DuckDB file (store.py)."""
