"""Trainer: stepping, epochs, history, divergence, live hyper-parameters."""
import numpy as np
import pytest

from playground import Network, Trainer, make_dataset
from playground.engine.trainer import History


def test_full_batch_one_step_per_epoch_and_history():
    d = make_dataset("circles")
    t = Trainer(Network([2, 8, 8, 1]), d)
    assert t.epoch == 0 and len(t.history) == 1  # the starting point is recorded
    assert t.run(5) == 5
    assert t.epoch == 5 and t.step_count == 5 and len(t.history) == 6
    assert t.history.column("epoch").tolist() == [0, 1, 2, 3, 4, 5]


def test_minibatches_cycle_through_epochs():
    d = make_dataset("moons", n_samples=100, test_ratio=0.3)  # 70 training points
    t = Trainer(Network([2, 4, 1]), d, batch_size=32)  # 3 steps per epoch
    assert t.steps_per_epoch == 3
    t.run(7)
    assert t.epoch == 2 and t.step_count == 7
    t.run_epoch()
    assert t.epoch == 3 and t.step_count == 9


def test_history_metrics_match_network_methods():
    d = make_dataset("moons", noise=0.2)
    net = Network([2, 8, 1])
    t = Trainer(net, d)
    t.run(50)
    last = t.history.last()
    assert last["train_cost"] == pytest.approx(net.cost(d.X_train, d.y_train))
    assert last["test_score"] == pytest.approx(net.score(d.X_test, d.y_test))


def test_trainer_matches_fit_bit_for_bit():
    d = make_dataset("xor")
    a = Network([2, 6, 1], seed=2).fit(d.X_train, d.y_train, epochs=40)
    b = Network([2, 6, 1], seed=2)
    Trainer(b, d).run(40)
    assert np.array_equal(a.parameters["W1"], b.parameters["W1"])


def test_history_memory_is_bounded_and_evenly_thinned():
    h = History(max_points=10)
    for epoch in range(1000):
        if h.wants(epoch):
            h.add(epoch, 0, 0, 0, 0)
    epochs = h.column("epoch")
    assert len(h) < 10
    assert len(set(np.diff(epochs))) == 1  # evenly spaced


@pytest.mark.parametrize("dataset, layers, output", [("circles", [2, 8, 8, 1], None), ("plane", [2, 8, 1], "linear")])
def test_divergence_stops_and_keeps_last_good_weights(dataset, layers, output):
    d = make_dataset(dataset)
    net = Network(layers, output=output, optimizer="sgd", learning_rate=50.0)
    t = Trainer(net, d)
    t.run(200)
    assert t.diverged and "smaller learning rate" in t.message
    assert np.isfinite(net._theta).all()
    assert np.isfinite(net.cost(d.X_train, d.y_train))
    assert t.run(10) == 0  # stays stopped
    net.learning_rate = 0.01
    t.clear_divergence()
    assert t.run(10) == 10


def test_learning_rate_and_l2_apply_between_runs_without_reset():
    d = make_dataset("circles")
    net = Network([2, 8, 1], optimizer="sgd", learning_rate=0.1)
    t = Trainer(net, d)
    t.run(3)
    W = net.parameters["W1"].copy()
    net.learning_rate, net.l2 = 0.0001, 5.0
    g = net.gradients(d.X_train, d.y_train)["dW1"]
    t.run(1)
    assert np.allclose(net.parameters["W1"], W - 0.0001 * g)
    assert t.epoch == 4


def test_batch_size_can_change_mid_training():
    d = make_dataset("circles")
    t = Trainer(Network([2, 8, 1]), d)
    t.run(2)
    t.batch_size = 50
    assert t.steps_per_epoch == 7
    t.run(7)
    assert t.epoch == 3


@pytest.mark.parametrize("name, output", [("blobs3", "softmax"), ("circles", "sigmoid"), ("plane", "linear")])
def test_evaluate_over_both_sets_at_once_equals_each_set_on_its_own(name, output):
    """evaluate runs one forward pass over train and test side by side; each
    split's numbers must be those of the network's own cost and score on that
    split, also after the data changes size and when there is no test set."""
    d = make_dataset(name, n_samples=300, noise=0.2)
    net = Network([2, 6, 3 if output == "softmax" else 1], activation="tanh", output=output, l2=0.01, seed=2)
    t = Trainer(net, d)
    t.run(20)

    def expected(data):
        out = {"train_cost": net.cost(data.X_train, data.y_train), "train_score": net.score(data.X_train, data.y_train)}
        if len(data.y_test):
            out.update(test_cost=net.cost(data.X_test, data.y_test), test_score=net.score(data.X_test, data.y_test))
        return out

    for data in (d, make_dataset(name, n_samples=120, noise=0.2, seed=5), make_dataset(name, n_samples=80, test_ratio=0)):
        if data is not d:
            t.set_dataset(data)
            t.run(3)
        got = t.evaluate()
        for key, value in expected(data).items():
            assert got[key] == pytest.approx(value, rel=1e-12, abs=1e-12), (len(data.y_train), key)
        if not len(data.y_test):
            assert np.isnan(got["test_cost"]) and np.isnan(got["test_score"])
