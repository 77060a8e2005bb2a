"""Issue 10, items 1-8: training stops on real divergence only, then holds and
shows the last healthy weights; fit() stops the same way; flat curves, the
busy notice and the output thumbnails are drawn right."""
import warnings
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest

from playground import Network, Trainer, make_dataset, plots
from playground.config import Config
from playground.data import DATASETS
from playground.presets import PRESETS
from playground.ui import live
from playground.ui.session import Session
from tests.support.apptest import session_of


def train_epochs(trainer, epochs):
    while trainer.epoch < epochs and not trainer.diverged:
        trainer.run_epoch()


# ------------------------------------------------- 1. no false divergence alarms
def test_one_badly_fitted_example_in_a_batch_is_not_a_divergence():
    """The old check compared each batch's cost with ten times the starting cost
    of the whole set: one confidently wrong example was enough to stop."""
    d = make_dataset("circles")
    net = Network([2, 8, 8, 1]).fit(d.X_train, d.y_train, epochs=300)
    p = net.predict_proba(d.X_train)[:, 1]
    i = int(np.argmax(np.abs(p - 0.5)))  # the example it is surest about
    y = d.y_train.copy()
    y[i] = 1 - y[i]
    one, whole = net.cost(d.X_train[i:i + 1], y[i:i + 1]), net.cost(d.X_train, y)
    assert one > 10 * max(whole, 0.1)  # that example alone costs over ten times the whole set
    t = Trainer(net, replace(d, y_train=y), batch_size=1)
    train_epochs(t, 3)
    assert not t.diverged and t.epoch == 3, t.message


# 500 epochs each at the app's Adam 0.03 (and the noisy cases at 0.01),
# on small data sets to keep the steps few: every dataset at batch 4 with
# n_samples 100 (18 steps an epoch); batch 1 with n_samples 50 (35 steps) on
# the cases where the old check stopped within 500 epochs, at epochs 35 to 406.
SMALL_BATCH_CASES = [(name, 4, 100, 0.1, 0.03) for name in DATASETS] + [
    ("xor", 1, 50, 0.1, 0.03), ("plane", 1, 50, 0.1, 0.03), ("gauss_bumps", 1, 50, 0.1, 0.03),
    ("circles", 1, 50, 0.3, 0.01), ("xor", 1, 50, 0.5, 0.01), ("gaussian", 1, 50, 0.5, 0.01)]


@pytest.mark.parametrize("dataset, batch, n_samples, noise, lr", SMALL_BATCH_CASES)
def test_small_batches_train_500_epochs_without_a_false_alarm(dataset, batch, n_samples, noise, lr):
    cfg = Config(dataset=dataset, batch_size=batch, n_samples=n_samples, noise=noise, learning_rate=lr)
    d = cfg.make_dataset()
    t = Trainer(cfg.make_network(d), d, batch_size=batch)
    train_epochs(t, 500)
    assert not t.diverged and t.epoch == 500, t.message
    assert t.history.last()["train_cost"] < t.history.rows[0][1]  # it did learn


# ------------------------------------- 2, 3. back to healthy weights, shown as such
@pytest.mark.parametrize("dataset, optimizer, batch", [
    ("circles", "sgd", None), ("circles", "adam", None), ("plane", "momentum", 16), ("blobs3", "adam", 16)])
def test_after_a_divergence_the_network_and_the_numbers_are_the_last_healthy_state(dataset, optimizer, batch):
    cfg = Config(dataset=dataset, optimizer=optimizer, learning_rate=10.0, batch_size=batch)
    d = cfg.make_dataset()
    net = cfg.make_network(d)
    t = Trainer(net, d, batch_size=batch)
    start = net.cost(d.X_train, d.y_train)
    healthy = start  # the training cost measured here after the last epoch that stayed within the limit
    while not t.diverged:
        t.run_epoch()
        with np.errstate(all="ignore"):
            cost = net.cost(d.X_train, d.y_train)
        if not t.diverged and np.isfinite(cost) and cost <= 10 * start:
            healthy = cost
        assert t.epoch < 200, "never diverged"
    restored = net.cost(d.X_train, d.y_train)
    assert np.isfinite(restored) and restored <= healthy + 1e-12
    last = t.history.last()
    assert last["train_cost"] == pytest.approx(restored) and last["epoch"] == t.epoch
    assert last["train_score"] == pytest.approx(net.score(d.X_train, d.y_train))
    assert last["test_cost"] == pytest.approx(net.cost(d.X_test, d.y_test))
    assert t.evaluate()["train_cost"] == pytest.approx(restored)
    assert f"back to those of epoch {t.epoch}" in t.message and "smaller learning rate" in t.message


def test_the_newest_history_row_survives_thinning():
    """The counters show history.last(): thinning used to drop the newest row."""
    from playground.engine.trainer import History
    h = History(max_points=4)
    for epoch in range(40):
        if h.wants(epoch):
            h.add(epoch, epoch / 10, 0, 0, 0)
            assert h.last()["epoch"] == epoch and len(h) < 4
    assert len(set(np.diff(h.column("epoch")[:-1]))) == 1  # the older rows stay evenly spaced


def test_weights_set_from_outside_are_what_a_divergence_goes_back_to():
    d = make_dataset("circles")
    net = Network([2, 8, 1], optimizer="sgd", learning_rate=0.1)
    t = Trainer(net, d, batch_size=32)
    t.run(40)
    other = Network([2, 8, 1], seed=7).parameters
    net.set_parameters(other)
    net.learning_rate = 1000.0
    t.run(200)
    assert t.diverged
    assert all(np.array_equal(net.parameters[k], other[k]) for k in other)


# ------------------------------------------------ 4. fit() stops like the Trainer
def test_fit_stops_on_divergence_and_says_so():
    d = make_dataset("circles")
    net = Network([2, 8, 8, 1], optimizer="sgd", learning_rate=1000.0)
    start = net.cost(d.X_train, d.y_train)
    with pytest.warns(UserWarning, match="diverged") as record:
        net.fit(d.X_train, d.y_train, epochs=100)
    assert not [w for w in record if issubclass(w.category, RuntimeWarning)]
    assert net.diverged_ and "smaller learning rate" in net.message_
    cost = net.cost(d.X_train, d.y_train)
    assert np.isfinite(cost) and cost <= 10 * start
    healthy = Network([2, 8, 8, 1]).fit(d.X_train, d.y_train, epochs=5)
    assert healthy.diverged_ is False and healthy.message_ == ""


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_fit_on_huge_inputs_stops_with_one_clear_warning_and_no_overflow_warnings(optimizer):
    d = make_dataset("circles")
    net = Network([2, 8, 8, 1], optimizer=optimizer)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net.fit(d.X_train * 1e300, d.y_train, epochs=20)
    assert [w.category for w in caught] == [UserWarning]
    assert "very large" in str(caught[0].message) and net.diverged_
    assert np.isfinite(net.flat_parameters).all()


def test_fit_and_trainer_run_one_loop():
    d = make_dataset("moons", n_samples=200)
    a = Network([2, 6, 1], seed=3).fit(d.X_train, d.y_train, epochs=4, batch_size=16)
    b = Network([2, 6, 1], seed=3)
    t = Trainer(b, d, batch_size=16)
    train_epochs(t, 4)
    assert all(np.array_equal(a.parameters[k], b.parameters[k]) for k in a.parameters)


@pytest.mark.parametrize("call, message", [
    (lambda net, d: net.fit(d.X_train, d.y_train, batch_size=0), "batch_size .*got 0"),
    (lambda net, d: Trainer(net, d, batch_size=0), "batch_size .*got 0"),
    (lambda net, d: Trainer(net, d, batch_size=2.5), "batch_size .*got 2.5"),
    (lambda net, d: Trainer(net, d).run(2.5), "n_steps .*got 2.5"),
    (lambda net, d: Trainer(net, d).run(-1), "n_steps .*got -1"),
    (lambda net, d: Trainer(net, d).run(True), "n_steps .*got True"),
    (lambda net, d: Trainer(net, d, history_points=0), "history_points .*got 0")])
def test_bad_batch_sizes_and_step_counts_are_clear_value_errors(call, message):
    d = make_dataset("circles", n_samples=50)
    with pytest.raises(ValueError, match=message):
        call(Network([2, 4, 1]), d)


# --------------------------------------------- 6. a constant curve stays visible
def zero_init_history():
    preset = next(p for p in PRESETS if p.config.init == "zeros")
    d = preset.config.make_dataset()
    t = Trainer(preset.config.make_network(d), d)
    t.run(30)
    return {k: t.history.column(k) for k in ("epoch", *plots.CURVE_KEYS)}


@pytest.mark.parametrize("log_cost", [False, True])
def test_a_constant_cost_curve_keeps_a_readable_range(log_cost):
    history = zero_init_history()
    cost = np.concatenate([history["train_cost"], history["test_cost"]])
    assert cost.max() - cost.min() < 1e-9  # the preset's point: the cost does not move
    fig = plots.curves_figure(history, log_cost=log_cost)
    for _ in range(2):  # as built, then as updated by a live frame
        low, high = fig.layout.yaxis.range
        shown = np.log10(cost) if log_cost else cost
        assert low < shown.min() and shown.max() < high
        # at least 1% of the value (or 0.01 decade): ticks need no more than ~4 significant digits
        assert high - low >= (0.01 if log_cost else 0.01 * cost.max())
        assert high - low <= (1.0 if log_cost else cost.max())  # and the curve is not squashed flat
        plots.update_curves_figure(fig, history)


# ------------------------------------------- 7. no busy notice for an idle server
def period_of(gaps, s) -> float:
    """The frame period after frames at these gaps (seconds)."""
    now = 0.0
    live.note_frame(now, s)
    for gap in gaps:
        now += gap
        live.note_frame(now, s)
    return live.frame_period(s)


def test_frames_a_little_slower_than_asked_are_not_called_a_busy_server():
    s = Session()
    # one user on an idle machine: the tick, the round trip and the browser's drawing, a slow one now and then
    gaps = [0.3] + [0.1, 0.12, 0.09, 0.11, 0.2] * 20
    period = period_of(gaps, s)
    assert 0.09 <= period <= 0.12
    assert live.busy_notice(period, live.FRAME_S) == ""


def test_a_really_busy_server_is_named_with_the_period():
    s = Session()
    period = period_of([0.8] * 10, s)
    assert period == pytest.approx(0.8)
    assert live.busy_notice(period, live.FRAME_S) == " · slow frames: one every 0.8 s (a busy server or browser)"
    assert live.busy_notice(period, 0.75) == ""  # at Speed 1 a frame every 0.75 s is what was asked for


# --------------------------------------------- 8. output thumbnails in class colours
def heatmaps(fig):
    return [t for t in fig.data if t.type == "heatmap"]


def unit_rows(trace, dims, r):
    """The z rows of each output unit (node j sits at the top - j)."""
    n, gap = dims[-1], max(1, round(r * 0.2 / 0.8))
    z = np.asarray(trace.z, dtype=float)
    return {j: z[(n - 1 - j) * (r + gap):(n - 1 - j) * (r + gap) + r] for j in range(n)}


SHADE = 0.005  # the drawing sends its maps to two decimals in -1…1 (z, or a colour scale's fraction)


def test_three_class_output_units_are_drawn_in_their_class_colours():
    rng = np.random.default_rng(0)
    dims, r = [2, 4, 3], 8
    logits = rng.normal(size=(3, r, r))
    probs = np.exp(logits) / np.exp(logits).sum(axis=0)
    maps = [rng.random((2, r, r)), rng.random((4, r, r)), probs]
    weights = [rng.normal(size=(4, 2)), rng.normal(size=(3, 4))]
    fig = plots.network_figure(dims, weights, maps, ["x1", "x2"], output="softmax")
    go.Figure(fig.to_dict())  # valid Plotly
    outputs = heatmaps(fig)[2:]
    assert len(outputs) == 3
    for j, colour in enumerate(["#f59322", "#0877bd", "#3aa35b"]):  # orange, blue, green: classes 0, 1, 2
        trace = next(t for t in outputs if t.colorscale[-1][1] == colour)
        assert trace.colorscale[0][1].lower() in ("#ffffff", "white")
        rows = unit_rows(trace, dims, r)
        low, high = trace.zmin, trace.zmax
        np.testing.assert_allclose((rows[j] - low) / (high - low), probs[j], atol=SHADE)  # P 0 white … 1 full colour
        assert all(np.isnan(rows[k]).all() for k in rows if k != j)


def test_binary_and_regression_outputs_match_the_boundary_colours():
    rng = np.random.default_rng(1)
    dims, r = [2, 3, 1], 8
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(1, 3))]
    hidden = rng.random((3, r, r))
    flat = np.full((1, r, r), 0.5)  # P(class 1) = 0.5 everywhere: unsure, so white
    fig = plots.network_figure(dims, weights, [rng.random((2, r, r)), hidden, flat], ["x1", "x2"], output="sigmoid")
    np.testing.assert_allclose(unit_rows(heatmaps(fig)[-1], dims, r)[0], 0.0, atol=SHADE)
    predictions = np.linspace(0.1, 0.9, r * r).reshape(1, r, r)  # all positive: all on the blue side
    fig = plots.network_figure(dims, weights, [rng.random((2, r, r)), hidden, predictions], ["x1", "x2"],
                               output="linear")
    trace = heatmaps(fig)[-1]
    np.testing.assert_allclose(unit_rows(trace, dims, r)[0], predictions[0] / 0.9, atol=SHADE)
    assert trace.colorscale[-1][1] == "#0877bd"


def test_hidden_thumbnails_follow_the_activation_not_the_value_range():
    """A ReLU unit whose outputs stay below 1 was coloured as if it were a
    probability: its zeros orange instead of white."""
    rng = np.random.default_rng(2)
    dims, r = [2, 2, 1], 8
    weights = [rng.normal(size=(2, 2)), rng.normal(size=(1, 2))]
    relu = np.maximum(np.linspace(-0.8, 0.8, r * r), 0).reshape(r, r)
    hidden = np.stack([relu, np.full((r, r), 0.5)])  # a ReLU unit below 1; a sigmoid unit at 0.5
    maps = [rng.random((2, r, r)), hidden, rng.random((1, r, r))]
    for activations in (["relu"], ["sigmoid"]):
        fig = plots.network_figure(dims, weights, maps, ["x1", "x2"], activations=activations)
        rows = unit_rows(heatmaps(fig)[1], dims[:2], r)
        if activations == ["relu"]:
            np.testing.assert_allclose(rows[0], relu / 0.8, atol=SHADE)  # zeros white, the peak full blue
        else:
            np.testing.assert_allclose(rows[1], 0.0, atol=SHADE)  # 0.5 is a sigmoid's middle: white
