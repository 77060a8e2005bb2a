"""The decision boundary: the model's output over the plane as an image under the data points."""
from __future__ import annotations

import base64
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from .style import CLASS_COLOURS, DIVERGING, LIVE_TEMPLATE, rgb_of, with_white

# How much white is mixed into a class colour where the model is unsure of
# that class (confidence 1/C) and where it is sure (confidence 1).
UNSURE_WHITE, SURE_WHITE = 0.9, 0.25
DISCRETE_SHADE = 0.6  # where on the unsure..sure scale "discretize" paints every class
DISCRETE_UPSCALE = 4  # pixels per grid cell when discretized, so edges stay sharp when the browser scales
LEGEND_MARGIN = 70  # px right of the plot for the colour bar and its title


def _points(points: np.ndarray, y: np.ndarray, task: str, n_classes: int | None, name: str,
            outline: str, symbol: str = "circle", visible: bool = True,
            bound: float = 1.0) -> list[go.Scatter]:
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
                           visible=visible, marker=dict(color=np.round(y, 4).tolist(), colorscale=DIVERGING,
                                                        cmin=-bound, cmax=bound, **marker), hovertemplate=hover)]
    return [go.Scatter(x=points[y == c, 0].tolist(), y=points[y == c, 1].tolist(), mode="markers",
                       name=f"{name} class {c}", visible=visible, hovertemplate=hover,
                       marker=dict(color=CLASS_COLOURS[c % len(CLASS_COLOURS)], **marker))
            for c in range(n_classes)]


def value_bound(values: np.ndarray) -> float:
    """The largest finite |value| (1 when there is none): the regression colour scale's ±bound."""
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size and finite.max() > 0 else 1.0


def boundary_rgb(values: np.ndarray, task: str, discretize: bool = False, bound: float | None = None) -> np.ndarray:
    """The colours of the model's output over a grid, (ny, nx, 3) uint8, row 0
    at the top (largest x2), as an image is stored.

    values is (1, ny, nx) P(class 1) for binary, (C, ny, nx) probabilities for
    C classes, or (1, ny, nx) predictions for regression. Classification: the
    winning class's colour, pale where the model is unsure and full where it
    is sure (discretize: one shade per class). Regression: orange below 0,
    white at 0, blue above, full at ±bound (by default the largest |prediction|;
    the live chart fixes it from the data's targets so it does not rescale on every frame).
    """
    values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    if task == "regression":
        z = values[0]
        bound = value_bound(z) if bound is None else bound
        stops = np.array([rgb_of(c) for _, c in DIVERGING])
        t = (np.clip(z / bound, -1, 1) + 1) / 2
        rgb = np.stack([np.interp(t, [s for s, _ in DIVERGING], stops[:, k]) for k in range(3)], axis=-1)
    else:
        probs = np.concatenate([1.0 - values, values]) if values.shape[0] == 1 else values
        n_classes = probs.shape[0]
        label = probs.argmax(axis=0)
        colours = np.array([rgb_of(CLASS_COLOURS[c % len(CLASS_COLOURS)]) for c in range(n_classes)])
        unsure, sure = with_white(colours, UNSURE_WHITE), with_white(colours, SURE_WHITE)
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
                   discretize: bool = False, bound: float | None = None) -> dict:
    """The boundary as a Plotly layout image whose pixel centres sit on the grid
    points xs (nx,) and ys (ny,). Plotly redraws a changed layout image without
    touching the traces, which is what makes a live boundary cheap to draw:
    a heatmap trace would make it redraw every data point on every frame."""
    rgb = boundary_rgb(values, task, discretize, bound)
    if discretize:
        rgb = rgb.repeat(DISCRETE_UPSCALE, axis=0).repeat(DISCRETE_UPSCALE, axis=1)
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    return dict(source=png_data_uri(rgb), xref="x", yref="y", x=float(xs[0] - dx / 2), y=float(ys[-1] + dy / 2),
                sizex=float(xs[-1] - xs[0] + dx), sizey=float(ys[-1] - ys[0] + dy), sizing="stretch",
                layer="below", xanchor="left", yanchor="top")


def _rgb_text(rgb) -> str:
    return "rgb({:.0f},{:.0f},{:.0f})".format(*np.rint(rgb))


def legend_trace(task: str, n_classes: int | None, bound: float = 1.0) -> go.Scatter:
    """A colour bar for the boundary image (an image has no scale of its own): a
    trace with no points whose colour scale is the image's. Two classes: P(class 1)
    from 0 to 1, pale near 0.5 as in the image; three or more: one band per class;
    regression: the predicted value from -bound to bound."""
    bar = dict(thickness=12, len=0.85, x=1.0, xanchor="left", xpad=6, outlinewidth=0, tickfont=dict(size=10))
    if task == "regression":
        scale, low, high = DIVERGING, -bound, bound
        bar.update(title=dict(text="value", side="right"))
    elif n_classes == 2:
        colours = [rgb_of(c) for c in CLASS_COLOURS[:2]]
        (sure0, sure1), (unsure0, unsure1) = ([with_white(c, amount) for c in colours]
                                              for amount in (SURE_WHITE, UNSURE_WHITE))
        scale = [[0.0, _rgb_text(sure0)], [0.5, _rgb_text(unsure0)], [0.5, _rgb_text(unsure1)],
                 [1.0, _rgb_text(sure1)]]
        low, high = 0.0, 1.0
        bar.update(title=dict(text="P(class 1)", side="right"), tickvals=[0, 0.25, 0.5, 0.75, 1])
    else:
        scale = []
        for c in range(n_classes):
            colour = _rgb_text(with_white(rgb_of(CLASS_COLOURS[c % len(CLASS_COLOURS)]), SURE_WHITE))
            scale += [[c / n_classes, colour], [(c + 1) / n_classes, colour]]
        low, high = -0.5, n_classes - 0.5
        bar.update(title=dict(text="class", side="right"), tickvals=list(range(n_classes)),
                   ticktext=[str(c) for c in range(n_classes)])
    return go.Scatter(x=[None], y=[None], mode="markers", name="legend", hoverinfo="skip", showlegend=False,
                      marker=dict(color=[low], colorscale=scale, cmin=low, cmax=high, showscale=True, colorbar=bar))


def boundary_figure(xs, ys, values, task, points_train, y_train, points_test, y_test, title: str,
                    show_test: bool = False, discretize: bool = False, height: int = 420,
                    meta: str = "boundary", bound: float | None = None) -> go.Figure:
    """The model's output over the plane (a layout image, see boundary_image)
    under the train points and, if show_test, the test points, and a colour bar
    (the last trace, see legend_trace).

    xs (nx,), ys (ny,): the grid; values: as for boundary_rgb; points (m, 2);
    bound: regression's colour scale is -bound..bound (the largest |value| if None).
    """
    n_classes = None if task == "regression" else max(2, values.shape[0])
    if task == "regression" and bound is None:
        bound = value_bound(values)
    fig = go.Figure([*_points(points_train, y_train, task, n_classes, "train", "white", bound=bound or 1.0),
                     *_points(points_test, y_test, task, n_classes, "test", "black", "diamond", visible=show_test,
                              bound=bound or 1.0),
                     legend_trace(task, n_classes, bound or 1.0)])
    fig.update_layout(height=height, margin=dict(l=40, r=LEGEND_MARGIN, t=30, b=30, autoexpand=False),
                      template=LIVE_TEMPLATE,
                      title=dict(text=title, x=0.02, font=dict(size=14)), showlegend=False, meta=meta,
                      uirevision=meta, plot_bgcolor="white",
                      images=[boundary_image(xs, ys, values, task, discretize, bound)],
                      xaxis=dict(range=[xs[0], xs[-1]], constrain="domain", showgrid=False, zeroline=False,
                                 automargin=False),
                      yaxis=dict(range=[ys[0], ys[-1]], scaleanchor="x", showgrid=False, zeroline=False,
                                 automargin=False))
    return fig


def update_boundary_figure(fig: go.Figure, xs, ys, values, task: str, discretize: bool = False,
                           bound: float | None = None) -> None:
    """Replace the boundary image only (the points and layout stay as built)."""
    fig.layout.images[0].source = boundary_image(xs, ys, values, task, discretize, bound)["source"]


def points_patch(fig: go.Figure, task: str, n_classes: int | None, points_train, y_train, points_test,
                 y_test) -> list:
    """Give a figure made by boundary_figure other data points (drawn or
    erased ones): each point trace's x and y (and colours for regression),
    the traces found by name; nothing else is sent."""
    index = {trace.name: i for i, trace in enumerate(fig.data)}
    n_classes = None if task == "regression" else max(2, n_classes)
    ops = []
    for trace in [*_points(points_train, y_train, task, n_classes, "train", "white"),
                  *_points(points_test, y_test, task, n_classes, "test", "black", "diamond")]:
        i = index[trace.name]
        ops += [["set", ["data", i, "x"], list(trace.x)], ["set", ["data", i, "y"], list(trace.y)]]
        if task == "regression":
            ops.append(["set", ["data", i, "marker", "color"], list(trace.marker.color)])
    return ops


def boundary_patch(xs, ys, values, task: str, discretize: bool = False, bound: float | None = None) -> list:
    """The new boundary image for a figure made by boundary_figure; give a
    regression figure's bound, or the colours rescale while the legend stays."""
    return [["set", ["layout", "images", 0, "source"],
             boundary_image(xs, ys, values, task, discretize, bound)["source"]]]
