"""The Streamlit app through streamlit.testing.v1.AppTest (one at.run() is one tick)."""
import base64
import io
import json

import numpy as np
from tests.support.apptest import counter, session_of, start
from PIL import Image

from playground.config import Config
from playground.ui.plotly_live import payload
from tests.support.patches import apply





def epoch_text(at) -> str:
    return counter(at)


def trainer(at):
    return session_of(at).trainer


def values(v) -> np.ndarray:
    """A Plotly JSON array: a list, or {'bdata': base64, 'dtype': …, 'shape': …}."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
        return a.reshape([int(n) for n in str(v["shape"]).split(",")]) if "shape" in v else a
    return np.asarray(v)


def figures(at) -> list[dict]:
    """The Plotly figures the live-chart components were given, as JSON, as
    the browser holds them once it has shown the run's further parts."""
    held = []
    for element in at.get("bidi_component"):
        sent = payload(element.proto)
        charts = [json.loads(figure) if figure else None for figure in sent["figures"]]
        for part in sent.get("later") or []:
            charts = [apply(chart, ops) if chart else chart for chart, ops in zip(charts, part["patches"])]
        held += [chart for chart in charts if chart]
    return held


def live_figure(at, meta: str = "live") -> dict:
    """The live boundary ('live') or the cost and score curves ('curves')."""
    return next(f for f in figures(at) if f["layout"].get("meta") == meta)


def boundary_pixels(figure: dict) -> np.ndarray:
    """The boundary image of a figure, decoded from its PNG data: URI."""
    source = figure["layout"]["images"][0]["source"]
    assert source.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB"))


def test_first_render_shows_controls_counter_charts_and_shapes():
    at = start()
    assert epoch_text(at).startswith("### Epoch 0")
    labels = [b.label for b in at.button]
    assert {"Train", "Step", "Step epoch", "Reset"} <= set(labels)
    live, curves = live_figure(at), live_figure(at, "curves")
    assert live["layout"]["title"]["text"] == "Decision boundary"
    titles = {a["text"] for a in curves["layout"]["annotations"]}
    assert "Accuracy" in titles and any(t.startswith("Cost") for t in titles)
    assert any(f["layout"].get("title", {}).get("text", "").startswith("Network") for f in figures(at))
    pixels = boundary_pixels(live)
    assert pixels.shape == (64, 64, 3)  # the live boundary grid (ui/live.py BOUNDARY_RESOLUTION)
    # two classes: every pixel is a shade of orange (red > blue) or of blue (blue > red)
    assert (pixels[..., 0] != pixels[..., 2]).all()
    n_train = len(trainer(at).dataset.y_train)
    assert sum(len(t["x"]) for t in live["data"] if t["name"].startswith("train")) == n_train
    rows = at.table[0].value
    assert list(rows["W"][:3]) == ["8 × 2", "8 × 8", "1 × 8"]
    assert rows["parameters"].iloc[-1] == 8 * 2 + 8 + 8 * 8 + 8 + 8 + 1


def test_train_advances_and_pause_holds():
    at = start({"speed": "max"})  # the default pace trains by the clock (tests/test_live_pace.py)
    at.button(key="btn_train").click().run()
    assert session_of(at).running
    first = trainer(at).epoch
    at.run()
    assert trainer(at).epoch > first > 0
    cost = values(live_figure(at, "curves")["data"][0]["y"])  # the train cost curve
    assert len(cost) == len(trainer(at).history) and cost[-1] < cost[0]
    assert [b.label for b in at.button].count("Pause") == 1
    at.button(key="btn_pause").click().run()
    held = trainer(at).epoch
    at.run()
    at.run()
    assert not session_of(at).running and trainer(at).epoch == held
    assert epoch_text(at).startswith(f"### Epoch {held}")


def test_step_advances_exactly_one_step():
    """(A click delivered inside a fragment run: tests/test_faults_ui.py.)"""
    at = start()
    at.button(key="btn_step").click().run()
    assert trainer(at).step_count == 1 and epoch_text(at).startswith("### Epoch 1 · step 1")
    at.button(key="btn_step").click().run()
    assert trainer(at).step_count == 2
    at.button(key="btn_epoch").click().run()
    assert trainer(at).epoch == 3


def test_reset_restores_the_initial_weights():
    at = start()
    cfg = session_of(at).cfg
    expected = cfg.make_network(cfg.make_dataset()).parameters["W1"]
    at.button(key="btn_step").click().run()
    assert not np.array_equal(trainer(at).network.parameters["W1"], expected)
    at.button(key="btn_reset").click().run()
    assert np.array_equal(trainer(at).network.parameters["W1"], expected)
    assert trainer(at).epoch == 0
    at.button(key="btn_reset").click().run()  # idempotent
    assert np.array_equal(trainer(at).network.parameters["W1"], expected)


def test_dataset_change_resets_and_says_so():
    at = start()
    at.button(key="btn_step").click().run()
    at.selectbox(key="w_dataset").select("blobs3").run()
    t = trainer(at)
    assert t.dataset.name == "blobs3" and t.epoch == 0
    assert t.network.dims_[-1] == 3 and t.network.output_ == "softmax"
    assert any("data changed" in i.value for i in at.info)
    assert at.query_params["dataset"] == ["blobs3"] or at.query_params["dataset"] == "blobs3"


def test_architecture_controls_change_network_and_shapes_table():
    at = start()
    at.number_input(key="w_n_layers").set_value(3).run()
    assert trainer(at).network.dims_ == [2, 8, 8, 8, 1]
    at.number_input(key="w_hidden_1").set_value(5).run()
    at.selectbox(key="w_activations_0").select("tanh").run()
    net = trainer(at).network
    assert net.dims_ == [2, 8, 5, 8, 1] and net.activations_[0] == "tanh"
    assert list(at.table[0].value["W"][:4]) == ["8 × 2", "5 × 8", "8 × 5", "1 × 8"]
    assert any("network changed" in i.value for i in at.info)
    at.number_input(key="w_n_layers").set_value(0).run()
    assert trainer(at).network.dims_ == [2, 1]
    at.multiselect(key="w_features").select("x1^2").run()
    assert trainer(at).network.dims_ == [3, 1]
    assert list(at.table[0].value["W"][:1]) == ["1 × 3"]


def test_live_settings_apply_without_reset():
    at = start()
    at.button(key="btn_step").click().run()
    before = trainer(at).network
    at.select_slider(key="w_learning_rate").set_value(0.001).run()
    at.select_slider(key="w_l2").set_value(0.01).run()
    at.selectbox(key="w_keep_probs_0").select(0.5).run()
    at.select_slider(key="w_batch_size").set_value(32).run()
    t = trainer(at)
    assert t.network is before and t.step_count == 1
    assert t.network.learning_rate == 0.001 and t.network.l2 == 0.01
    assert t.network.keep_prob == [0.5, 1.0] and t.batch_size == 32
    at.selectbox(key="w_optimizer").select("sgd").run()
    assert trainer(at).network.optimizer == "sgd" and trainer(at).step_count == 0


def test_query_string_round_trip_gives_same_setup_and_weights():
    cfg = Config(dataset="moons", noise=0.2, hidden=(4, 6), activations=("tanh", "relu"),
                 keep_probs=(0.9, 1.0), learning_rate=0.1, l2=0.001, optimizer="momentum",
                 batch_size=16, seed=42, features=("x1", "x2", "x1*x2"))
    at = start(cfg.to_query())
    assert session_of(at).cfg == cfg and not at.warning
    expected = cfg.make_network(cfg.make_dataset()).parameters["W2"]
    assert np.array_equal(trainer(at).network.parameters["W2"], expected)
    assert at.number_input(key="w_hidden_1").value == 6


def test_hostile_query_values_fall_back_with_a_notice():
    at = start({"dataset": "<script>alert(1)</script>", "lr": "1e999", "layers": "9" * 400,
                "seed": "-5", "batch": "NaN"})
    assert session_of(at).cfg == Config(speed="max")  # start() opens at Speed max
    assert len(at.warning) >= 4
    assert any("dataset" in w.value for w in at.warning)


def test_bad_csv_keeps_previous_data_and_good_csv_loads():
    at = start()
    at.selectbox(key="w_dataset").select("csv").run()
    previous = trainer(at).dataset
    assert previous.name == "circles"
    at.file_uploader(key="w_csv").set_value(("bad.csv", b"x1,x2,label\n1,2\n", "text/csv")).run()
    assert not at.exception
    assert any("line 2" in e.value for e in at.error)
    assert trainer(at).dataset is previous
    rows = "\n".join(f"{i / 10},{(i * 3 % 10) / 10},{i % 2}" for i in range(40))
    at.file_uploader(key="w_csv").set_value(("good.csv", rows.encode(), "text/csv")).run()
    assert not at.error
    assert trainer(at).dataset.name == "csv" and len(trainer(at).dataset.y_train) == 28


def test_divergence_pauses_shows_message_and_keeps_finite_weights():
    at = start({"lr": "10", "opt": "sgd", "speed": "max"})
    at.button(key="btn_train").click().run()
    for _ in range(5):
        at.run()
        if not session_of(at).running:
            break
    t = trainer(at)
    assert t.diverged and not session_of(at).running
    assert any("diverged" in e.value for e in at.error)
    assert np.isfinite(t.network._theta).all()
    at.run()
    assert [b.label for b in at.button].count("Train") == 1


def test_sessions_are_isolated():
    a, b = start(), start({"dataset": "xor", "seed": "3"})
    a.button(key="btn_step").click().run()
    assert trainer(a).step_count == 1 and trainer(b).step_count == 0
    assert trainer(a).network is not trainer(b).network
    assert trainer(b).dataset.name == "xor"


def test_view_toggles_change_the_live_figures():
    at = start()
    for _ in range(3):
        at.button(key="btn_epoch").click().run()
    smooth = boundary_pixels(live_figure(at))
    assert not any(t["visible"] for t in live_figure(at)["data"] if t["name"].startswith("test"))
    at.toggle(key="w_discretize").set_value(True).run()
    crisp = boundary_pixels(live_figure(at))
    # one colour per class, drawn at several pixels per grid cell
    assert len(np.unique(crisp.reshape(-1, 3), axis=0)) == 2 < len(np.unique(smooth.reshape(-1, 3), axis=0))
    assert crisp.shape[0] > smooth.shape[0]
    at.toggle(key="w_show_test").set_value(True).run()
    test_traces = [t for t in live_figure(at)["data"] if t["name"].startswith("test")]
    assert test_traces and all(t["visible"] for t in test_traces)
    assert sum(len(t["x"]) for t in test_traces) == len(trainer(at).dataset.y_test)
    assert live_figure(at, "curves")["layout"]["yaxis"].get("type", "linear") == "linear"
    at.toggle(key="w_log_cost").set_value(True).run()
    assert live_figure(at, "curves")["layout"]["yaxis"]["type"] == "log"
