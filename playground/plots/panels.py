"""Figures of the extra panels: per-layer lines, histograms, compared runs."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .style import CLASS_COLOURS, MARGIN

def layer_lines(steps, per_layer: list, title: str, log_y: bool = False, height: int = 260) -> go.Figure:
    """One line per layer over training steps; per_layer[l] is a sequence."""
    fig = go.Figure([go.Scatter(x=steps, y=values, mode="lines", name=f"layer {l + 1}")
                     for l, values in enumerate(per_layer)])
    fig.update_layout(height=height, margin=MARGIN, title=dict(text=title, x=0.02), xaxis=dict(title="step"),
                      yaxis=dict(type="log" if log_y else "linear"), uirevision=title)
    return fig


def histograms(arrays: list, names: list[str], title: str, height: int = 260) -> go.Figure:
    """Overlaid histograms, one per array (e.g. per layer)."""
    fig = go.Figure([go.Histogram(x=np.ravel(a), name=n, opacity=0.6, nbinsx=40) for a, n in zip(arrays, names)])
    fig.update_layout(height=height, margin=MARGIN, barmode="overlay", title=dict(text=title, x=0.02))
    return fig


def compare_figure(runs: list[dict], height: int = 320) -> go.Figure:
    """Train (solid) and test (dotted) cost of kept runs; each run has
    'label', 'epoch', 'train_cost', 'test_cost'."""
    fig = go.Figure()
    for i, run in enumerate(runs):
        colour = CLASS_COLOURS[i % len(CLASS_COLOURS)]
        fig.add_trace(go.Scatter(x=run["epoch"], y=run["train_cost"], mode="lines", name=f"{run['label']} train",
                                 line=dict(color=colour)))
        fig.add_trace(go.Scatter(x=run["epoch"], y=run["test_cost"], mode="lines", name=f"{run['label']} test",
                                 line=dict(color=colour, dash="dot")))
    fig.update_layout(height=height, margin=MARGIN, title=dict(text="Kept runs: cost", x=0.02),
                      xaxis=dict(title="epoch"), yaxis=dict(type="log"))
    return fig
