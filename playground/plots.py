"""Plotly figures built from plain arrays (no Streamlit here).

Every figure sets a constant `uirevision` so that redrawing it with new data
keeps the user's zoom and does not re-animate.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

CLASS_COLOURS = ("#f59322", "#0877bd", "#3aa35b", "#a34fd1", "#d6404e", "#7f7f7f",
                 "#bcbd22", "#17becf", "#8c564b", "#e377c2")
DIVERGING = [[0.0, "#f59322"], [0.5, "#f7f7f7"], [1.0, "#0877bd"]]
MARGIN = dict(l=10, r=10, t=30, b=10)


def _lighten(hex_colour: str, amount: float) -> str:
    """Mix a colour with white: amount 0 keeps it, 1 gives white."""
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return f"rgb({mixed[0]},{mixed[1]},{mixed[2]})"


def _class_bands(n_classes: int) -> list:
    """A colour scale for z = class + confidence: within class c's band the
    colour goes from pale (unsure) to full (sure)."""
    scale = []
    for c in range(n_classes):
        colour = CLASS_COLOURS[c % len(CLASS_COLOURS)]
        scale.append([c / n_classes, _lighten(colour, 0.9)])
        scale.append([(c + 1) / n_classes - 1e-9 if c < n_classes - 1 else 1.0, _lighten(colour, 0.25)])
    return scale


def _points(points: np.ndarray, y: np.ndarray, task: str, name: str, outline: str,
            symbol: str = "circle", visible: bool = True) -> go.Scatter:
    if task == "regression":
        colour = dict(color=y, colorscale=DIVERGING, cmid=0)
    else:
        colour = dict(color=[CLASS_COLOURS[int(c) % len(CLASS_COLOURS)] for c in y])
    return go.Scatter(x=points[:, 0], y=points[:, 1], mode="markers", name=name, visible=visible,
                      marker=dict(size=6, symbol=symbol, line=dict(width=1, color=outline), **colour),
                      hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<extra>" + name + "</extra>")


def boundary_figure(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, task: str,
                    points_train: np.ndarray, y_train: np.ndarray,
                    points_test: np.ndarray | None = None, y_test: np.ndarray | None = None,
                    show_test: bool = False, discretize: bool = False, height: int = 420) -> go.Figure:
    """The model's output over the plane with the data on top.

    values is (1, ny, nx) P(class 1) for binary, (C, ny, nx) probabilities
    for C classes, or (1, ny, nx) predictions for regression.
    """
    if task == "regression":
        z, scale, zmin, zmax = values[0], DIVERGING, None, None
        bound = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
        zmin, zmax = -bound, bound
        hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<br>prediction %{z:.3f}<extra></extra>"
    else:
        probs = np.concatenate([1.0 - values, values]) if values.shape[0] == 1 else values
        n_classes = probs.shape[0]
        label = probs.argmax(axis=0)
        confidence = probs.max(axis=0)
        # map confidence 1/C..1 onto the band 0..1 of the winning class
        shade = np.clip((confidence - 1.0 / n_classes) / (1.0 - 1.0 / n_classes), 0, 0.999)
        if discretize:
            shade = np.full_like(shade, 0.6)
        z, scale, zmin, zmax = label + shade, _class_bands(n_classes), 0, n_classes
        hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<extra></extra>"
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=z, colorscale=scale, zmin=zmin, zmax=zmax,
                               showscale=task == "regression", zsmooth=False if discretize else "best",
                               hovertemplate=hover))
    fig.add_trace(_points(points_train, y_train, task, "train", "white"))
    if points_test is not None and len(points_test):
        fig.add_trace(_points(points_test, y_test, task, "test", "black", "diamond", visible=show_test))
    fig.update_layout(height=height, margin=MARGIN, uirevision="boundary", showlegend=False,
                      xaxis=dict(range=[xs[0], xs[-1]], title=None, constrain="domain"),
                      yaxis=dict(range=[ys[0], ys[-1]], scaleanchor="x", title=None),
                      title=dict(text="Decision boundary" if task != "regression" else "Prediction", x=0.02))
    return fig


def curves_figure(epochs, train, test, title: str, log_y: bool = False, height: int = 260) -> go.Figure:
    """Train and test curves against the epoch."""
    mode = "lines" if len(epochs) > 1 else "markers"
    fig = go.Figure([
        go.Scatter(x=epochs, y=train, name="train", mode=mode, line=dict(color="#0877bd")),
        go.Scatter(x=epochs, y=test, name="test", mode=mode, line=dict(color="#f59322", dash="dot")),
    ])
    fig.update_layout(height=height, margin=MARGIN, uirevision=title,
                      title=dict(text=title, x=0.02), legend=dict(orientation="h", y=1.12, x=1, xanchor="right"),
                      xaxis=dict(title="epoch"), yaxis=dict(type="log" if log_y else "linear"))
    return fig


def _normalise_map(A: np.ndarray) -> np.ndarray:
    """Scale one unit's outputs into [-1, 1] for colouring (0 stays white)."""
    finite = A[np.isfinite(A)]
    if finite.size == 0:
        return np.zeros_like(A)
    if finite.min() >= 0 and finite.max() <= 1 and finite.max() - finite.min() > 0:
        return 2 * A - 1  # probabilities / sigmoid outputs
    peak = np.abs(finite).max()
    return A / peak if peak > 0 else np.zeros_like(A)


def network_figure(dims: list[int], weights: list[np.ndarray], maps: list[np.ndarray],
                   feature_names: list[str], max_edges: int = 1500) -> go.Figure:
    """Nodes as small heatmaps of what each unit computes over the input plane,
    edges coloured by sign (blue +, orange −) and sized by |weight|.

    dims: [n_0, …, n_L]; weights: W[1]…W[L]; maps: for layers 0…L, arrays
    (n_l, r, r) of each unit's output over a grid.
    """
    x_gap, node = 3.0, 0.8
    top = max(dims)
    positions = []
    for l, n in enumerate(dims):
        offset = (top - n) / 2
        positions.append([(l * x_gap, top - 1 - (offset + j)) for j in range(n)])
    fig = go.Figure()
    # edges, bucketed into a few widths per sign to keep the trace count small
    peak = max((float(np.abs(W).max()) for W in weights if W.size), default=1.0) or 1.0
    buckets: dict = {}
    mid_x, mid_y, mid_text = [], [], []
    edges = [(l, j, i, float(W[j, i])) for l, W in enumerate(weights, start=1)
             for j in range(W.shape[0]) for i in range(W.shape[1])]
    if len(edges) > max_edges:
        edges = sorted(edges, key=lambda e: -abs(e[3]))[:max_edges]
    for l, j, i, w in edges:
        if not np.isfinite(w):
            continue
        width = 0.5 + 5.5 * min(abs(w) / peak, 1.0)
        key = (w >= 0, round(width))
        (x0, y0), (x1, y1) = positions[l - 1][i], positions[l][j]
        xs, ys = buckets.setdefault(key, ([], []))
        xs += [x0 + node / 2, x1 - node / 2, None]
        ys += [y0, y1, None]
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_text.append(f"W{l}[{j + 1},{i + 1}] = {w:.3f}")
    for (positive, width), (xs, ys) in sorted(buckets.items()):
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(width=width, color="#0877bd" if positive else "#f59322"),
                                 opacity=0.55))
    fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", text=mid_text, hoverinfo="text",
                             marker=dict(size=6, opacity=0), showlegend=False))
    # node images: one heatmap trace per layer, units stacked with NaN gaps
    for l, (n, M) in enumerate(zip(dims, maps)):
        r = M.shape[1]
        gap = max(1, round(r * (1 - node) / node))
        column = np.full((n * (r + gap), r), np.nan)
        ys_all = np.empty(n * (r + gap))
        for j in range(n):
            cx, cy = positions[l][j]
            column[j * (r + gap): j * (r + gap) + r] = _normalise_map(M[j])
            ys_all[j * (r + gap): (j + 1) * (r + gap)] = cy - node / 2 + np.arange(r + gap) * node / r
        order = np.argsort(ys_all)
        xs_all = l * x_gap - node / 2 + (np.arange(r) + 0.5) * node / r
        fig.add_trace(go.Heatmap(x=xs_all, y=ys_all[order], z=column[order], zmin=-1, zmax=1,
                                 colorscale=DIVERGING, showscale=False, hoverinfo="skip", zsmooth=False))
    labels_x, labels_y, labels = [], [], []
    for j, name in enumerate(feature_names):
        x, y = positions[0][j]
        labels_x.append(x - node / 2 - 0.15)
        labels_y.append(y)
        labels.append(name)
    fig.add_trace(go.Scatter(x=labels_x, y=labels_y, text=labels, mode="text", textposition="middle left",
                             hoverinfo="skip", showlegend=False))
    height = int(min(900, max(260, 48 * top + 60)))
    fig.update_layout(height=height, margin=MARGIN, uirevision="network", plot_bgcolor="white",
                      title=dict(text="Network (edges: blue +, orange −; width ∝ |w|)", x=0.02),
                      xaxis=dict(visible=False, range=[-1.6, x_gap * (len(dims) - 1) + 0.6]),
                      yaxis=dict(visible=False, range=[-0.7, top - 0.3], scaleanchor="x"))
    return fig
