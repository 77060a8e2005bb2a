"""Touching weights and neurons: the engine's set_weight / set_bias and the
network drawing's clickable targets (edge midpoints, bias marks, nodes)."""
import numpy as np
import pytest

from playground import plots
from playground.engine import Network
from playground.engine.trainer import TrainingLoop


def net():
    return Network([2, 3, 2], activation="tanh", optimizer="adam", seed=3)


def test_set_weight_changes_that_entry_only():
    n = net()
    before = [W.copy() for W in n.weights]
    n.set_weight(2, 1, 2, 0.417)  # W[2] is (2, 3): row 1 (output unit), column 2 (hidden unit)
    assert n.weights[1][1, 2] == 0.417
    assert n.parameters["W2"][1, 2] == 0.417
    expected = [W.copy() for W in before]
    expected[1][1, 2] = 0.417
    for got, want in zip(n.weights, expected):
        np.testing.assert_array_equal(got, want)
    # the flat vector holds it: W1 (3×2), b1 (3), then W2 row-major
    assert n.flat_parameters[6 + 3 + 1 * 3 + 2] == 0.417


def test_set_bias_changes_that_entry_only():
    n = net()
    flat = n.flat_parameters.copy()
    n.set_bias(1, 2, -1.5)
    assert n.parameters["b1"][2, 0] == -1.5
    flat[6 + 2] = -1.5  # b1 follows the 3×2 W1
    np.testing.assert_array_equal(n.flat_parameters, flat)


def test_an_edited_weight_changes_the_output_as_computed_by_hand():
    n = Network([1, 1, 1], activation="tanh", output="linear", seed=0)
    n.set_weight(1, 0, 0, 2.0)
    n.set_bias(1, 0, -1.0)
    n.set_weight(2, 0, 0, 3.0)
    n.set_bias(2, 0, 0.5)
    x = 0.7
    assert n.predict(np.array([[x]]))[0] == pytest.approx(3.0 * np.tanh(2.0 * x - 1.0) + 0.5)


@pytest.mark.parametrize("call, message", [
    (lambda n: n.set_weight(0, 0, 0, 1.0), "layer must be a whole number from 1 to 2"),
    (lambda n: n.set_weight(3, 0, 0, 1.0), "layer must be a whole number from 1 to 2"),
    (lambda n: n.set_weight(True, 0, 0, 1.0), "layer"),
    (lambda n: n.set_weight(2, 2, 0, 1.0), "unit i must be a whole number from 0 to 1"),
    (lambda n: n.set_weight(2, 0, 3, 1.0), "unit j must be a whole number from 0 to 2"),
    (lambda n: n.set_weight(2, -1, 0, 1.0), "unit i"),
    (lambda n: n.set_weight(2, 0.5, 0, 1.0), "unit i"),
    (lambda n: n.set_weight(1, 0, 0, float("nan")), "W[1][0,0] must be a finite number"),
    (lambda n: n.set_weight(1, 0, 0, float("inf")), "finite"),
    (lambda n: n.set_weight(1, 0, 0, "1"), "finite"),
    (lambda n: n.set_bias(2, 2, 1.0), "unit i must be a whole number from 0 to 1"),
    (lambda n: n.set_bias(1, 0, float("-inf")), "b[1][0] must be a finite number"),
])
def test_bad_indices_or_values_are_refused_and_change_nothing(call, message):
    n = net()
    flat = n.flat_parameters.copy()
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call(n)
    np.testing.assert_array_equal(n.flat_parameters, flat)


def test_training_goes_on_from_the_edited_weight_with_the_optimiser_state_kept():
    """The edit goes into the flat vector the optimiser updates: one step
    afterwards equals the step a copy with the same state takes from the
    same weights (set through set_flat_parameters, the existing way)."""
    rng = np.random.default_rng(0)
    Xc, Yc = rng.normal(size=(2, 40)), np.eye(2)[rng.integers(0, 2, 40)].T
    a, b = net(), net()
    for _ in range(5):
        a.step_columns(Xc, Yc)
        b.step_columns(Xc, Yc)
    a.set_weight(1, 2, 1, 0.9)
    flat = b.flat_parameters.copy()
    flat[2 * 2 + 1] = 0.9
    b.set_flat_parameters(flat)
    assert a.step_count == b.step_count == 5
    a.step_columns(Xc, Yc)
    b.step_columns(Xc, Yc)
    np.testing.assert_allclose(a.flat_parameters, b.flat_parameters, rtol=0, atol=0)
    assert a.flat_parameters[2 * 2 + 1] != 0.9  # and it did move on


def test_a_trainer_keeps_an_edited_weight_as_the_one_to_go_back_to():
    rng = np.random.default_rng(1)
    Xc, Yc = rng.normal(size=(2, 30)), np.eye(2)[rng.integers(0, 2, 30)].T
    n = Network([2, 3, 2], activation="relu", optimizer="sgd", seed=3)
    loop = TrainingLoop(n, Xc, Yc)
    loop.run(3)
    n.set_weight(2, 0, 0, 1.25)
    n.learning_rate = 1e3  # the next steps overshoot: training diverges and goes back
    loop.run(50)
    assert loop.diverged
    assert n.weights[1][0, 0] == 1.25


# ------------------------------------------------------------------ drawing
def drawing(seed=1, dims=(2, 3, 2)):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(dims[l], dims[l - 1])) for l in range(1, len(dims))]
    biases = [rng.normal(size=(n, 1)) for n in dims[1:]]
    maps = [rng.random((n, 16, 16)) for n in dims]
    fig = plots.network_figure(list(dims), weights, maps, ["x1", "x2"], biases=biases,
                               activations=["tanh"] * (len(dims) - 2), output="softmax")
    return fig, weights, biases


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_every_edge_has_a_click_target_naming_its_weight():
    import plotly.graph_objects as go
    fig, weights, _ = drawing()
    go.Figure(fig.to_dict())  # valid Plotly
    edges = trace(fig, "weights")
    assert len(edges.customdata) == sum(W.size for W in weights)
    for (kind, l, i, j), text in zip(edges.customdata, edges.text):
        assert kind == "W"
        assert text == f"W{l}[{i + 1},{j + 1}] = {weights[l - 1][i, j]:.3f}"
    assert {(l, i, j) for _, l, i, j in edges.customdata} == {
        (l, i, j) for l, W in enumerate(weights, 1) for i in range(W.shape[0]) for j in range(W.shape[1])}


def test_biases_are_marked_by_sign_and_size():
    fig, weights, biases = drawing()
    marks = trace(fig, "biases")
    values = {(l, i): float(b[i, 0]) for l, b in enumerate(biases, 1) for i in range(len(b))}
    assert [tuple(d) for d in marks.customdata] == [("b", l, i) for l, i in values]
    peak = max(np.abs(W).max() for W in weights)
    for (_, l, i), colour, size, text in zip(marks.customdata, marks.marker.color, marks.marker.size, marks.text):
        b = values[(l, i)]
        assert colour == ("#0877bd" if b >= 0 else "#f59322")  # blue +, orange −, as the edges
        assert size == pytest.approx(4 + 8 * min(abs(b) / peak, 1), abs=0.05)
        assert text == f"b{l}[{i + 1}] = {b:.3f}"
    # each mark sits at the lower left corner of its node, left of and below its target
    nodes = trace(fig, "neurons")
    where = {(l, i): (x, y) for (_, l, i), x, y in zip(nodes.customdata, nodes.x, nodes.y)}
    for (_, l, i), x, y in zip(marks.customdata, marks.x, marks.y):
        assert x == pytest.approx(where[(l, i)][0] - 0.4) and y == pytest.approx(where[(l, i)][1] - 0.4)


def test_every_neuron_has_a_hover_target_and_a_name():
    fig, _, _ = drawing(dims=(2, 4, 3, 2))
    nodes = trace(fig, "neurons")
    assert [tuple(d) for d in nodes.customdata] == [("n", l, i) for l, n in enumerate((2, 4, 3, 2)) for i in range(n)]
    names = dict(zip((tuple(d[1:]) for d in nodes.customdata), nodes.text))
    assert names[(0, 1)] == "Input 2: x2"
    assert names[(2, 2)] == "Layer 2, neuron 3: tanh output"
    assert names[(3, 0)] == "Output, neuron 1: softmax output"
    xs = {l: x for (_, l, _), x in zip(nodes.customdata, nodes.x)}
    assert xs[0] < xs[1] < xs[2] < xs[3]


def test_without_biases_no_marks_are_drawn():
    rng = np.random.default_rng(0)
    fig = plots.network_figure([2, 1], [rng.normal(size=(1, 2))], [rng.random((n, 8, 8)) for n in (2, 1)], ["a", "b"])
    assert "biases" not in {t.name for t in fig.data}


def test_a_neuron_map_is_drawn_right_side_up_in_the_diverging_colours():
    from playground.plots.neuron import neuron_rgb
    ys = np.linspace(-1, 1, 9)
    A = np.repeat(ys[:, None], 5, axis=1)  # row 0 is the bottom of the plane (smallest y)
    rgb = neuron_rgb(A, 0, 1, 3, None, "sigmoid")  # an input: scaled by its largest |value|
    assert rgb.shape == (9, 5, 3)
    np.testing.assert_array_equal(rgb[0, 0], [0x08, 0x77, 0xbd])  # top: y = 1, blue
    np.testing.assert_array_equal(rgb[-1, 0], [0xf5, 0x93, 0x22])  # bottom: y = -1, orange
    np.testing.assert_array_equal(rgb[4, 0], [0xf7, 0xf7, 0xf7])  # y = 0, white
    sig = neuron_rgb(np.full((2, 2), 0.5), 1, 0, 3, "sigmoid", "sigmoid")  # a sigmoid's 0.5 is its middle
    np.testing.assert_array_equal(sig[0, 0], [0xf7, 0xf7, 0xf7])
    soft = neuron_rgb(np.ones((2, 2)), 2, 2, 3, None, "softmax")  # P(class 3) = 1: class 3's colour
    np.testing.assert_array_equal(soft[0, 0], [0x3a, 0xa3, 0x5b])


@pytest.mark.parametrize("data, expected", [
    (["n", 0, 1], ("n", 0, 1)), (["n", 2, 1], ("n", 2, 1)), (["W", 2, 1, 2], ("W", 2, 1, 2)),
    (["b", 1, 2], ("b", 1, 2)),
    (["n", 3, 0], None), (["n", 0, 2], None), (["W", 0, 0, 0], None), (["W", 2, 2, 0], None),
    (["W", 1, 0, 2], None), (["b", 2, 2], None), (["b", 1], None), (["x", 1, 1], None),
    (["n", True, 0], None), (["n", 0.0, 0], None), ("n", None), (None, None), ([], None), ({"a": 1}, None),
])
def test_only_targets_of_this_network_are_taken_from_the_browser(data, expected):
    from playground.ui.touch import target_of
    assert target_of(net(), data) == expected


# ------------------------------------------------------- the event callback
class Rerun(Exception):
    pass


@pytest.fixture()
def session(monkeypatch):
    from playground.ui import touch
    from playground.ui.session import Session
    from types import SimpleNamespace
    from tests.support.apptest import FakeWidgets
    s = Session(model_version=1, trainer=SimpleNamespace(network=net()))
    widgets = FakeWidgets()
    reruns = []

    def rerun(scope):
        reruns.append(scope)
        raise Rerun  # as st.rerun: the callback stops here

    monkeypatch.setattr(touch.state, "ss", lambda: s)
    monkeypatch.setattr(touch.state, "widgets", lambda: widgets)
    monkeypatch.setattr(touch.st, "rerun", rerun)
    monkeypatch.setattr(touch.inputs, "fragment_run", lambda: True)

    def call(fn, *args):
        """fn(*args): the fragments it reruns (None: just the one the event came from)."""
        try:
            fn(*args)
        except Rerun:
            return reruns.pop()
        return None

    def send(kind, customdata):
        return call(touch.on_event, {"kind": kind, "id": "x", "customdata": customdata})
    send.call = call
    return s, send, touch


def test_hovering_shows_a_neuron_and_leaving_it_restores_the_boundary(session):
    s, send, touch = session
    assert send("hover", ["n", 1, 2]) == ["live_frame"]  # only the boundary's fragment reruns
    assert touch.shown(s) == (1, 2)
    assert send("hover", ["n", 1, 2]) is None  # nothing to redraw
    assert send("hover", ["W", 1, 0, 0]) == ["live_frame"]  # an edge is not a neuron
    assert touch.shown(s) is None
    send("hover", ["n", 2, 0])
    assert send("hover", None) == ["live_frame"] and touch.shown(s) is None  # the pointer left


def test_a_click_holds_a_neuron_until_a_second_click(session):
    s, send, touch = session
    send("hover", ["n", 1, 0])
    assert send("point", ["n", 1, 0]) is None  # already shown under the pointer: now held too
    send("hover", None)
    assert touch.shown(s) == (1, 0)
    assert send("hover", ["n", 2, 1]) == ["live_frame"] and touch.shown(s) == (2, 1)  # a hover shows over it
    send("hover", None)
    assert touch.shown(s) == (1, 0)
    assert send("point", ["n", 1, 0]) == ["live_frame"] and touch.shown(s) is None


def test_clicking_an_edge_or_a_bias_opens_the_editor_with_its_value(session):
    s, send, touch = session
    network = s.trainer.network
    assert send("point", ["W", 2, 1, 2]) is None  # the network's own fragment reruns and shows it
    assert s.touch_edit == ("W", 2, 1, 2)
    assert touch.state.widgets()["touch_value"] == pytest.approx(network.weights[1][1, 2], abs=1e-4)
    send("point", ["b", 1, 2])
    assert s.touch_edit == ("b", 1, 2) and touch.state.widgets()["touch_value"] == pytest.approx(network.parameters["b1"][2, 0], abs=1e-4)
    touch.state.widgets()["touch_value"] = 0.25
    assert send.call(touch.apply_edit) == ["network_frame", "live_frame"]  # the drawing and the boundary
    assert network.parameters["b1"][2, 0] == 0.25
    assert s.touch_error is None


def test_an_edit_the_engine_refuses_is_reported_and_changes_nothing(session):
    s, send, touch = session
    network = s.trainer.network
    flat = network.flat_parameters.copy()
    send("point", ["W", 1, 0, 1])
    touch.state.widgets()["touch_value"] = float("nan")
    send.call(touch.apply_edit)
    assert s.touch_error.startswith("W[1][1,2] not changed: W[1][0,1] must be a finite number")
    np.testing.assert_array_equal(network.flat_parameters, flat)


def test_targets_from_elsewhere_change_nothing(session):
    s, send, touch = session
    for data in (["n", 9, 0], ["W", 1, 7, 0], "n", None, ["x"]):
        assert send("point", data) is None
    assert touch.shown(s) is None and s.touch_edit is None


def test_a_new_model_lets_go_of_what_was_touched(session):
    s, send, touch = session
    send("point", ["n", 1, 1])
    send("point", ["W", 1, 0, 0])
    s.model_version = 2
    assert touch.shown(s) is None and s.touch_edit is None
