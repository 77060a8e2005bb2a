"""Plotly figures built from plain arrays (no Streamlit here).

Every figure sets a constant `uirevision` so that redrawing it with new data
keeps the user's zoom and does not re-animate.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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


def _points(points: np.ndarray, y: np.ndarray, task: str, n_classes: int | None, name: str,
            outline: str, symbol: str = "circle", visible: bool = True) -> list[go.Scatter]:
    """Data points: one trace per class with a single colour (Plotly styles a
    trace with one colour far faster than one with a colour per point)."""
    marker = dict(size=6, symbol=symbol, line=dict(width=1, color=outline))
    hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<extra>" + name + "</extra>"
    if task == "regression":
        return [go.Scatter(x=points[:, 0], y=points[:, 1], mode="markers", name=name, visible=visible,
                           marker=dict(color=y, colorscale=DIVERGING, cmid=0, **marker), hovertemplate=hover)]
    return [go.Scatter(x=points[y == c, 0], y=points[y == c, 1], mode="markers", name=f"{name} class {c}",
                       visible=visible, marker=dict(color=CLASS_COLOURS[c % len(CLASS_COLOURS)], **marker),
                       hovertemplate=hover)
            for c in range(n_classes)]


def boundary_z(values: np.ndarray, task: str, discretize: bool = False) -> np.ndarray:
    """The heatmap's z for boundary_figure: predictions for regression, else
    winning class + confidence (0..1 within the class's colour band)."""
    if task == "regression":
        return values[0]
    probs = np.concatenate([1.0 - values, values]) if values.shape[0] == 1 else values
    n_classes = probs.shape[0]
    label = probs.argmax(axis=0)
    if discretize:
        return label + 0.6
    confidence = probs.max(axis=0)
    # map confidence 1/C..1 onto the band 0..1 of the winning class
    return label + np.clip((confidence - 1.0 / n_classes) / (1.0 - 1.0 / n_classes), 0, 0.999)


def boundary_traces(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, task: str,
                    points_train: np.ndarray, y_train: np.ndarray,
                    points_test: np.ndarray, y_test: np.ndarray,
                    show_test: bool = False, discretize: bool = False) -> list:
    """Heatmap of the model's output over the plane, then train and test points.

    values is (1, ny, nx) P(class 1) for binary, (C, ny, nx) probabilities
    for C classes, or (1, ny, nx) predictions for regression.
    """
    z = boundary_z(values, task, discretize)
    n_classes = None
    if task == "regression":
        finite = z[np.isfinite(z)]
        bound = float(np.abs(finite).max()) if finite.size else 1.0
        scale, zmin, zmax = DIVERGING, -bound, bound
        hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<br>prediction %{z:.3f}<extra></extra>"
    else:
        n_classes = max(2, values.shape[0])
        scale, zmin, zmax = _class_bands(n_classes), 0, n_classes
        hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<extra></extra>"
    return [
        go.Heatmap(x0=xs[0], dx=xs[1] - xs[0], y0=ys[0], dy=ys[1] - ys[0], z=z, colorscale=scale,
                   zmin=zmin, zmax=zmax, showscale=False, zsmooth=False if discretize else "fast",
                   hovertemplate=hover, uid="boundary"),
        *_points(points_train, y_train, task, n_classes, "train", "white"),
        *_points(points_test, y_test, task, n_classes, "test", "black", "diamond", visible=show_test),
    ]


def curve_traces(epochs, train, test, name: str) -> list:
    """Train (solid) and test (dotted) curves against the epoch."""
    mode = "lines" if len(epochs) > 1 else "markers"
    return [go.Scatter(x=epochs, y=train, name=f"train {name}", mode=mode, line=dict(color="#0877bd"),
                       uid=f"{name}_train", showlegend=False),
            go.Scatter(x=epochs, y=test, name=f"test {name}", mode=mode, uid=f"{name}_test", showlegend=False,
                       line=dict(color="#f59322", dash="dot"))]




def live_figure(xs, ys, values, task, points_train, y_train, points_test, y_test, history: dict,
                score_name: str = "Accuracy", log_cost: bool = False, show_test: bool = False,
                discretize: bool = False, height: int = 460) -> go.Figure:
    """The decision boundary (left) and cost and score curves (right) in one
    figure: the browser draws one chart per frame instead of three.

    history maps 'epoch', 'train_cost', 'test_cost', 'train_score',
    'test_score' to equal-length arrays. Traces: the heatmap, the four
    curves (cost train/test, score train/test), then the data points.
    """
    fig = make_subplots(rows=2, cols=2, specs=[[{"rowspan": 2}, {}], [None, {}]], column_widths=[0.56, 0.44],
                        horizontal_spacing=0.09, vertical_spacing=0.14,
                        subplot_titles=("Decision boundary" if task != "regression" else "Prediction",
                                        "Cost (train solid, test dotted)", score_name))
    heatmap, *points = boundary_traces(xs, ys, values, task, points_train, y_train, points_test, y_test,
                                       show_test, discretize)
    fig.add_trace(heatmap, row=1, col=1)
    epochs = history["epoch"]
    for trace in curve_traces(epochs, history["train_cost"], history["test_cost"], "cost"):
        fig.add_trace(trace, row=1, col=2)
    for trace in curve_traces(epochs, history["train_score"], history["test_score"], "score"):
        fig.add_trace(trace, row=2, col=2)
    for trace in points:
        fig.add_trace(trace, row=1, col=1)
    # Fixed margins: Plotly's automatic margins re-measure every label on every redraw.
    fig.update_layout(height=height, margin=dict(l=40, r=10, t=30, b=40, autoexpand=False),
                      uirevision="live", showlegend=False, meta="live")
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    fig.update_xaxes(range=[xs[0], xs[-1]], constrain="domain", row=1, col=1)
    fig.update_yaxes(range=[ys[0], ys[-1]], scaleanchor="x", row=1, col=1)
    fig.update_yaxes(type="log" if log_cost else "linear", row=1, col=2)
    fig.update_xaxes(title=dict(text="epoch", standoff=4), row=2, col=2)
    return fig


def update_live_figure(fig: go.Figure, values, task: str, history: dict, discretize: bool = False) -> None:
    """Replace only the data that changes while training (no re-validation of the rest).

    float32 halves what each frame sends to the browser; nobody reads a
    colour or a curve to eight digits.
    """
    fig.data[0].z = boundary_z(values, task, discretize).astype(np.float32)
    epochs = history["epoch"].astype(np.float32)
    for i, key in enumerate(("train_cost", "test_cost", "train_score", "test_score"), start=1):
        fig.data[i].x, fig.data[i].y = epochs, history[key].astype(np.float32)


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
        pitch = 1.0 / (r + gap)  # rows are evenly spaced: one unit of height per node
        column = np.full((n * (r + gap), r), np.nan)
        for j in range(n):  # node j sits at the top - j; row 0 is the bottom
            row = (n - 1 - j) * (r + gap)
            column[row:row + r] = _normalise_map(M[j])
        bottom = positions[l][n - 1][1] - node / 2 + pitch / 2
        fig.add_trace(go.Heatmap(x0=l * x_gap - node / 2 + node / (2 * r), dx=node / r, y0=bottom, dy=pitch,
                                 z=column, zmin=-1, zmax=1, colorscale=DIVERGING, showscale=False,
                                 hoverinfo="skip", zsmooth=False))
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


def boundary_figure(xs, ys, values, task, points_train, y_train, points_test, y_test, title: str,
                    show_test: bool = False, height: int = 420) -> go.Figure:
    """The decision boundary alone (for history snapshots)."""
    fig = go.Figure(boundary_traces(xs, ys, values, task, points_train, y_train, points_test, y_test, show_test))
    fig.update_layout(height=height, margin=MARGIN, title=dict(text=title, x=0.02), showlegend=False,
                      uirevision="snapshot", xaxis=dict(range=[xs[0], xs[-1]], constrain="domain"),
                      yaxis=dict(range=[ys[0], ys[-1]], scaleanchor="x"))
    return fig


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
