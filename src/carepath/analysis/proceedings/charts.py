"""Charts of the proceedings analyses, as self-contained HTML (plotly bundled, no CDN)."""
from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go


def sankey_html(flows: dict, path: Path) -> None:
    """The disclosure-controlled Sankey of :func:`carepath.analysis.journeys_sankey.sankey`.

    Suppressed bands are not drawn."""
    nodes = flows["nodes"]
    labels = [f"{n['label']} ({n['shown']})" for n in nodes]
    drawn = [link for link in flows["links"] if link["children"] is not None]
    figure = go.Figure(go.Sankey(
        node={"label": labels, "x": [n["column"] / max(1, len(flows["columns"]) - 1) * 0.98 + 0.01 for n in nodes]},
        link={"source": [link["source"] for link in drawn], "target": [link["target"] for link in drawn],
              "value": [link["children"] for link in drawn]}))
    figure.update_layout(title=flows["title"] + " (" + " → ".join(flows["columns"]) + ")")
    figure.write_html(str(path), include_plotlyjs=True, full_html=True)
