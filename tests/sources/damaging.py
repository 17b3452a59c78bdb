"""Damaged CSV files, and the outcome of reading one, for the tests that read the same file column
by column and row by row (test_ssda903_columns.py, test_local_extract_columns.py) and compare."""
from __future__ import annotations

import random

from carepath.sources.batch import Batch
from carepath.sources.loader import arrow_tables


def damaged_csv(header: str, rows: list[str], nonsense: list[str], seed: int, quoted: bool,
                cuts: tuple[float, float, float, float, float], narrower_by: int) -> str:
    """60 rows drawn from ``rows``; by the cumulative chances ``cuts``, a row gets a nonsense cell,
    goes blank, grows a cell, loses ``narrower_by`` cells, or repeats an earlier row. Some files
    quote every cell of some rows; some end lines the Windows way."""
    width = header.count(",") + 1
    rng = random.Random(seed)
    lines = [header]
    for _ in range(60):
        cells = rng.choice(rows).format(n=rng.randint(1, 25), d=rng.randint(1, 9)).split(",")
        roll = rng.random()
        if roll < cuts[0]:
            cells[rng.randrange(width)] = rng.choice(nonsense)
        elif roll < cuts[1]:
            cells = [""] * width  # a blank row
        elif roll < cuts[2]:
            cells = cells + ["extra"]  # a row wider than the header
        elif roll < cuts[3]:
            cells = cells[:-narrower_by]  # a row narrower than it
        elif roll < cuts[4] and len(lines) > 1:
            cells = lines[rng.randrange(1, len(lines))].split(",")  # a duplicate, perhaps of a bad row
        line = ",".join(cells)
        if quoted and rng.random() < 0.2:
            line = ",".join(f'"{c}"' for c in cells)
        lines.append(line)
    return ("\r\n" if seed % 4 == 2 else "\n").join(lines) + "\n"


def outcome(batch: Batch, **extra) -> dict:
    """Everything a load keeps of a batch: counts, rejects, field issues, staged rows in order, the
    implied children, notes and the authority (and what else the caller names)."""
    tables = {name: (table.to_pylist(), years) for name, (table, years) in arrow_tables(batch).items()}
    return {"counts": {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()},
            "rejects": batch.rejects, "issues": batch.field_issues, "tables": tables,
            "implied": list(batch.implied_children.items()), "notes": batch.notes, "la": batch.la_code, **extra}
