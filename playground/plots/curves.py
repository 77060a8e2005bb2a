"""Cost and score curves against the epoch, with axis ranges that hold still."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import LIVE_TEMPLATE

CURVE_KEYS = ("train_cost", "test_cost", "train_score", "test_score")


def _plain(values) -> list:
    """Numbers as a JSON list (non-finite ones as gaps): a live frame appends to it."""
    return [float(f"{v:.6g}") if math.isfinite(v) else None for v in np.asarray(values, dtype=float).tolist()]


def curve_mode(rows: int) -> str:
    """A curve of one point is a marker (a line of one point is invisible)."""
    return "lines" if rows > 1 else "markers"


def curve_traces(epochs, train, test, name: str) -> list:
    """Train (solid) and test (dotted) curves against the epoch."""
    mode = curve_mode(len(epochs))
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


AXES = ("xaxis", "yaxis", "yaxis2")  # epoch (both rows), cost, score


def curve_ranges(current: dict, history: dict, log: bool) -> dict:
    """The axis ranges for history, as plain lists per axis name (AXES),
    holding the current ones where they still fit (see _held)."""
    epochs = np.asarray(history["epoch"], dtype=float)
    first = float(epochs[0]) if epochs.size else 0.0
    last = max(float(epochs[-1]) if epochs.size else 1.0, first + 1.0)
    ranges = {"xaxis": _held(current.get("xaxis"), [first, last], slack=0.5, floor=first)}
    for axis, name in (("yaxis", "cost"), ("yaxis2", "score")):
        both = np.concatenate([np.asarray(history[f"train_{name}"], float), np.asarray(history[f"test_{name}"], float)])
        linear_cost = name == "cost" and not log
        ranges[axis] = _held(current.get(axis), _padded_range(both, log=log and name == "cost"),
                             floor=-0.02 * np.abs(both[np.isfinite(both)]).max(initial=1.0) if linear_cost else None)
    return ranges


def figure_ranges(fig: go.Figure) -> dict:
    """The axis ranges a curves figure holds, as curve_ranges gives them."""
    return {name: (list(fig.layout[name].range) if fig.layout[name].range is not None else None) for name in AXES}


def _set_curve_ranges(fig: go.Figure, history: dict) -> None:
    ranges = curve_ranges(figure_ranges(fig), history, log=fig.layout.yaxis.type == "log")
    fig.layout.xaxis.range = fig.layout.xaxis2.range = ranges["xaxis"]
    fig.layout.yaxis.range, fig.layout.yaxis2.range = ranges["yaxis"], ranges["yaxis2"]


def curves_patch(ranges: dict, history: dict, start: int, log: bool) -> tuple[list, dict]:
    """Every curve of a figure made by curves_figure from row `start` of
    history on (what the browser holds after that row is replaced), and the
    axis ranges where they changed from `ranges` (those the browser holds,
    from figure_ranges or the previous patch): (ops, the new ranges). Plain
    lists, not the figure: Plotly's property machinery cost 12 ms a frame."""
    new = curve_ranges(ranges, history, log)
    epochs = _plain(history["epoch"][start:])
    ops = []
    for i, key in enumerate(CURVE_KEYS):
        ops.append(["splice", ["data", i, "x"], start, epochs])
        ops.append(["splice", ["data", i, "y"], start, _plain(history[key][start:])])
        if start <= 1:  # from the first or second row on: the one-point marker may become a line
            ops.append(["set", ["data", i, "mode"], curve_mode(len(history["epoch"]))])
    for name in AXES:
        if new[name] is not None and new[name] != ranges.get(name):
            ops.append(["set", ["layout", name, "range"], list(new[name])])
            if name == "xaxis":
                ops.append(["set", ["layout", "xaxis2", "range"], list(new[name])])
    return ops, new


def update_curves_figure(fig: go.Figure, history: dict) -> None:
    """Replace the curves' data only (no re-validation of the rest). float32
    halves what each frame sends to the browser; nobody reads a curve to
    eight digits."""
    epochs = history["epoch"].astype(np.float32)
    for trace, key in zip(fig.data, CURVE_KEYS):
        trace.x, trace.y = epochs, history[key].astype(np.float32)
    _set_curve_ranges(fig, history)
