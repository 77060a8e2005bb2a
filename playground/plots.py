"""Plotly figures built from plain arrays (no Streamlit here).

Every figure sets a constant `uirevision` so that redrawing it with new data
keeps the user's zoom and does not re-animate.
"""
from __future__ import annotations

import base64
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image
from plotly.subplots import make_subplots

CLASS_COLOURS = ("#f59322", "#0877bd", "#3aa35b", "#a34fd1", "#d6404e", "#7f7f7f",
                 "#bcbd22", "#17becf", "#8c564b", "#e377c2")
DIVERGING = [[0.0, "#f59322"], [0.5, "#f7f7f7"], [1.0, "#0877bd"]]
MARGIN = dict(l=10, r=10, t=30, b=10)
# The few parts of Plotly's default look the live figures use. The default
# template is 8 kB of JSON that would be copied, encoded and sent with every
# frame; this one is a tenth of that.
LIVE_TEMPLATE = go.layout.Template(layout=dict(
    font=dict(color="#2a3f5f"), paper_bgcolor="white", plot_bgcolor="#E5ECF6", hoverlabel=dict(align="left"),
    xaxis=dict(gridcolor="white", zerolinecolor="white", linecolor="white", ticks=""),
    yaxis=dict(gridcolor="white", zerolinecolor="white", linecolor="white", ticks="")))


def _rgb(hex_colour: str) -> np.ndarray:
    """'#rrggbb' as floats 0..255."""
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _with_white(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Mix a colour with white: amount 0 keeps it, 1 gives white."""
    return rgb + (255.0 - rgb) * amount


# How much white is mixed into a class colour where the model is unsure of
# that class (confidence 1/C) and where it is sure (confidence 1).
UNSURE_WHITE, SURE_WHITE = 0.9, 0.25
DISCRETE_SHADE = 0.6  # where on the unsure..sure scale "discretize" paints every class
DISCRETE_UPSCALE = 4  # pixels per grid cell when discretized, so edges stay sharp when the browser scales


def _points(points: np.ndarray, y: np.ndarray, task: str, n_classes: int | None, name: str,
            outline: str, symbol: str = "circle", visible: bool = True) -> list[go.Scatter]:
    """Data points: one trace per class with a single colour (Plotly styles a
    trace with one colour far faster than one with a colour per point).

    Coordinates go out as plain lists, not base64 arrays: Plotly.react
    decodes a base64 array into a new object each time and then counts it as
    changed, so it would redraw every point on every live frame."""
    marker = dict(size=6, symbol=symbol, line=dict(width=1, color=outline))
    hover = "x1=%{x:.2f}<br>x2=%{y:.2f}<extra>" + name + "</extra>"
    points = np.round(points, 4)
    if task == "regression":
        return [go.Scatter(x=points[:, 0].tolist(), y=points[:, 1].tolist(), mode="markers", name=name,
                           visible=visible, marker=dict(color=np.round(y, 4).tolist(), colorscale=DIVERGING, cmid=0,
                                                        **marker), hovertemplate=hover)]
    return [go.Scatter(x=points[y == c, 0].tolist(), y=points[y == c, 1].tolist(), mode="markers",
                       name=f"{name} class {c}", visible=visible, hovertemplate=hover,
                       marker=dict(color=CLASS_COLOURS[c % len(CLASS_COLOURS)], **marker))
            for c in range(n_classes)]


def boundary_rgb(values: np.ndarray, task: str, discretize: bool = False) -> np.ndarray:
    """The colours of the model's output over a grid, (ny, nx, 3) uint8, row 0
    at the top (largest x2), as an image is stored.

    values is (1, ny, nx) P(class 1) for binary, (C, ny, nx) probabilities for
    C classes, or (1, ny, nx) predictions for regression. Classification: the
    winning class's colour, pale where the model is unsure and full where it
    is sure (discretize: one shade per class). Regression: orange below 0,
    white at 0, blue above, scaled by the largest |prediction|.
    """
    values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    if task == "regression":
        z = values[0]
        bound = float(np.abs(z).max()) or 1.0
        stops = np.array([_rgb(c) for _, c in DIVERGING])
        t = (np.clip(z / bound, -1, 1) + 1) / 2
        rgb = np.stack([np.interp(t, [s for s, _ in DIVERGING], stops[:, k]) for k in range(3)], axis=-1)
    else:
        probs = np.concatenate([1.0 - values, values]) if values.shape[0] == 1 else values
        n_classes = probs.shape[0]
        label = probs.argmax(axis=0)
        colours = np.array([_rgb(CLASS_COLOURS[c % len(CLASS_COLOURS)]) for c in range(n_classes)])
        unsure, sure = _with_white(colours, UNSURE_WHITE), _with_white(colours, SURE_WHITE)
        if discretize:
            shade = np.full(label.shape, DISCRETE_SHADE)
        else:  # confidence 1/C .. 1 onto 0 .. 1
            shade = np.clip((probs.max(axis=0) - 1.0 / n_classes) / (1.0 - 1.0 / n_classes), 0, 1)
        rgb = unsure[label] + (sure[label] - unsure[label]) * shade[..., None]
    return np.rint(rgb[::-1]).astype(np.uint8)


def png_data_uri(rgb: np.ndarray) -> str:
    """An (h, w, 3) uint8 image as a PNG data: URI (fast, light compression:
    a 100×100 boundary is a few kB)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def boundary_image(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, task: str,
                   discretize: bool = False) -> dict:
    """The boundary as a Plotly layout image whose pixel centres sit on the grid
    points xs (nx,) and ys (ny,). Plotly redraws a changed layout image without
    touching the traces, which is what makes a live boundary cheap to draw:
    a heatmap trace would make it redraw every data point on every frame."""
    rgb = boundary_rgb(values, task, discretize)
    if discretize:
        rgb = rgb.repeat(DISCRETE_UPSCALE, axis=0).repeat(DISCRETE_UPSCALE, axis=1)
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    return dict(source=png_data_uri(rgb), xref="x", yref="y", x=float(xs[0] - dx / 2), y=float(ys[-1] + dy / 2),
                sizex=float(xs[-1] - xs[0] + dx), sizey=float(ys[-1] - ys[0] + dy), sizing="stretch",
                layer="below", xanchor="left", yanchor="top")


def boundary_figure(xs, ys, values, task, points_train, y_train, points_test, y_test, title: str,
                    show_test: bool = False, discretize: bool = False, height: int = 420,
                    meta: str = "boundary") -> go.Figure:
    """The model's output over the plane (a layout image, see boundary_image)
    under the train points and, if show_test, the test points.

    xs (nx,), ys (ny,): the grid; values: as for boundary_rgb; points (m, 2).
    """
    n_classes = None if task == "regression" else max(2, values.shape[0])
    fig = go.Figure([*_points(points_train, y_train, task, n_classes, "train", "white"),
                     *_points(points_test, y_test, task, n_classes, "test", "black", "diamond", visible=show_test)])
    fig.update_layout(height=height, margin=dict(l=40, r=10, t=30, b=30, autoexpand=False), template=LIVE_TEMPLATE,
                      title=dict(text=title, x=0.02, font=dict(size=14)), showlegend=False, meta=meta,
                      uirevision=meta, plot_bgcolor="white",
                      images=[boundary_image(xs, ys, values, task, discretize)],
                      xaxis=dict(range=[xs[0], xs[-1]], constrain="domain", showgrid=False, zeroline=False,
                                 automargin=False),
                      yaxis=dict(range=[ys[0], ys[-1]], scaleanchor="x", showgrid=False, zeroline=False,
                                 automargin=False))
    return fig


def update_boundary_figure(fig: go.Figure, xs, ys, values, task: str, discretize: bool = False) -> None:
    """Replace the boundary image only (the points and layout stay as built)."""
    fig.layout.images[0].source = boundary_image(xs, ys, values, task, discretize)["source"]


# A patch is what a live frame sends instead of a whole figure: a list of
# [op, path, value], op "set" (value goes at path), or [op, path, start,
# values], op "splice" (the array at path is cut at start and values
# appended), applied in the browser by ui/plotly_live.py.
def boundary_patch(xs, ys, values, task: str, discretize: bool = False) -> list:
    """The new boundary image for a figure made by boundary_figure."""
    return [["set", ["layout", "images", 0, "source"], boundary_image(xs, ys, values, task, discretize)["source"]]]


CURVE_KEYS = ("train_cost", "test_cost", "train_score", "test_score")


def _plain(values) -> list:
    """Numbers as a JSON list (non-finite ones as gaps): a live frame appends to it."""
    return [float(f"{v:.6g}") if np.isfinite(v) else None for v in np.asarray(values, dtype=float)]


def curve_traces(epochs, train, test, name: str) -> list:
    """Train (solid) and test (dotted) curves against the epoch."""
    mode = "lines" if len(epochs) > 1 else "markers"
    epochs, train, test = _plain(epochs), _plain(train), _plain(test)
    return [go.Scatter(x=epochs, y=train, name=f"train {name}", mode=mode, line=dict(color="#0877bd"),
                       showlegend=False),
            go.Scatter(x=epochs, y=test, name=f"test {name}", mode=mode, showlegend=False,
                       line=dict(color="#f59322", dash="dot"))]


def curves_figure(history: dict, score_name: str = "Accuracy", log_cost: bool = False,
                  height: int = 420, meta: str = "curves") -> go.Figure:
    """Cost (top) and score (bottom) against the epoch, train solid and test dotted.

    history maps 'epoch' and CURVE_KEYS to equal-length arrays; the traces are
    in CURVE_KEYS order.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=("Cost (train solid, test dotted)", score_name))
    epochs = history["epoch"]
    for row, name in ((1, "cost"), (2, "score")):
        for trace in curve_traces(epochs, history[f"train_{name}"], history[f"test_{name}"], name):
            fig.add_trace(trace, row=row, col=1)
    # Fixed margins: Plotly's automatic margins re-measure every label on every
    # redraw. A zero-length transition lets Plotly.react move the lines and
    # axes of a changed figure instead of redrawing it from scratch (a third
    # faster), but that path does not autorange, so the ranges are set here.
    fig.update_layout(height=height, margin=dict(l=50, r=10, t=30, b=40, autoexpand=False), showlegend=False,
                      uirevision=meta, meta=meta, template=LIVE_TEMPLATE, transition=dict(duration=0))
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    fig.update_yaxes(type="log" if log_cost else "linear", row=1, col=1)
    fig.update_xaxes(title=dict(text="epoch", standoff=4), row=2, col=1)
    _set_curve_ranges(fig, history)
    return fig


MIN_SPAN = 0.05  # a flat curve still spans this share of its size (decades on a log axis)


def _padded_range(values: np.ndarray, log: bool = False, pad: float = 0.05) -> list[float] | None:
    """[low, high] around the finite values (log10 of the positive ones if log),
    with pad of the span on each side; None if there is nothing to show.
    A (nearly) constant curve, e.g. a zero-initialised network's cost, whose
    rounding noise spans 1e-16, gets at least MIN_SPAN: ticks stay short."""
    values = values[np.isfinite(values)]
    if log:
        values = np.log10(values[values > 0])
    if values.size == 0:
        return None
    low, high = float(values.min()), float(values.max())
    least = MIN_SPAN if log else MIN_SPAN * max(abs(low), abs(high)) or 2 * MIN_SPAN
    if high - low < least:
        low, high = (low + high - least) / 2, (low + high + least) / 2
    margin = (high - low) * pad
    return [low - margin, high + margin]


def _held(current, wanted: list[float] | None, slack: float = 0.25, floor: float | None = None) -> list[float] | None:
    """Keep the current axis range while it still holds wanted and is at most
    twice as wide; otherwise wanted plus slack (of its span) of headroom, not
    below floor. A range that changes on every frame costs the browser a full
    axis redraw."""
    if wanted is None:
        return None
    if current is not None and len(current) == 2:
        low, high = current
        span = wanted[1] - wanted[0]
        if low <= wanted[0] and high >= wanted[1] and high - low <= 2 * span + 1e-12:
            return [low, high]
    extra = (wanted[1] - wanted[0]) * slack
    low = wanted[0] - extra
    return [low if floor is None else max(floor, low), wanted[1] + extra]


def _set_curve_ranges(fig: go.Figure, history: dict) -> None:
    epochs = np.asarray(history["epoch"], dtype=float)
    first = float(epochs[0]) if epochs.size else 0.0
    last = max(float(epochs[-1]) if epochs.size else 1.0, first + 1.0)
    x = _held(fig.layout.xaxis.range, [first, last], slack=0.5, floor=first)
    fig.layout.xaxis.range = fig.layout.xaxis2.range = x
    log = fig.layout.yaxis.type == "log"
    for axis, name in ((fig.layout.yaxis, "cost"), (fig.layout.yaxis2, "score")):
        both = np.concatenate([np.asarray(history[f"train_{name}"], float), np.asarray(history[f"test_{name}"], float)])
        linear_cost = name == "cost" and not log
        axis.range = _held(axis.range, _padded_range(both, log=log and name == "cost"),
                           floor=-0.02 * np.abs(both[np.isfinite(both)]).max(initial=1.0) if linear_cost else None)


def curves_patch(fig: go.Figure, history: dict, start: int) -> list:
    """Every curve of a figure made by curves_figure from row `start` of
    history on (what the browser holds after that row is replaced), and the
    axis ranges where they changed (fig keeps the ranges sent so far; its
    traces are not updated)."""
    before = [tuple(axis.range or ()) for axis in (fig.layout.xaxis, fig.layout.yaxis, fig.layout.yaxis2)]
    _set_curve_ranges(fig, history)
    epochs = _plain(history["epoch"][start:])
    ops = []
    for i, key in enumerate(CURVE_KEYS):
        ops.append(["splice", ["data", i, "x"], start, epochs])
        ops.append(["splice", ["data", i, "y"], start, _plain(history[key][start:])])
    for name, old in zip(("xaxis", "yaxis", "yaxis2"), before):
        new = fig.layout[name].range
        if new is not None and tuple(new) != old:
            ops.append(["set", ["layout", name, "range"], list(new)])
            if name == "xaxis":
                ops.append(["set", ["layout", "xaxis2", "range"], list(new)])
    return ops


def update_curves_figure(fig: go.Figure, history: dict) -> None:
    """Replace the curves' data only (no re-validation of the rest). float32
    halves what each frame sends to the browser; nobody reads a curve to
    eight digits."""
    epochs = history["epoch"].astype(np.float32)
    for trace, key in zip(fig.data, CURVE_KEYS):
        trace.x, trace.y = epochs, history[key].astype(np.float32)
    _set_curve_ranges(fig, history)


def _normalise_map(A: np.ndarray, activation: str | None = None) -> np.ndarray:
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


def _output_images(M: np.ndarray, output: str) -> list[tuple]:
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


def network_figure(dims: list[int], weights: list[np.ndarray], maps: list[np.ndarray],
                   feature_names: list[str], max_edges: int = 1500, output: str | None = None,
                   activations: list[str] | None = None) -> go.Figure:
    """Nodes as small heatmaps of what each unit computes over the input plane,
    edges coloured by sign (blue +, orange −) and sized by |weight|.

    dims: [n_0, …, n_L]; weights: W[1]…W[L]; maps: for layers 0…L, arrays
    (n_l, r, r) of each unit's output over a grid. output: the output layer's
    'sigmoid', 'softmax' or 'linear' (None: sigmoid for one unit, else softmax);
    activations: the hidden layers' (None: guessed from each map's values).

    Rebuilt every second while training, so it is assembled from plain dicts
    without Plotly's per-property validation (which took three quarters of
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
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                           line=dict(width=width, color="#0877bd" if positive else "#f59322"), opacity=0.55))
    traces.append(dict(type="scatter", x=mid_x, y=mid_y, mode="markers", text=mid_text, hoverinfo="text",
                       marker=dict(size=6, opacity=0), showlegend=False))
    # node images: one heatmap trace per layer, units stacked with NaN gaps
    # (a softmax output: one per unit, each in its class's colour)
    output = output or ("sigmoid" if dims[-1] == 1 else "softmax")
    kinds = [None] * len(dims) if activations is None else ["linear", *activations]
    for l, (n, M) in enumerate(zip(dims, maps)):
        r = M.shape[1]
        gap = max(1, round(r * (1 - node) / node))
        pitch = 1.0 / (r + gap)  # rows are evenly spaced: one unit of height per node
        images = _output_images(M, output) if l == len(dims) - 1 else \
            [(range(n), [_normalise_map(A, kinds[l]) for A in M], DIVERGING)]
        for units, z, scale in images:
            column = np.full((n * (r + gap), r), np.nan)
            for j, A in zip(units, z):  # node j sits at the top - j; row 0 is the bottom
                row = (n - 1 - j) * (r + gap)
                column[row:row + r] = A
            bottom = positions[l][n - 1][1] - node / 2 + pitch / 2
            traces.append(dict(type="heatmap", x0=l * x_gap - node / 2 + node / (2 * r), dx=node / r, y0=bottom,
                               dy=pitch, z=column, zmin=-1, zmax=1, colorscale=scale, showscale=False,
                               hoverinfo="skip", zsmooth=False))
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
    return go.Figure(data=traces, layout=layout, _validate=False)


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
