"""Plotly figures from plain arrays: boundary colours (checked by hand), images, live figures."""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from playground import plots

ORANGE, BLUE = (245, 147, 34), (8, 119, 189)  # '#f59322', '#0877bd'


def mix_white(rgb, amount):
    return tuple(int(np.rint(c + (255 - c) * amount)) for c in rgb)


def decode(uri: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB"))


def test_binary_colours_go_from_pale_when_unsure_to_full_when_sure():
    values = np.array([[[1.0, 0.5, 0.0]]])  # P(class 1): sure 1, unsure, sure 0
    rgb = plots.boundary_rgb(values, "classification")
    assert rgb.shape == (1, 3, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 0]) == mix_white(BLUE, 0.25)
    assert tuple(rgb[0, 1]) == mix_white(ORANGE, 0.9)  # a tie goes to class 0, at its palest
    assert tuple(rgb[0, 2]) == mix_white(ORANGE, 0.25)


def test_three_classes_and_discretize():
    probs = np.zeros((3, 1, 3))
    probs[0, 0, 0] = probs[1, 0, 1] = probs[2, 0, 2] = 1.0
    rgb = plots.boundary_rgb(probs, "classification")
    green = (0x3a, 0xa3, 0x5b)
    assert [tuple(p) for p in rgb[0]] == [mix_white(ORANGE, .25), mix_white(BLUE, .25), mix_white(green, .25)]
    soft = np.array([[[0.6]], [[0.3]], [[0.1]]])
    shade = (0.6 - 1 / 3) / (1 - 1 / 3)  # confidence 1/3..1 mapped onto unsure..sure
    expected = mix_white(ORANGE, 0.9 + (0.25 - 0.9) * shade)
    assert np.abs(plots.boundary_rgb(soft, "classification")[0, 0].astype(int) - expected).max() <= 1
    flat = plots.boundary_rgb(soft, "classification", discretize=True)
    assert np.abs(flat[0, 0].astype(int) - mix_white(ORANGE, 0.9 + (0.25 - 0.9) * 0.6)).max() <= 1


def test_rows_are_stored_top_down():
    values = np.array([[[0.0, 0.0], [1.0, 1.0]]])  # grid row 0 is the bottom (smallest x2)
    rgb = plots.boundary_rgb(values, "classification")
    assert tuple(rgb[0, 0]) == mix_white(BLUE, 0.25)  # image row 0 is the top: the class-1 row
    assert tuple(rgb[1, 0]) == mix_white(ORANGE, 0.25)


def test_regression_is_diverging_around_zero():
    rgb = plots.boundary_rgb(np.array([[[-2.0, 0.0, 2.0, 1.0]]]), "regression")
    assert tuple(rgb[0, 0]) == ORANGE and tuple(rgb[0, 1]) == (0xf7, 0xf7, 0xf7) and tuple(rgb[0, 2]) == BLUE
    halfway = [(0xf7 + b) / 2 for b in BLUE]
    assert np.abs(rgb[0, 3].astype(float) - halfway).max() <= 0.5


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_non_finite_values_still_give_an_image(task):
    values = np.array([[[np.nan, np.inf, -np.inf, 0.3]]])
    rgb = plots.boundary_rgb(values, task)
    assert rgb.shape == (1, 4, 3)


def test_png_round_trip_and_image_geometry():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (7, 5, 3), dtype=np.uint8)
    assert np.array_equal(decode(plots.png_data_uri(rgb)), rgb)
    xs, ys = np.linspace(-1, 1, 5), np.linspace(0, 3, 7)
    image = plots.boundary_image(xs, ys, rng.random((1, 7, 5)), "classification")
    dx, dy = 0.5, 0.5
    # pixel centres on the grid points: the image overhangs the grid by half a cell
    assert image["x"] == pytest.approx(-1 - dx / 2) and image["sizex"] == pytest.approx(5 * dx)
    assert image["y"] == pytest.approx(3 + dy / 2) and image["sizey"] == pytest.approx(7 * dy)
    assert (image["xanchor"], image["yanchor"], image["xref"], image["yref"]) == ("left", "top", "x", "y")
    assert decode(image["source"]).shape == (7, 5, 3)
    crisp = plots.boundary_image(xs, ys, rng.random((1, 7, 5)), "classification", discretize=True)
    assert decode(crisp["source"]).shape == (7 * plots.DISCRETE_UPSCALE, 5 * plots.DISCRETE_UPSCALE, 3)


def test_live_figures_update_only_their_data():
    xs, ys = np.linspace(-1, 1, 4), np.linspace(-1, 1, 3)
    points = np.array([[0.0, 0.1], [0.5, -0.5], [-0.2, 0.3]])
    y = np.array([0, 1, 1])
    fig = plots.boundary_figure(xs, ys, np.full((1, 3, 4), 0.9), "classification", points, y, points[:1], y[:1],
                                "Decision boundary", meta="live")
    before = fig.layout.images[0].source
    plots.update_boundary_figure(fig, xs, ys, np.full((1, 3, 4), 0.1), "classification")
    assert fig.layout.images[0].source != before
    assert tuple(decode(fig.layout.images[0].source)[0, 0]) == mix_white(ORANGE, 0.25 + 0.65 * (1 - 0.8))
    assert [list(t.x) for t in fig.data[:2]] == [[0.0], [0.5, -0.2]]  # train points by class
    assert fig.data[2].visible is False  # test points hidden unless asked for
    history = {"epoch": np.arange(3.0), "train_cost": np.array([0.7, 0.5, 0.4]), "test_cost": np.ones(3),
               "train_score": np.array([0.5, 0.6, 0.9]), "test_score": np.zeros(3)}
    curves = plots.curves_figure(history, log_cost=True)
    assert curves.layout.yaxis.type == "log"
    history["train_cost"] = np.array([0.3, 0.2, 0.1])
    plots.update_curves_figure(curves, history)
    assert np.allclose(curves.data[0].y, [0.3, 0.2, 0.1]) and np.allclose(curves.data[2].y, [0.5, 0.6, 0.9])


def test_network_figure_is_valid_plotly_and_shows_every_weight():
    """network_figure skips Plotly's validation for speed: validate it here."""
    import plotly.graph_objects as go
    rng = np.random.default_rng(1)
    dims = [2, 3, 1]
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(1, 3))]
    maps = [rng.random((n, 16, 16)) for n in dims]
    fig = plots.network_figure(dims, weights, maps, ["x1", "x2"])
    go.Figure(fig.to_dict())  # raises ValueError on any invalid property
    texts = [t for trace in fig.data if trace.type == "scatter" and trace.text for t in trace.text]
    expected = {f"W{l}[{j + 1},{i + 1}] = {W[j, i]:.3f}" for l, W in enumerate(weights, 1)
                for j in range(W.shape[0]) for i in range(W.shape[1])}
    assert expected <= set(texts)
    assert sum(trace.type == "heatmap" for trace in fig.data) == len(dims)


@pytest.mark.parametrize("log_cost", [False, True])
def test_curve_axes_cover_every_finite_value(log_cost):
    """The curves figure sets its ranges itself (its zero-length transition skips autorange)."""
    history = {"epoch": np.arange(5.0), "train_cost": np.array([0.7, 0.3, 0.1, 1e-4, np.nan]),
               "test_cost": np.array([0.8, 0.5, 0.4, 0.45, 0.5]), "train_score": np.array([0.5, 0.7, 0.9, 1, 1]),
               "test_score": np.array([0.4, 0.6, 0.8, 0.85, np.inf])}
    fig = plots.curves_figure(history, log_cost=log_cost)
    history = {k: np.append(v, v[-2]) for k, v in history.items()}
    history["epoch"][-1] = 40.0
    plots.update_curves_figure(fig, history)
    low, high = fig.layout.xaxis.range
    assert list(fig.layout.xaxis2.range) == [low, high] and low == 0 and 40 <= high <= 60  # headroom
    low, high = fig.layout.yaxis.range
    costs = [0.7, 0.3, 0.1, 1e-4, 0.8, 0.5, 0.4, 0.45]
    shown = np.log10(costs) if log_cost else np.array(costs)
    assert low < shown.min() and high > shown.max()
    assert high - low < 2.1 * (shown.max() - shown.min())  # some headroom, not blown up
    low, high = fig.layout.yaxis2.range
    assert low < 0.4 and 1.0 < high < 1.5
    # ranges hold while the data stays inside them, so the browser does not redraw the axes
    ranges = [tuple(a.range) for a in (fig.layout.xaxis, fig.layout.yaxis, fig.layout.yaxis2)]
    history = {k: np.append(v, v[-1]) for k, v in history.items()}
    history["epoch"][-1] = 41.0
    plots.update_curves_figure(fig, history)
    assert [tuple(a.range) for a in (fig.layout.xaxis, fig.layout.yaxis, fig.layout.yaxis2)] == ranges
