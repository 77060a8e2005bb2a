"""The confusion matrix of a classifier: counts, true class by row, predicted class by column."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .style import LIVE_TEMPLATE

CONFUSION_SCALE = [[0.0, "#ffffff"], [1.0, "#0877bd"]]


def _title(counts: np.ndarray, which: str) -> str:
    total, right = int(counts.sum()), int(np.trace(counts))
    share = f" ({right / total:.1%})" if total else ""
    return f"Confusion matrix, {which} set: {right} of {total} right{share}"


def _cells(counts: np.ndarray) -> dict:
    """What changes from frame to frame: the counts, their text and each row's share."""
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros(counts.shape), where=rows > 0)
    return {"z": counts.tolist(), "text": [[str(v) for v in row] for row in counts],
            "customdata": np.round(share * 100, 1).tolist(), "zmax": max(1, int(counts.max()))}


def confusion_figure(counts: np.ndarray, which: str = "test", height: int = 360,
                     meta: str = "confusion") -> go.Figure:
    """A heatmap of the (C, C) counts with each count written in its cell;
    the diagonal is what the model gets right."""
    counts = np.asarray(counts, dtype=int)
    labels = [f"class {c}" for c in range(counts.shape[0])]
    cells = _cells(counts)
    fig = go.Figure(go.Heatmap(
        x=labels, y=labels, colorscale=CONFUSION_SCALE, zmin=0, texttemplate="%{text}", showscale=False,
        hovertemplate="true %{y}, predicted %{x}: %{z} (%{customdata}% of %{y})<extra></extra>", **cells))
    fig.update_layout(height=height, template=LIVE_TEMPLATE, meta=meta, uirevision=meta,
                      title=dict(text=_title(counts, which), x=0.02, font=dict(size=14)),
                      margin=dict(l=70, r=10, t=40, b=50),
                      xaxis=dict(title=dict(text="predicted"), side="bottom", constrain="domain"),
                      yaxis=dict(title=dict(text="true"), autorange="reversed", scaleanchor="x"))
    return fig


def confusion_patch(counts: np.ndarray, which: str = "test") -> list:
    """The new counts for a figure made by confusion_figure."""
    counts = np.asarray(counts, dtype=int)
    return [["set", ["data", 0, key], value] for key, value in _cells(counts).items()] + \
        [["set", ["layout", "title", "text"], _title(counts, which)]]
