"""The tabs beyond the main screen, through AppTest."""
import json
import os
import re
import subprocess
import sys

import numpy as np
from tests.support.apptest import session_of, show, start, train

from playground.config import Config
from playground.export import export_script
from playground.presets import PRESETS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))






def latex(at) -> list[str]:
    return [e.value for e in at.latex]


def test_maths_view_follows_the_architecture():
    at = start()
    assert not latex(at)  # nothing extra is drawn until a panel is chosen
    show(at, "Maths")
    lines = latex(at)
    assert any(r"(8\times 2)\cdot(2\times 350)" in line for line in lines)
    assert not any("dropout" in line for line in lines) and not any(r"\lVert" in line for line in lines)
    at.number_input(key="w_n_layers").set_value(3).run()
    at.selectbox(key="w_keep_probs_0").select(0.8).run()
    at.select_slider(key="w_l2").set_value(0.01).run()
    lines = latex(at)
    assert any(r"Z^{[4]}" in line for line in lines)
    assert any("Bernoulli}(0.8)" in line for line in lines)
    assert any(r"\frac{0.01}{2m}" in line for line in lines)
    assert any(r"dW^{[4]}" in line and r"\frac{0.01}{m}W^{[4]}" in line for line in lines)


def test_gradient_check_passes_with_finite_numbers():
    # A fixed amount of training: Speed max trains what fits a time budget, and
    # near convergence the gradients get so small that the check says 'close'.
    at = start({"stop_epoch": "40"})
    at.button(key="btn_train").click().run()
    at.run()
    assert session_of(at).trainer.epoch == 40 and not session_of(at).running
    show(at, "Gradient check")
    at.button(key="btn_gradcheck").click().run()
    table = next(t.value for t in at.table if "relative error" in t.value.columns)
    assert list(table["parameter"]) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    errors = table["relative error"].astype(float)
    assert np.isfinite(errors).all() and (errors < 1e-6).all()
    assert set(table["result"]) == {"pass"}


def test_inside_the_layers_and_history_record_while_training():
    at = start()
    train(at, 3)
    s = session_of(at)
    assert len(s.layer_log) >= 2 and len(s.snapshots) >= 2
    show(at, "Inside the layers")
    titles = {json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")}
    assert any("Gradient norm" in t for t in titles) and any("Dead ReLU" in t for t in titles)
    show(at, "History")
    titles = {json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")}
    assert any(t.startswith("Step") for t in titles)  # the history snapshot
    slider = at.slider(key="w_snapshot")
    slider.set_value(0).run()
    titles = {json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")}
    assert "Step 0 (epoch 0)" in titles


def test_snapshot_memory_is_bounded():
    from playground.engine import Recorder
    store = Recorder(100)
    for step in range(0, 1_000_000, 37):
        store.offer(step, lambda: step)
    steps = store.keys
    assert len(steps) < 100 and steps[0] == 0 and steps[-1] > 900_000
    assert store.items == steps  # each item is the one made at its step
    gaps = np.diff(steps)
    assert gaps.max() < 2.1 * gaps.min()  # evenly thinned: no gap much wider than another


def test_presets_set_what_they_say():
    for i, preset in enumerate(PRESETS):
        at = start()
        show(at, "Presets")
        at.button(key=f"btn_preset_{i}").click().run()
        assert not at.exception
        assert session_of(at).cfg == preset.config, preset.name
        assert session_of(at).trainer.network.dims_[1:-1] == list(preset.config.hidden)
    assert any(p.config.init == "zeros" for p in PRESETS) and any(p.config.hidden == () for p in PRESETS)


def test_hidden_controls_are_kept_in_the_link():
    at = start({"hide": "noise,seed,bogus"})
    show(at, "Presets")
    keys = {w.key for w in at.select_slider} | {w.key for w in at.number_input}
    assert "w_noise" not in keys and "w_seed" not in keys and "w_learning_rate" in keys
    assert any("bogus" in w.value for w in at.warning)
    assert at.query_params["hide"] in ("noise,seed", ["noise,seed"])


def test_kept_runs_overlay_and_restore():
    at = start()
    train(at, 1)
    show(at, "Compare runs")
    at.button(key="btn_keep").click().run()
    at.select_slider(key="w_learning_rate").set_value(0.001).run()
    train(at, 1)
    at.button(key="btn_keep").click().run()
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if json.loads(c.proto.spec)["layout"]["title"]["text"] == "Kept runs: cost")
    assert len(chart["data"]) == 4  # train and test for each run
    table = next(t.value for t in at.table if "run" in t.value.columns)
    first = Config().learning_rate
    assert first != 0.001
    assert list(table["learning_rate"]) == [f"{first:g}", "0.001"]  # only differing settings are shown
    at.button(key="btn_restore_run 1").click().run()
    assert session_of(at).cfg.learning_rate == first
    assert at.select_slider(key="w_learning_rate").value == first


def test_corrupt_uploads_are_refused_and_change_nothing():
    at = start()
    train(at, 1)
    show(at, "Export / import")
    before = session_of(at).trainer.network.parameters["W1"].copy()
    for name, content in (("model.npz", b"PK\x03\x04 not really a zip"), ("setup.json", b"{\"format\": 1}"),
                          ("model.npz", b"\x80\x04pickle")):
        at.file_uploader(key="w_upload").set_value((name, content, "application/octet-stream")).run()
        assert not at.exception
        assert any("Nothing was changed" in e.value for e in at.error), name
        assert np.array_equal(session_of(at).trainer.network.parameters["W1"], before)


def test_config_and_weights_round_trip_through_upload():
    at = start()
    train(at, 1)
    show(at, "Export / import")
    net = session_of(at).trainer.network
    weights = net.to_bytes({"app_config": session_of(at).cfg.to_json()})
    other = Config(dataset="xor", hidden=(4,), activations=("tanh",), keep_probs=(1.0,))
    at.file_uploader(key="w_upload").set_value(("c.json", other.to_json().encode(), "application/json")).run()
    assert session_of(at).cfg == other and not at.error
    at.file_uploader(key="w_upload").set_value(("w.npz", weights, "application/octet-stream")).run()
    assert session_of(at).cfg == Config(speed="max") and not at.error
    assert np.array_equal(session_of(at).trainer.network.parameters["W1"], net.parameters["W1"])


def test_exported_script_reaches_the_apps_result(tmp_path):
    at = start({"dataset": "moons", "noise": "0.2", "batch": "32", "keep": "0.9,1"})
    train(at, 2)
    t = session_of(at).trainer
    expected = t.evaluate()
    script = tmp_path / "run.py"
    script.write_text(export_script(session_of(at).cfg, t.step_count, t.epoch))
    env = {**os.environ, "PYTHONPATH": ROOT}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    score = float(re.search(r"test score ([0-9.]+)", out.stdout).group(1))
    assert score == round(expected["test_score"], 6)
    assert f"step {t.step_count}" in out.stdout
