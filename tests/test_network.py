"""Network: gradients, losses against scikit-learn, training, validation, files."""
import io
import itertools
import pickle
import warnings
import zipfile

import numpy as np
import pytest
from sklearn.metrics import log_loss, r2_score, accuracy_score

from playground import Network, gradient_check, make_dataset
from playground import nn
from playground.activations import REGISTRY


def numeric_gradient(net, X, y, eps=1e-6):
    """Central differences of net.cost over every entry of every parameter array."""
    grads = {}
    for name, P in net.parameters.items():
        G = np.zeros_like(P)
        for idx in np.ndindex(*P.shape):
            saved = P[idx]
            P[idx] = saved + eps
            plus = net.cost(X, y)
            P[idx] = saved - eps
            minus = net.cost(X, y)
            P[idx] = saved
            G[idx] = (plus - minus) / (2 * eps)
        grads["d" + name] = G
    return grads


def small_problem(output, m=7, n_in=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n_in))
    if output == "sigmoid":
        return X, rng.integers(0, 2, m), 1
    if output == "softmax":
        return X, rng.integers(0, 3, m), 3
    return X, rng.normal(size=m), 1


CASES = list(itertools.product(nn.HIDDEN_ACTIVATIONS, ("sigmoid", "softmax", "linear"), (0.0, 0.3), (1, 2, 3)))


@pytest.mark.parametrize("hidden, output, l2, depth", CASES)
def test_backprop_matches_central_differences(hidden, output, l2, depth):
    X, y, n_out = small_problem(output)
    net = Network([3] + [4] * depth + [n_out], activation=hidden, output=output, l2=l2,
                  init="xavier", seed=depth)
    # Non-zero biases keep every Z off ReLU's kink at 0 (a dead unit feeding the
    # next layer would otherwise give Z == 0 exactly, where no derivative exists).
    rng = np.random.default_rng(depth)
    for name, P in net.parameters.items():
        if name.startswith("b"):
            P += rng.uniform(0.05, 0.2, size=P.shape) * rng.choice([-1, 1], size=P.shape)
    analytic = net.gradients(X, y)
    numeric = numeric_gradient(net, X, y)
    a = np.concatenate([analytic[k].ravel() for k in numeric])
    n = np.concatenate([numeric[k].ravel() for k in numeric])
    rel = np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n))
    assert rel < 1e-6, (rel, hidden, output, l2, depth)
    for k in numeric:
        assert np.allclose(analytic[k], numeric[k], atol=1e-7, rtol=1e-5), k


def test_engine_gradient_check_agrees_and_catches_a_broken_gradient():
    X, y, _ = small_problem("softmax")
    net = Network([3, 5, 3], activation="tanh", l2=0.1)
    report = gradient_check(net, X, y)
    assert set(report) == {"W1", "b1", "W2", "b2"}
    assert all(r["relative_error"] < 1e-6 for r in report.values())
    # sabotage: pretend the L2 term is absent from the backward pass only
    original = net._l2
    net_backward_l2 = net.backward

    def backward_without_l2(*args):
        net._l2 = 0.0
        net_backward_l2(*args)
        net._l2 = original
    net.backward = backward_without_l2
    assert max(r["relative_error"] for r in gradient_check(net, X, y).values()) > 1e-3


def test_binary_cost_equals_sklearn_log_loss():
    X, y, _ = small_problem("sigmoid", m=40)
    net = Network([3, 6, 1], activation="tanh", init="xavier", seed=3)
    p = net.predict_proba(X)
    assert p.shape == (40, 2) and np.allclose(p.sum(axis=1), 1)
    assert net.cost(X, y) == pytest.approx(log_loss(y, p[:, 1]), abs=1e-9)


def test_softmax_cost_equals_sklearn_log_loss_and_l2_term_by_hand():
    X, y, _ = small_problem("softmax", m=40)
    net = Network([3, 6, 3], l2=0.5, seed=4)
    p = net.predict_proba(X)
    W1, W2 = net.parameters["W1"], net.parameters["W2"]
    penalty = 0.5 / (2 * 40) * ((W1 ** 2).sum() + (W2 ** 2).sum())
    assert net.cost(X, y) == pytest.approx(log_loss(y, p, labels=[0, 1, 2]) + penalty, abs=1e-9)


def test_regression_cost_is_mse_and_score_is_r2():
    d = make_dataset("plane", noise=0.05)
    net = Network([2, 8, 1], output="linear").fit(d.X_train, d.y_train, epochs=200)
    pred = net.predict(d.X_test)
    assert net.score(d.X_test, d.y_test) == pytest.approx(r2_score(d.y_test, pred), abs=1e-12)
    assert net.cost(d.X_test, d.y_test) == pytest.approx(np.mean((pred - d.y_test) ** 2), abs=1e-12)
    assert net.score(d.X_test, d.y_test) > 0.95
    with pytest.raises(ValueError, match="classification"):
        net.predict_proba(d.X_test)


def test_cost_finite_for_extreme_logits():
    X = np.array([[1.0], [-1.0]])
    for output, n_out, y in (("sigmoid", 1, [1, 1]), ("softmax", 3, [2, 0])):
        net = Network([1, n_out], output=output)
        net.parameters["W1"][...] = [[1000.0], [-1000.0], [0.0]][:n_out]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cost = net.cost(X, y)
            grads = net.gradients(X, y)
        assert np.isfinite(cost) and cost > 100  # the second example is confidently wrong
        assert all(np.isfinite(g).all() for g in grads.values())


@pytest.mark.parametrize("name, layers, threshold, noise", [
    ("circles", [2, 8, 8, 1], 0.97, 0.1), ("moons", [2, 8, 8, 1], 0.95, 0.2),
    ("xor", [2, 8, 8, 1], 0.9, 0.05), ("spiral", [2, 16, 16, 1], 0.9, 0.1),
    ("blobs3", [2, 8, 8, 3], 0.95, 0.1)])
def test_default_network_converges(name, layers, threshold, noise):
    d = make_dataset(name, noise=noise, seed=0)
    net = Network(layers).fit(d.X_train, d.y_train, epochs=300 if name != "spiral" else 600)
    assert accuracy_score(d.y_test, net.predict(d.X_test)) >= threshold
    assert net.score(d.X_test, d.y_test) == accuracy_score(d.y_test, net.predict(d.X_test))


def test_minibatch_and_optimisers_train_moons():
    d = make_dataset("moons", noise=0.2)
    for optimizer, lr in (("sgd", 0.3), ("momentum", 0.3), ("adam", 0.01)):
        net = Network([2, 8, 8, 1], optimizer=optimizer, learning_rate=lr, seed=1)
        net.fit(d.X_train, d.y_train, epochs=40, batch_size=32)
        assert net.score(d.X_test, d.y_test) > 0.9, optimizer


def test_same_seed_same_bits_and_float32():
    d = make_dataset("moons", noise=0.2)
    runs = [Network([2, 8, 8, 1], keep_prob=0.8, seed=5).fit(d.X_train, d.y_train, epochs=30, batch_size=16)
            for _ in range(2)]
    for k in runs[0].parameters:
        assert np.array_equal(runs[0].parameters[k], runs[1].parameters[k])
    other = Network([2, 8, 8, 1], keep_prob=0.8, seed=6).fit(d.X_train, d.y_train, epochs=30, batch_size=16)
    assert not np.array_equal(runs[0].parameters["W1"], other.parameters["W1"])
    f32 = Network([2, 8, 8, 1], dtype="float32").fit(d.X_train, d.y_train, epochs=300)
    assert f32.parameters["W1"].dtype == np.float32
    assert f32.score(d.X_test, d.y_test) > 0.95


def test_zero_initialisation_keeps_hidden_units_identical():
    d = make_dataset("circles")
    net = Network([2, 6, 1], init="zeros", activation="tanh").fit(d.X_train, d.y_train, epochs=100)
    W1 = net.parameters["W1"]
    assert np.allclose(W1, W1[0])  # every hidden unit learnt the same thing
    assert net.score(d.X_test, d.y_test) < 0.7


def test_dropout_is_off_at_prediction_and_in_gradients_unless_asked():
    X, y, _ = small_problem("sigmoid", m=30)
    net = Network([3, 16, 1], keep_prob=0.5)
    assert np.array_equal(net.predict_proba(X), net.predict_proba(X))
    assert np.array_equal(net.gradients(X, y)["dW1"], net.gradients(X, y)["dW1"])
    assert not np.array_equal(net.gradients(X, y, dropout=True)["dW1"], net.gradients(X, y)["dW1"])
    plain = Network([3, 16, 1], keep_prob=1.0)
    assert np.allclose(plain.predict_proba(X), net.predict_proba(X))


def test_step_returns_cost_before_update_and_live_hyperparameters():
    X, y, _ = small_problem("sigmoid", m=30)
    net = Network([3, 4, 1], optimizer="sgd", learning_rate=0.1)
    before = net.cost(X, y)
    assert net.step(X, y) == pytest.approx(before)
    assert net.cost(X, y) < before
    W = net.parameters["W1"].copy()
    g = net.gradients(X, y)["dW1"]
    net.learning_rate = 0.5
    net.step(X, y)
    assert np.allclose(net.parameters["W1"], W - 0.5 * g)
    with pytest.raises(ValueError):
        net.learning_rate = -1
    with pytest.raises(ValueError):
        net.l2 = float("nan")


@pytest.mark.parametrize("kwargs, message", [
    ({"layer_dims": [2, 0, 1]}, "positive"), ({"layer_dims": [2]}, "input size"),
    ({"layer_dims": [2, 3, 1], "activation": "swish"}, "relu"),
    ({"layer_dims": [2, 3, 1], "activation": ["relu", "tanh"]}, "2 entries"),
    ({"layer_dims": [2, 3, 1], "optimizer": "rmsprop"}, "sgd"),
    ({"layer_dims": [2, 3, 1], "init": "glorot"}, "xavier"),
    ({"layer_dims": [2, 3, 1], "keep_prob": 0}, "keep_prob"),
    ({"layer_dims": [2, 3, 2], "output": "sigmoid"}, "1 output"),
    ({"layer_dims": [2, 3, 1], "dtype": "float16"}, "dtype"),
    ({"layer_dims": [2, 3, 1], "learning_rate": 0}, "learning_rate")])
def test_constructor_rejects_bad_configuration(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network(**kwargs)


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((0, 2)), np.zeros(0), "empty"), (np.zeros((3, 3)), [0, 1, 0], "3 feature"),
    ([[0, np.nan], [1, 1]], [0, 1], "NaN"), ([[0, 1], [1, 1]], [0, 2], "0 to 1"),
    ([[0, 1], [1, 1]], [0, 0.5], "whole"), ([[0, 1], [1, 1]], [0], "one value per sample"),
    ([["a", 1], [1, 1]], [0, 1], "numbers"), (np.zeros(4), [0, 1], "2-D")])
def test_bad_input_gets_a_clear_message(X, y, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 3, 1]).fit(X, y, epochs=1)


def test_save_load_round_trip(tmp_path):
    d = make_dataset("blobs3")
    net = Network([2, 5, 3], activation=["tanh"], l2=0.01, keep_prob=[0.9]).fit(d.X_train, d.y_train, epochs=20)
    path = tmp_path / "model.npz"
    net.save(path, metadata={"features": ["x1", "x2"]})
    back = Network.load(path)
    assert back.get_params() == net.get_params()
    assert back.metadata == {"features": ["x1", "x2"]}
    assert np.array_equal(back.predict_proba(d.X_test), net.predict_proba(d.X_test))
    assert Network.load(net.to_bytes()).get_params() == net.get_params()


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _good_config(**changes):
    import json
    header = {"format": "playground-network", "version": 1,
              "config": {"layer_dims": [2, 3, 1]}, "metadata": {}}
    header["config"].update(changes)
    return np.array(json.dumps(header))


def test_load_refuses_pickles_and_malformed_files(tmp_path):
    W1, b1, W2, b2 = np.zeros((3, 2)), np.zeros((3, 1)), np.zeros((1, 3)), np.zeros((1, 1))
    good = dict(config=_good_config(), W1=W1, b1=b1, W2=W2, b2=b2)
    assert Network.load(_npz(**good)).dims_ == [2, 3, 1]
    cases = {
        "zip archive": b"hello, not a model",
        "pickled": pickle.dumps({"W1": W1}),
        "pickled Python objects": _npz(**{**good, "W1": np.array([object()] * 6, dtype=object).reshape(3, 2)}),
        "no 'config'": _npz(W1=W1),
        "shape": _npz(**{**good, "W1": np.zeros((2, 3))}),
        "missing b2": _npz(**{k: v for k, v in good.items() if k != "b2"}),
        "unknown keys": _npz(**{**good, "config": _good_config(evil=1)}),
        "NaN": _npz(**{**good, "W2": np.full((1, 3), np.nan)}),
        "invalid": _npz(**{**good, "config": _good_config(activation="swish")}),
        "not numeric": _npz(**{**good, "b1": np.array(["a", "b", "c"]).reshape(3, 1)}),
    }
    for message, blob in cases.items():
        with pytest.raises(ValueError, match=message):
            Network.load(blob)
    # a zip bomb: one member that claims gigabytes
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("W1.npy", b"\0" * (80 * 2**20))
    with pytest.raises(ValueError, match="too large"):
        Network.load(bomb.getvalue())
    with pytest.raises(ValueError, match="no such"):
        Network.load(str(tmp_path / "absent.npz"))


@pytest.mark.parametrize("hidden,output", [(a, "sigmoid") for a in REGISTRY] + [("tanh", "softmax"), ("relu", "linear")])
def test_a_float32_forward_for_pictures_agrees_with_the_float64_one(hidden, output):
    rng = np.random.default_rng(7)
    n_out = 3 if output == "softmax" else 1
    net = Network([2, 8, 8, n_out], activation=hidden, output=output, seed=2)
    Xc = rng.uniform(-3, 3, (2, 500))
    reference = net.proba_columns(Xc)
    single = net.proba_columns(Xc.astype(np.float32), dtype=np.float32)
    assert single.dtype == np.float32 and reference.dtype == np.float64
    np.testing.assert_allclose(single, reference, rtol=1e-4, atol=1e-5)  # far finer than a pixel's 1/255
    assert all(W.dtype == np.float64 for W in net.weights)  # the network itself is untouched
    with pytest.raises(ValueError, match="dtype is for inference"):
        net.forward(Xc, train=True, dtype=np.float32)
