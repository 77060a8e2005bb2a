"""L1 regularisation: its cost against an independent formula, its
subgradient against central differences, and the sparsity it is for."""
import itertools

import numpy as np
import pytest
from sklearn.metrics import log_loss

from playground import Network, make_dataset
from playground.maths import backward_equations, cost_equation
from tests.test_network import numeric_gradient, small_problem

CASES = list(itertools.product(("relu", "tanh", "sigmoid"), ("sigmoid", "softmax", "linear"), (0.0, 0.2), (1, 2)))


@pytest.mark.parametrize("hidden, output, l2, depth", CASES)
def test_l1_gradient_matches_central_differences(hidden, output, l2, depth):
    X, y, n_out = small_problem(output)
    net = Network([3] + [4] * depth + [n_out], activation=hidden, output=output, l2=l2, l1=0.3,
                  init="xavier", seed=depth)
    rng = np.random.default_rng(depth)
    for name, P in net.parameters.items():
        if name.startswith("b"):
            P += rng.uniform(0.05, 0.2, size=P.shape) * rng.choice([-1, 1], size=P.shape)
        else:  # keep every weight away from |w|'s kink at 0, where no derivative exists
            P[np.abs(P) < 0.01] = 0.05
    analytic = net.gradients(X, y)
    numeric = numeric_gradient(net, X, y)
    for name in numeric:
        a, n = analytic[name], numeric[name]
        assert np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)) < 1e-6, name


def test_l1_cost_is_the_loss_plus_l1_over_m_times_the_sum_of_absolute_weights():
    X, y, _ = small_problem("sigmoid", m=9)
    net = Network([3, 5, 1], activation="tanh", l1=0.7, seed=3)
    p = net.predict_proba(X)[:, 1]
    expected = log_loss(y, p, labels=[0, 1]) + 0.7 / len(y) * sum(np.abs(W).sum() for W in net.weights)
    assert net.cost(X, y) == pytest.approx(expected, rel=1e-9)


def test_l1_makes_weights_sparse_where_l2_only_shrinks_them():
    data = make_dataset("circles", n_samples=200, noise=0.05, seed=0)
    def near_zero(**penalty):
        net = Network([2, 16, 16, 1], activation="tanh", optimizer="sgd", learning_rate=0.3, seed=0, **penalty)
        net.fit(data.X_train, data.y_train, epochs=400)
        weights = np.concatenate([W.ravel() for W in net.weights])
        return np.mean(np.abs(weights) < 0.02)
    assert near_zero(l1=0.3) > 2 * near_zero(l2=0.3) + 0.1


def test_the_maths_view_shows_the_l1_term_and_its_gradient():
    net = Network([2, 3, 1], l1=0.01)
    assert r"\lvert W" in cost_equation(net) and "L1" in cost_equation(net)
    assert any(r"\operatorname{sign}(W^{[1]})" in line for line in backward_equations(net, 10))
    assert r"\lvert" not in cost_equation(Network([2, 3, 1]))
