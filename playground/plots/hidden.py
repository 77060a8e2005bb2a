"""The hidden-space view (as in ConvNetJS): the data and the input plane's grid
as a hidden layer sees them, in the coordinates of two of its units."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .style import CLASS_COLOURS, DIVERGING, LIVE_TEMPLATE

LINE_COLOURS = ("#9aa5b1", "#c9a97f")  # the lines where x2 is fixed, and where x1 is fixed


def _coords(values: np.ndarray) -> list:
    """Plain numbers, 4 decimals, None where not finite (a gap; JSON has no NaN)."""
    values = np.round(np.asarray(values, dtype=float), 4)
    return [float(v) if np.isfinite(v) else None for v in values]


def _polyline(lines: np.ndarray) -> tuple[list, list]:
    """(k, s, 2) lines as one trace's x and y, the lines cut apart by None."""
    cut = np.full((lines.shape[0], 1), np.nan)
    return _coords(np.hstack([lines[..., 0], cut]).ravel()), _coords(np.hstack([lines[..., 1], cut]).ravel())


def _groups(points, y, task, n_classes):
    """The points per trace: one trace per class, or one for regression."""
    if task == "regression":
        return [points]
    return [points[y == c] for c in range(n_classes)]


def _ranges(space) -> list[list[float]]:
    """Axis ranges that hold every finite point and line, with a 5% margin."""
    every = np.concatenate([space.points, space.across.reshape(-1, 2), space.along.reshape(-1, 2)])
    every = every[np.isfinite(every).all(axis=1)]
    if not len(every):
        return [[-1.0, 1.0], [-1.0, 1.0]]
    low, high = every.min(axis=0), every.max(axis=0)
    pad = 0.05 * np.maximum(high - low, 1e-6)
    return [[round(float(low[k] - pad[k]), 4), round(float(high[k] + pad[k]), 4)] for k in range(2)]


def hidden_space_figure(space, y: np.ndarray, task: str, n_classes: int | None, axis_titles: tuple[str, str],
                        title: str, bound: float = 1.0, height: int = 440, meta: str = "hidden") -> go.Figure:
    """space: an inspect.HiddenSpace; y the training points' labels or targets.
    Traces: the two families of grid lines, then the points (one trace per class)."""
    traces = []
    for lines, colour, name in ((space.across, LINE_COLOURS[0], "x2 fixed"),
                                (space.along, LINE_COLOURS[1], "x1 fixed")):
        x, yy = _polyline(lines)
        traces.append(go.Scatter(x=x, y=yy, mode="lines", line=dict(color=colour, width=1), name=name,
                                   hoverinfo="skip"))
    # a regression point near 0 is white: a grey outline keeps it visible on the white plot
    marker = dict(size=6, line=dict(width=1, color="#888" if task == "regression" else "white"))
    for c, group in enumerate(_groups(space.points, y, task, n_classes)):
        if task == "regression":
            style = dict(color=np.round(y, 4).tolist(), colorscale=DIVERGING, cmin=-bound, cmax=bound)
            name = "train"
        else:
            style, name = dict(color=CLASS_COLOURS[c % len(CLASS_COLOURS)]), f"class {c}"
        traces.append(go.Scatter(x=_coords(group[:, 0]), y=_coords(group[:, 1]),
                                   mode="markers", name=name, marker=dict(**marker, **style),
                                   hovertemplate="%{x:.3f}, %{y:.3f}<extra>" + name + "</extra>"))
    xr, yr = _ranges(space)
    fig = go.Figure(traces)
    fig.update_layout(height=height, template=LIVE_TEMPLATE, meta=meta, uirevision=meta, showlegend=False,
                      title=dict(text=title, x=0.02, font=dict(size=14)), plot_bgcolor="white",
                      margin=dict(l=60, r=10, t=40, b=50),
                      xaxis=dict(title=dict(text=axis_titles[0]), range=xr, zeroline=True, zerolinecolor="#ddd",
                                 showgrid=False),
                      yaxis=dict(title=dict(text=axis_titles[1]), range=yr, zeroline=True, zerolinecolor="#ddd",
                                 showgrid=False))
    return fig


def hidden_space_patch(space, y: np.ndarray, task: str, n_classes: int | None) -> list:
    """The new coordinates for a figure made by hidden_space_figure (same data and units)."""
    patch = []
    for i, lines in enumerate((space.across, space.along)):
        x, yy = _polyline(lines)
        patch += [["set", ["data", i, "x"], x], ["set", ["data", i, "y"], yy]]
    for i, group in enumerate(_groups(space.points, y, task, n_classes), start=2):
        patch += [["set", ["data", i, "x"], _coords(group[:, 0])], ["set", ["data", i, "y"], _coords(group[:, 1])]]
    xr, yr = _ranges(space)
    return patch + [["set", ["layout", "xaxis", "range"], xr], ["set", ["layout", "yaxis", "range"], yr]]
