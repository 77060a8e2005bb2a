"""The touch callbacks through AppTest: the weight editor changes the live
model and the boundary; a neuron touched through the event callback shows
its map and name on the boundary chart as a patch."""
import base64
import io
import json

import numpy as np
from PIL import Image

from playground.ui.plotly_live import payload as live_payload
from tests.support.apptest import session_of, start


def live_chart(at) -> dict:
    """The last message of the boundary chart: {'figure', 'patch'}."""
    for element in at.get("bidi_component"):
        if element.proto.id.endswith("chart_live"):
            payload = live_payload(element.proto)
            figure = payload["figures"][0]
            return {"figure": json.loads(figure) if figure else None, "patch": payload["patches"][0]}
    raise AssertionError("no boundary chart")


def shown(at) -> tuple[str, np.ndarray]:
    """The boundary chart's title and image after its last message (a whole figure or a patch)."""
    chart = live_chart(at)
    if chart["figure"]:
        title, source = chart["figure"]["layout"]["title"]["text"], chart["figure"]["layout"]["images"][0]["source"]
    else:
        sets = {tuple(op[1]): op[2] for op in chart["patch"] if op[0] == "set"}
        title, source = sets[("layout", "title", "text")], sets[("layout", "images", 0, "source")]
    image = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB")
    return title, np.asarray(image).astype(int)


def open_editor(at, target, value):
    s = session_of(at)
    s.touch_model, s.touch_edit = s.model_version, target  # what a click on the edge sets
    at.session_state["touch_value"] = value
    at.run()
    return at.number_input(key="touch_value")


def test_the_editor_sets_the_weight_and_the_boundary_follows():
    at = start({"dataset": "xor", "layers": "4", "act": "tanh"})
    net = session_of(at).trainer.network
    _, before = shown(at)
    editor = open_editor(at, ("W", 2, 0, 1), float(net.weights[1][0, 1]))
    assert editor.label == "W[2][1,2] ="
    W1, b1, b2 = net.weights[0].copy(), net.parameters["b1"].copy(), net.parameters["b2"].copy()
    W2 = net.weights[1].copy()
    editor.set_value(6.0).run()
    assert not at.exception
    assert net.weights[1][0, 1] == 6.0
    W2[0, 1] = 6.0
    np.testing.assert_array_equal(net.weights[1], W2)  # nothing else moved
    np.testing.assert_array_equal(net.weights[0], W1)
    # the boundary is the network's output with that weight, computed here by hand
    xs = np.linspace(-1, 1, 3)
    X = np.array([[x, y] for y in xs for x in xs])
    hand = 1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ X.T + b1) + b2)))
    np.testing.assert_allclose(net.predict_proba(X)[:, 1], hand.ravel(), rtol=1e-9)
    title, after = shown(at)
    assert title == "Decision boundary"
    assert np.abs(after - before).sum(axis=-1).mean() > 5
    assert any("now **6.0000**" in m.value for m in at.markdown)


def test_the_editor_sets_a_bias():
    at = start({"dataset": "xor", "layers": "4", "act": "tanh"})
    net = session_of(at).trainer.network
    open_editor(at, ("b", 1, 3), 0.0).set_value(-0.75).run()
    assert not at.exception
    assert net.parameters["b1"][3, 0] == -0.75


def test_a_touched_neuron_replaces_the_boundary_until_it_is_let_go():
    at = start({"dataset": "xor", "layers": "4", "act": "tanh"})
    s = session_of(at)
    title, boundary = shown(at)
    s.touch_model, s.touch_hover, s.touch_pin = s.model_version, (1, 2), None  # what hovering neuron 3 sets
    at.run()
    title, image = shown(at)
    assert title == "Layer 1, neuron 3: tanh output"
    # tanh(w·x + b) of one unit: the map is constant along the line w·x = const, so it is
    # blue where w·x + b > 0 and orange where < 0 (checked at the grid's corners)
    net, grid = s.trainer.network, s.grid
    w, b = net.weights[0][2], net.parameters["b1"][2, 0]
    for row, y in ((0, grid.ys[-1]), (-1, grid.ys[0])):  # image row 0 is the top
        for col, x in ((0, grid.xs[0]), (-1, grid.xs[-1])):
            z = w @ np.array([x, y]) + b
            r, _, blue = image[row, col]
            assert (blue > r) == (z > 0), (x, y, z, image[row, col])
    s.touch_hover = None
    at.run()
    title, back = shown(at)
    assert title == "Decision boundary" and np.array_equal(back, boundary)


def test_an_output_neuron_of_a_softmax_or_a_regression_is_named_and_coloured_as_its_thumbnail():
    for query, neuron, title, colour in (
            ({"dataset": "spiral3", "layers": "5", "act": "relu"}, (2, 2), "Output, neuron 3: softmax output",
             (0x3a, 0xa3, 0x5b)),  # P(class 3): white to class 3's green
            ({"dataset": "plane", "layers": "3", "act": "tanh"}, (2, 0), "Output, neuron 1: linear output", None),
            ({"dataset": "circles", "layers": "3", "act": "relu", "features": "x1,x2,x1^2"}, (0, 2),
             "Input 3: x1^2", None)):
        at = start(query)
        s = session_of(at)
        s.touch_model, s.touch_pin = s.model_version, neuron
        at.run()
        assert not at.exception
        shown_title, image = shown(at)
        assert shown_title == title
        if colour:  # every pixel between white and the class colour
            t = (255 - image) / (255 - np.array(colour))
            assert np.allclose(t, t[..., :1], atol=0.02)
