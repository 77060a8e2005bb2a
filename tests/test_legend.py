"""The boundary's colour legend, and regression's colour scale fixed while training."""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from playground import inspect, plots
from playground.config import Config
from playground.engine import Trainer
from playground.ui import live_charts
from tests.support.apptest import fake_session

ORANGE, BLUE, GREEN = (245, 147, 34), (8, 119, 189), (0x3a, 0xa3, 0x5b)
LIGHT = (0xf7, 0xf7, 0xf7)


def mix_white(rgb, amount):
    return tuple(int(np.rint(c + (255 - c) * amount)) for c in rgb)


def rgb_text(rgb):
    return "rgb({},{},{})".format(*rgb)


def decode(uri: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB"))


def figure(task, values, y, bound=None):
    xs, ys = np.linspace(-1, 1, values.shape[2]), np.linspace(-1, 1, values.shape[1])
    P = np.zeros((len(y), 2))
    return plots.boundary_figure(xs, ys, values, task, P, y, P[:0], y[:0], "t", bound=bound)


def legend(fig):
    bars = [t for t in fig.data if t.marker.showscale]
    assert len(bars) == 1
    return bars[0]


def test_two_classes_show_the_probability_of_class_1():
    fig = figure("classification", np.full((1, 3, 3), 0.3), np.array([0, 1]))
    bar = legend(fig)
    assert (bar.marker.cmin, bar.marker.cmax) == (0, 1)
    assert "P(class 1)" in bar.marker.colorbar.title.text
    # the same colours as the image: sure class 0 at 0, palest at 0.5, sure class 1 at 1
    assert [list(stop) for stop in bar.marker.colorscale] == [
        [0.0, rgb_text(mix_white(ORANGE, 0.25))], [0.5, rgb_text(mix_white(ORANGE, 0.9))],
        [0.5, rgb_text(mix_white(BLUE, 0.9))], [1.0, rgb_text(mix_white(BLUE, 0.25))]]
    assert bar.x == (None,) and bar.hoverinfo == "skip"  # draws no point of its own


def test_three_classes_show_one_band_per_class():
    fig = figure("classification", np.full((3, 2, 2), 1 / 3), np.array([0, 1, 2]))
    bar = legend(fig)
    assert (bar.marker.cmin, bar.marker.cmax) == (-0.5, 2.5)
    assert list(bar.marker.colorbar.tickvals) == [0, 1, 2]
    colours = [rgb_text(mix_white(c, 0.25)) for c in (ORANGE, BLUE, GREEN)]
    assert [list(stop) for stop in bar.marker.colorscale] == [
        [0, colours[0]], [1 / 3, colours[0]], [1 / 3, colours[1]], [2 / 3, colours[1]],
        [2 / 3, colours[2]], [1, colours[2]]]


def test_regression_shows_the_value_scale():
    fig = figure("regression", np.full((1, 2, 2), 0.5), np.array([-3.0, 1.0]), bound=3.0)
    bar = legend(fig)
    assert (bar.marker.cmin, bar.marker.cmax) == (-3.0, 3.0)
    assert [list(stop) for stop in bar.marker.colorscale] == [[0.0, "#f59322"], [0.5, "#f7f7f7"], [1.0, "#0877bd"]]
    points = fig.data[0].marker
    assert (points.cmin, points.cmax) == (-3.0, 3.0)  # the points are on the same scale


def test_colour_bound_is_the_largest_target():
    data = Config(dataset="plane").make_dataset()
    assert inspect.colour_bound(data) == np.abs(np.concatenate([data.y_train, data.y_test])).max()


@pytest.fixture()
def session(monkeypatch):
    return fake_session(monkeypatch, Config(dataset="plane"))


def test_regression_scale_stays_the_same_across_live_frames(session):
    """Two frames whose predictions peak at different values: the same value
    gets the same colour in both, and the legend is sent once."""
    data = Config(dataset="plane").make_dataset()
    trainer = Trainer(Config(dataset="plane").make_network(data), data)
    grid, _ = live_charts.grids(trainer)
    bound = float(np.abs(np.concatenate([data.y_train, data.y_test])).max())
    ny, nx = len(grid.ys), len(grid.xs)

    def frame(peak):
        values = np.zeros((1, ny, nx))
        values[0, 0, 0] = bound / 2  # grid row 0 is the image's bottom row
        values[0, 0, 1] = peak
        return values

    fig, version, patch = live_charts.boundary_chart(trainer, frame(bound / 2), full=True)
    assert patch is None and legend(fig).marker.cmax == bound
    pixels = []
    for peak in (bound / 2, 4 * bound):
        fig2, version2, patch = live_charts.boundary_chart(trainer, frame(peak), full=False)
        assert fig2 is fig and version2 == version
        # the image and the chart's title (ui/touch.py sets it each frame); the legend is not resent
        assert [(op, path) for op, path, _ in patch] == [("set", ["layout", "images", 0, "source"]),
                                                         ("set", ["layout", "title", "text"])]
        source = patch[0][2]
        pixels.append(decode(source)[-1, 0])
    halfway = [(a + b) / 2 for a, b in zip(LIGHT, BLUE)]  # bound/2 is halfway from white to blue
    for pixel in pixels:
        assert np.abs(pixel.astype(float) - halfway).max() <= 1
    assert legend(fig).marker.cmax == bound


def test_regression_snapshots_keep_the_fixed_scale():
    """The History tab shows kept boundaries on the live chart's scale: a
    snapshot taken with the data's bound reads back as the values (clipped to ±bound)."""
    data = Config(dataset="plane").make_dataset()
    net = Config(dataset="plane").make_network(data)
    grid = inspect.make_grid(data, net, 8)
    values = inspect.boundary_values(net, grid)
    bound = 0.5 * float(np.abs(values).max())  # half the peak: the largest values are clipped
    back = (inspect.snapshot_values(inspect.boundary_snapshot(net, grid, bound)) * 2 - 1) * bound
    assert np.allclose(back, np.clip(values, -bound, bound), atol=bound / 127)


@pytest.mark.parametrize("dataset", ["plane", "circles", "blobs3"])
def test_a_snapshot_from_the_frames_values_equals_one_computed_afresh(dataset):
    """A live frame computes the boundary once and hands the values to the snapshot."""
    data = Config(dataset=dataset).make_dataset()
    net = Config(dataset=dataset).make_network(data)
    grid = inspect.make_grid(data, net, 16)
    values = inspect.boundary_values(net, grid)
    given = inspect.boundary_snapshot(net, grid, 0.7, values=values)
    assert given.dtype == np.uint8 and np.array_equal(given, inspect.boundary_snapshot(net, grid, 0.7))
    assert not np.array_equal(given, inspect.boundary_snapshot(net, grid, 0.7, values=values * 0))
