"""TF Playground's squared loss: its cost against values computed by hand,
its gradient against central differences, the setting, the maths view and
the TF preset that uses it."""
import itertools
import os
import json

import numpy as np
import pytest

from playground import Network, gradient_check, nn
from playground.config import Config
from playground.engine import Trainer
from playground.maths import backward_equations, cost_equation
from playground.presets import PRESETS
from tests.test_network import numeric_gradient, small_problem


def _bias_off_kinks(net, seed):
    rng = np.random.default_rng(seed)
    for name, P in net.parameters.items():
        if name.startswith("b"):
            P += rng.uniform(0.05, 0.2, size=P.shape) * rng.choice([-1, 1], size=P.shape)


@pytest.mark.parametrize("hidden, output, l2, depth",
                         list(itertools.product(nn.HIDDEN_ACTIVATIONS, ("sigmoid", "softmax"), (0.0, 0.3), (1, 2))))
def test_squared_loss_backprop_matches_central_differences(hidden, output, l2, depth):
    X, y, n_out = small_problem(output)
    net = Network([3] + [4] * depth + [n_out], activation=hidden, output=output, l2=l2, init="xavier",
                  seed=depth, loss="squared")
    _bias_off_kinks(net, depth)
    analytic, numeric = net.gradients(X, y), numeric_gradient(net, X, y)
    a = np.concatenate([analytic[k].ravel() for k in numeric])
    n = np.concatenate([numeric[k].ravel() for k in numeric])
    assert np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)) < 1e-6
    report = gradient_check(net, X, y)  # the engine's own check agrees
    assert max(r["relative_error"] for r in report.values()) < 1e-6


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_gradient_check_catches_the_cross_entropy_gradient_under_the_squared_cost(output, monkeypatch):
    """The check can fail: the squared cost with cross-entropy's dZ = A - Y is caught."""
    X, y, n_out = small_problem(output)
    net = Network([3, 5, n_out], activation="tanh", output=output, loss="squared", init="xavier", seed=1)
    from playground.engine import losses
    original = losses.output_gradient
    monkeypatch.setattr(losses, "output_gradient", lambda o, A, Z, Y, loss="cross_entropy": original(o, A, Z, Y))
    assert max(r["relative_error"] for r in gradient_check(net, X, y).values()) > 1e-2


def test_squared_cost_is_half_the_mean_squared_error_of_the_probabilities():
    X, y, _ = small_problem("sigmoid", m=40)
    net = Network([3, 6, 1], activation="tanh", init="xavier", seed=3, loss="squared", l2=0.2)
    p = net.predict_proba(X)[:, 1]
    W1, W2 = net.parameters["W1"], net.parameters["W2"]
    penalty = 0.2 / (2 * 40) * ((W1 ** 2).sum() + (W2 ** 2).sum())
    assert net.cost(X, y) == pytest.approx(0.5 * np.mean((p - y) ** 2) + penalty, abs=1e-12)

    X, y, _ = small_problem("softmax", m=30)
    net = Network([3, 6, 3], seed=4, loss="squared")
    P, onehot = net.predict_proba(X), np.eye(3)[y]
    assert net.cost(X, y) == pytest.approx(np.sum((P - onehot) ** 2) / (2 * 30), abs=1e-12)


def test_regression_keeps_mean_squared_error_whatever_the_loss():
    X, y, _ = small_problem("linear", m=20)
    a = Network([3, 4, 1], output="linear", seed=2, loss="squared")
    b = Network([3, 4, 1], output="linear", seed=2)
    assert a.cost(X, y) == pytest.approx(np.mean((a.predict(X) - y) ** 2), abs=1e-12)
    assert np.allclose(a.gradients(X, y)["dW1"], b.gradients(X, y)["dW1"])


def test_bad_loss_is_refused_and_the_loss_survives_a_model_file():
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        Network([2, 3, 1], loss="hinge")
    net = Network([2, 3, 1], loss="squared")
    assert Network.load(net.to_bytes()).loss == "squared"
    # a model file written before the loss existed has no "loss": cross-entropy, as then
    header = {"format": "playground-network", "version": 1, "config": {"layer_dims": [2, 3, 1]}, "metadata": {}}
    import io
    buffer = io.BytesIO()
    np.savez(buffer, config=np.array(json.dumps(header)), W1=np.zeros((3, 2)), b1=np.zeros((3, 1)),
             W2=np.zeros((1, 3)), b2=np.zeros((1, 1)))
    assert Network.load(buffer.getvalue()).loss == "cross_entropy"


def test_loss_setting_in_link_json_and_network():
    cfg, notices = Config.from_query({"loss": "squared"})
    assert not notices and cfg.loss == "squared" and cfg.to_query()["loss"] == "squared"
    assert Config.from_json(cfg.to_json()) == cfg
    assert cfg.make_network(cfg.make_dataset()).loss == "squared"
    assert Config.from_query({})[0].loss == "cross_entropy"  # an old link: as before
    cfg, notices = Config.from_query({"loss": "hinge"})
    assert cfg.loss == "cross_entropy" and "loss=hinge" in notices[0]
    old = json.loads(Config().to_json())
    del old["config"]["loss"]
    assert Config.from_json(json.dumps(old)).loss == "cross_entropy"


def test_maths_view_shows_the_chosen_loss():
    for output, n_out in (("sigmoid", 1), ("softmax", 3)):
        net = Network([2, 3, n_out], loss="squared")
        assert r"\frac{1}{2m}" in cost_equation(net) and "squared error" in cost_equation(net)
        assert r"A^{[L]} - Y" in backward_equations(net, 5)[0] and r"\odot" in backward_equations(net, 5)[0]
        plain = Network([2, 3, n_out])
        assert "cross-entropy" in cost_equation(plain) and r"\odot" not in backward_equations(plain, 5)[0]


def test_tf_preset_uses_squared_loss_and_learns_the_circle():
    preset = next(p for p in PRESETS if p.name == "TensorFlow Playground defaults")
    cfg = preset.config
    assert (cfg.loss, cfg.hidden, cfg.activations, cfg.learning_rate, cfg.batch_size, cfg.test_ratio, cfg.noise) \
        == ("squared", (4, 2), ("tanh", "tanh"), 0.03, 10, 0.5, 0.0)
    d = cfg.make_dataset()
    t = Trainer(cfg.make_network(d), d, batch_size=cfg.batch_size)
    for _ in range(800):
        t.run_epoch()
    assert t.evaluate()["test_score"] > 0.95


def test_every_preset_says_what_to_look_at_and_what_to_try():
    for preset in PRESETS:
        for text in (preset.look, preset.try_next):
            assert len(text) > 40 and text.rstrip().endswith((".", "!", "?")), (preset.name, text)


def test_the_command_line_trains_with_the_squared_loss(tmp_path):
    import subprocess
    import sys
    model = str(tmp_path / "model.npz")
    result = subprocess.run([sys.executable, "-m", "playground", "train", "--dataset", "moons", "--loss", "squared",
                             "--epochs", "300", "--lr", "0.03", "--save", model], capture_output=True, text=True,
                            timeout=120, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.splitlines()[0].split("test accuracy")[1].split()[0]) > 0.8
    assert Network.load(model).loss == "squared"
