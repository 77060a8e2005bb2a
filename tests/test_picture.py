"""Confusion matrix and hidden-space view: their numbers against independent references."""
import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sk_confusion

from playground import inspect, nn, plots
from playground.config import Config
from playground.engine import Trainer


def trained(cfg: Config, steps: int = 60):
    data = cfg.make_dataset()
    trainer = Trainer(cfg.make_network(data), data)
    trainer.run(steps)
    return trainer


def test_confusion_matrix_by_hand():
    counts = inspect.confusion_matrix([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 0], 3)
    assert counts.tolist() == [[1, 1, 0], [0, 2, 1], [1, 0, 0]]


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_confusion_matrix_against_sklearn(n_classes):
    rng = np.random.default_rng(n_classes)
    y, p = rng.integers(0, n_classes, 300), rng.integers(0, n_classes, 300)
    assert np.array_equal(inspect.confusion_matrix(y, p, n_classes),
                          sk_confusion(y, p, labels=list(range(n_classes))))


@pytest.mark.parametrize("dataset", ["moons", "blobs3"])
def test_confusion_on_the_test_set_against_sklearn(dataset):
    t = trained(Config(dataset=dataset))
    counts, which = inspect.confusion_on_test(t.network, t.dataset)
    d = t.dataset
    labels = list(range(max(2, d.n_classes)))
    assert which == "test"
    assert np.array_equal(counts, sk_confusion(d.y_test, t.network.predict(d.X_test), labels=labels))
    assert counts.sum() == len(d.y_test)
    # the diagonal's share is the test accuracy the trainer reports
    assert np.trace(counts) / counts.sum() == pytest.approx(t.network.score(d.X_test, d.y_test))


def test_confusion_figure_and_patch_carry_the_counts():
    counts = np.array([[5, 1], [2, 7]])
    fig = plots.confusion_figure(counts, "test")
    assert [list(r) for r in fig.data[0].z] == [[5, 1], [2, 7]]
    assert [list(r) for r in fig.data[0].text] == [["5", "1"], ["2", "7"]]
    assert "12 of 15 right (80.0%)" in fig.layout.title.text
    assert list(fig.data[0].customdata[0]) == [83.3, 16.7]  # share of the true row, 5/6 and 1/6
    patch = dict((tuple(path), value) for _, path, value in plots.confusion_patch(np.array([[6, 0], [0, 9]])))
    assert patch[("data", 0, "z")] == [[6, 0], [0, 9]]
    assert patch[("layout", "title", "text")].endswith("15 of 15 right (100.0%)")


def forward_by_hand(net, X_rows, layer):
    """Activations of hidden layer `layer` through nn.linear and nn.activation, one layer at a time."""
    A = X_rows.T
    params = net.parameters
    for l in range(1, layer + 1):
        A = nn.activation(nn.linear(params[f"W{l}"], A, params[f"b{l}"]), net.activations_[l - 1])
    return A


@pytest.mark.parametrize("features", [("x1", "x2"), ("x1", "x2", "x1*x2", "sin(πx1)")])
def test_hidden_space_against_a_forward_pass_by_hand(features):
    cfg = Config(dataset="circles", hidden=(5, 4), activations=("tanh", "relu"), keep_probs=(0.5, 1.0),
                 features=features)
    t = trained(cfg, 20)
    net, d = t.network, t.dataset
    space = inspect.hidden_space(net, d, 2, (3, 1), lines=5, samples=7)
    A = forward_by_hand(net, d.X_train, 2)  # dropout never applies to a view
    assert np.allclose(space.points, A[[3, 1]].T)
    # a line point: across[i, j] is the input point (x of sample j, y of line i) mapped through the network
    x0, x1, y0, y1 = d.extent
    for i, j in [(0, 0), (2, 3), (4, 6)]:
        px, py = x0 + (x1 - x0) * j / 6, y0 + (y1 - y0) * i / 4
        feats = {"x1": px, "x2": py, "x1*x2": px * py, "sin(πx1)": np.sin(np.pi * px)}
        a = forward_by_hand(net, np.array([[feats[f] for f in features]]), 2)[:, 0]
        assert np.allclose(space.across[i, j], a[[3, 1]])
        px, py = x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * j / 6  # along[i, j]: x of line i, y of sample j
        feats = {"x1": px, "x2": py, "x1*x2": px * py, "sin(πx1)": np.sin(np.pi * px)}
        a = forward_by_hand(net, np.array([[feats[f] for f in features]]), 2)[:, 0]
        assert np.allclose(space.along[i, j], a[[3, 1]])


def test_hidden_space_refuses_a_layer_or_unit_that_is_not_there():
    t = trained(Config(hidden=(3,), activations=("relu",), keep_probs=(1.0,)), 1)
    with pytest.raises(ValueError, match="hidden layer from 1 to 1"):
        inspect.hidden_space(t.network, t.dataset, 2, (0, 1))
    with pytest.raises(ValueError, match="units must be from 0 to 2"):
        inspect.hidden_space(t.network, t.dataset, 1, (0, 3))


def test_hidden_space_figure_and_patch_hold_the_coordinates():
    t = trained(Config(dataset="blobs3"), 5)
    d = t.dataset
    space = inspect.hidden_space(t.network, d, 1, (0, 2), lines=3, samples=4)
    fig = plots.hidden_space_figure(space, d.y_train, d.task, d.n_classes, ("u1", "u3"), "t")
    assert len(fig.data) == 2 + 3  # two line families, three classes
    across_x = [v for v in fig.data[0].x]
    assert across_x[:5] == [*np.round(space.across[0, :, 0], 4), None]  # lines cut apart by gaps
    for c in range(3):
        assert np.allclose(fig.data[2 + c].x, np.round(space.points[d.y_train == c, 0], 4))
        assert np.allclose(fig.data[2 + c].y, np.round(space.points[d.y_train == c, 1], 4))
    lo, hi = fig.layout.xaxis.range
    assert lo <= space.points[:, 0].min() and hi >= space.points[:, 0].max()
    t.run(50)
    later = inspect.hidden_space(t.network, d, 1, (0, 2), lines=3, samples=4)
    patch = {tuple(path): value for _, path, value in plots.hidden_space_patch(later, d.y_train, d.task, 3)}
    assert np.allclose(patch[("data", 3, "y")], np.round(later.points[d.y_train == 1, 1], 4))
    assert ("layout", "xaxis", "range") in patch and len(patch) == 2 * 5 + 2
