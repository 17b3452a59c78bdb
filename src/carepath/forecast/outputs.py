"""Writing a forecast for analysts: CSV and xlsx tables, PNG and SVG charts, and a notes file."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES


def write_tables(out: Path, sheets: dict[str, pd.DataFrame], notes: list[str], workbook: str) -> list[Path]:
    """Each table as DIR/<name>.csv, all of them in one DIR/<workbook>.xlsx, and DIR/notes.txt."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in sheets.items():
        frame.to_csv(out / f"{name}.csv", index=False, float_format="%.4f")
        written.append(out / f"{name}.csv")
    with pd.ExcelWriter(out / workbook, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name[:31], index=False)
        pd.DataFrame({"notes": notes}).to_excel(xl, sheet_name="notes", index=False)
    (out / "notes.txt").write_text("\n".join(notes) + "\n")
    return written + [out / workbook, out / "notes.txt"]


def line_chart(path_stem: Path, title: str, series: dict[str, pd.DataFrame], ylabel: str,
               value: str = "forecast", observed: pd.DataFrame | None = None) -> list[Path]:
    """One chart, as PNG and SVG: a line per series with its interval shaded; optional observed points."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(9, 5))
    for label, frame in series.items():
        x = pd.to_datetime(frame["month_end"])
        line, = ax.plot(x, frame[value], label=label)
        ax.fill_between(x, frame["lower"], frame["upper"], alpha=0.15, color=line.get_color())
    if observed is not None:
        ax.plot(pd.to_datetime(observed["month_end"]), observed["observed"], "k.", label="observed")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    paths = [path_stem.with_suffix(".png"), path_stem.with_suffix(".svg")]
    for p in paths:
        fig.savefig(p, dpi=120 if p.suffix == ".png" else None)
    plt.close(fig)
    return paths


def forecast_charts(out: Path, table: pd.DataFrame, title: str) -> list[Path]:
    """Children looked after: in total, and by placement type."""
    total = table[(table.age_band == "All") & (table.placement_type == "All")]
    by_type = {PLACEMENT_LABELS[p]: table[(table.age_band == "All") & (table.placement_type == PLACEMENT_LABELS[p])]
               for p in PLACEMENT_TYPES}
    return (line_chart(out / "children_looked_after", f"{title}: children looked after", {"All": total},
                       "children at month end")
            + line_chart(out / "by_placement_type", f"{title}: by placement type", by_type, "children at month end"))
