"""The network drawing: each unit as a thumbnail of what it computes, edges by sign and size."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .style import CLASS_COLOURS, DIVERGING, LIVE_TEMPLATE, MARGIN

def normalise_map(A: np.ndarray, activation: str | None = None) -> np.ndarray:
    """Scale one unit's outputs into [-1, 1] for colouring: a sigmoid's 0…1
    onto -1…1 (0.5 white), others by their largest |value| (0 white).
    Without the activation, outputs within [0, 1] are taken for a sigmoid's."""
    finite = A[np.isfinite(A)]
    if finite.size == 0:
        return np.zeros_like(A)
    if activation == "sigmoid" or (activation is None and finite.min() >= 0 and finite.max() <= 1
                                   and finite.max() - finite.min() > 0):
        return 2 * A - 1
    peak = np.abs(finite).max()
    return A / peak if peak > 0 else np.zeros_like(A)


def output_images(M: np.ndarray, output: str) -> list[tuple]:
    """The output units' heatmaps as (units, maps in [-1, 1], colour scale),
    coloured as the decision boundary is: P(class 1) orange-white-blue, a
    softmax unit's P(class j) white to class j's colour, a prediction orange
    below 0 and blue above, scaled by its largest |value|."""
    M = np.nan_to_num(np.asarray(M, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    if output == "softmax":
        return [([j], [2 * M[j] - 1], [[0.0, "#ffffff"], [1.0, CLASS_COLOURS[j % len(CLASS_COLOURS)]]])
                for j in range(len(M))]
    z = [2 * A - 1 if output == "sigmoid" else A / (float(np.abs(A).max()) or 1.0) for A in M]
    return [(range(len(M)), z, DIVERGING)]


def _mark(value: float, peak: float) -> tuple[str, float]:
    """Colour (blue +, orange −) and 0…1 size of a weight or bias."""
    return ("#0877bd" if value >= 0 else "#f59322"), min(abs(value) / peak, 1.0)


def neuron_label(layer: int, unit: int, n_layers: int, kind: str | None, feature: str | None = None) -> str:
    """'Layer 2, neuron 3: tanh output' (layer 0: 'Input 1: x1'; unit from 0)."""
    if layer == 0:
        return f"Input {unit + 1}: {feature}"
    where = "Output" if layer == n_layers - 1 else f"Layer {layer}"
    return f"{where}, neuron {unit + 1}: {kind} output" if kind else f"{where}, neuron {unit + 1}"


def _targets(positions, node: float, biases, peak: float, names: list[str], kinds: list) -> list[dict]:
    """Invisible markers on the nodes (customdata ['n', layer, unit]) and
    the bias marks at each node's lower left corner (['b', layer, unit]),
    for hovers and clicks (ui/touch.py)."""
    xs, ys, data, text = [], [], [], []
    for l, layer in enumerate(positions):
        for j, (x, y) in enumerate(layer):
            xs.append(x)
            ys.append(y)
            data.append(["n", l, j])
            text.append(neuron_label(l, j, len(positions), kinds[l], names[j] if l == 0 and j < len(names) else "?"))
    traces = [dict(type="scatter", x=xs, y=ys, mode="markers", customdata=data, text=text, hoverinfo="text",
                   marker=dict(size=24, symbol="square", opacity=0), showlegend=False, name="neurons")]
    xs, ys, data, text, colours, sizes = [], [], [], [], [], []
    for l, b in enumerate(biases or [], start=1):
        for j, value in enumerate(np.asarray(b, dtype=float).ravel()):
            if not np.isfinite(value):
                continue
            colour, size = _mark(float(value), peak)
            x, y = positions[l][j]
            xs.append(x - node / 2)
            ys.append(y - node / 2)
            data.append(["b", l, j])
            text.append(f"b{l}[{j + 1}] = {value:.3f}")
            colours.append(colour)
            sizes.append(round(4 + 8 * size, 1))
    if xs:
        traces.append(dict(type="scatter", x=xs, y=ys, mode="markers", customdata=data, text=text, hoverinfo="text",
                           marker=dict(size=sizes, color=colours, symbol="square", line=dict(width=1, color="white")),
                           showlegend=False, name="biases"))
    return traces


def network_figure(*args, **kwargs) -> go.Figure:
    """network_spec(...) as a plotly Figure (not validated: see network_spec)."""
    return go.Figure(**network_spec(*args, **kwargs), _validate=False)


def network_spec(dims: list[int], weights: list[np.ndarray], maps: list[np.ndarray],
                 feature_names: list[str], max_edges: int = 1500, output: str | None = None,
                 activations: list[str] | None = None, biases: list[np.ndarray] | None = None) -> dict:
    """Nodes as small heatmaps of what each unit computes over the input plane,
    edges coloured by sign (blue +, orange −) and sized by |weight|, biases
    as a small square on each node's lower left corner, coloured and sized alike.

    dims: [n_0, …, n_L]; weights: W[1]…W[L]; biases: b[1]…b[L] (None: not
    drawn); maps: for layers 0…L, arrays (n_l, r, r) of each unit's output
    over a grid. output: the output layer's 'sigmoid', 'softmax' or 'linear'
    (None: sigmoid for one unit, else softmax); activations: the hidden
    layers' (None: guessed from each map's values).

    Hover and click targets carry customdata: ['W', l, i, j] on each edge's
    midpoint (W[l][i, j]), ['b', l, i] on each bias mark, ['n', l, i] on
    each node (layer l from 0 for the inputs, units from 0).

    Rebuilt every second while training, so it is assembled as a plain
    figure dict {"data", "layout"}, without Plotly's Figure (whose validation, and
    the deep copy its to_json makes, cost some 20 ms a drawing; tests/test_plots.py
    validates the same figure in full) and without per-property validation (which took three quarters of
    the time); tests/test_plots.py validates the same figure in full.
    """
    x_gap, node = 3.0, 0.8
    top = max(dims)
    positions = []
    for l, n in enumerate(dims):
        offset = (top - n) / 2
        positions.append([(l * x_gap, top - 1 - (offset + j)) for j in range(n)])
    traces = []
    # edges, bucketed into a few widths per sign to keep the trace count small
    peak = max((float(np.abs(W).max()) for W in weights if W.size), default=1.0) or 1.0
    buckets: dict = {}
    mid_x, mid_y, mid_text, mid_data = [], [], [], []
    edges = [(l, j, i, float(W[j, i])) for l, W in enumerate(weights, start=1)
             for j in range(W.shape[0]) for i in range(W.shape[1])]
    if len(edges) > max_edges:
        edges = sorted(edges, key=lambda e: -abs(e[3]))[:max_edges]
    for l, j, i, w in edges:
        if not np.isfinite(w):
            continue
        width = 0.5 + 5.5 * _mark(w, peak)[1]
        key = (w >= 0, round(width))
        (x0, y0), (x1, y1) = positions[l - 1][i], positions[l][j]
        xs, ys = buckets.setdefault(key, ([], []))
        xs += [x0 + node / 2, x1 - node / 2, None]
        ys += [y0, y1, None]
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_text.append(f"W{l}[{j + 1},{i + 1}] = {w:.3f}")
        mid_data.append(["W", l, j, i])
    for (positive, width), (xs, ys) in sorted(buckets.items()):
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                           line=dict(width=width, color="#0877bd" if positive else "#f59322"), opacity=0.55))
    traces.append(dict(type="scatter", x=mid_x, y=mid_y, mode="markers", text=mid_text, hoverinfo="text",
                       customdata=mid_data, marker=dict(size=10, opacity=0), showlegend=False, name="weights"))
    # node images: one heatmap trace per layer, units stacked with NaN gaps
    # (a softmax output: one per unit, each in its class's colour)
    output = output or ("sigmoid" if dims[-1] == 1 else "softmax")
    kinds = [None] * len(dims) if activations is None else ["linear", *activations]
    # z to two decimals: 200 shades from -1 to 1 are plenty, and the drawing's
    # JSON (sent every network frame) is a third of what full precision made it.
    for l, (n, M) in enumerate(zip(dims, maps)):
        r = M.shape[1]
        gap = max(1, round(r * (1 - node) / node))
        pitch = 1.0 / (r + gap)  # rows are evenly spaced: one unit of height per node
        images = output_images(M, output) if l == len(dims) - 1 else \
            [(range(n), [normalise_map(A, kinds[l]) for A in M], DIVERGING)]
        for units, z, scale in images:
            column = np.full((n * (r + gap), r), np.nan)
            for j, A in zip(units, z):  # node j sits at the top - j; row 0 is the bottom
                row = (n - 1 - j) * (r + gap)
                column[row:row + r] = A
            bottom = positions[l][n - 1][1] - node / 2 + pitch / 2
            traces.append(dict(type="heatmap", x0=l * x_gap - node / 2 + node / (2 * r), dx=node / r, y0=bottom,
                               dy=pitch, z=np.round(column, 2), zmin=-1, zmax=1, colorscale=scale, showscale=False,
                               hoverinfo="skip", zsmooth=False))
    traces += _targets(positions, node, biases, peak, feature_names,
                       [None, *(activations or [None] * (len(dims) - 2)), output])
    labels_x, labels_y, labels = [], [], []
    for j, name in enumerate(feature_names):
        x, y = positions[0][j]
        labels_x.append(x - node / 2 - 0.15)
        labels_y.append(y)
        labels.append(name)
    traces.append(dict(type="scatter", x=labels_x, y=labels_y, text=labels, mode="text",
                       textposition="middle left", hoverinfo="skip", showlegend=False))
    height = int(min(900, max(260, 48 * top + 60)))
    layout = dict(height=height, margin=MARGIN, uirevision="network", template=LIVE_TEMPLATE, plot_bgcolor="white",
                  title=dict(text="Network (edges: blue +, orange −; width ∝ |w|)", x=0.02),
                  xaxis=dict(visible=False, range=[-1.6, x_gap * (len(dims) - 1) + 0.6]),
                  yaxis=dict(visible=False, range=[-0.7, top - 0.3], scaleanchor="x"))
    return {"data": traces, "layout": layout}
