"""The atomic seed API: shapes, the seed documentation's examples, stability."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from playground import nn


def test_linear_matches_seed_example_by_hand():
    W = np.array([[.5, .8], [1, .4]])
    b = np.ones((2, 1))
    X = np.array([[1], [2]])
    Z = nn.linear(W, X, b)
    assert Z.shape == (2, 1)
    # 0.5*1 + 0.8*2 + 1 = 3.1 and 1*1 + 0.4*2 + 1 = 2.8
    assert np.allclose(Z, [[3.1], [2.8]])


def test_initialize_parameters_matches_seed_example():
    params = nn.initialize_parameters([3, 4, 4, 1])
    assert len(params) == 6
    assert params["W1"].shape == (4, 3)
    assert params["W2"].shape == (4, 4)
    assert params["W3"].shape == (1, 4)
    assert params["b1"].shape == (4, 1)
    assert all(not params[f"b{l}"].any() for l in (1, 2, 3))


@pytest.mark.parametrize("method, expected_std", [
    ("small", lambda n: 0.01), ("he", lambda n: np.sqrt(2 / n)), ("xavier", lambda n: np.sqrt(1 / n))])
def test_initialisation_scales(method, expected_std):
    W = nn.initialize_parameters([400, 300], method, seed=1)["W1"]
    assert abs(W.std() / expected_std(400) - 1) < 0.02
    assert nn.initialize_parameters([4, 3], "zeros")["W1"].sum() == 0


def test_initialisation_is_seeded_and_rejects_unknown():
    a = nn.initialize_parameters([2, 5, 1], "he", seed=7)
    b = nn.initialize_parameters([2, 5, 1], "he", seed=7)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    with pytest.raises(ValueError, match="he, xavier"):
        nn.initialize_parameters([2, 1], "glorot")
    with pytest.raises(ValueError):
        nn.initialize_parameters([2, 0, 1])


def test_linear_backward_by_hand():
    rng = np.random.default_rng(0)
    W, X, dZ = rng.normal(size=(3, 2)), rng.normal(size=(2, 5)), rng.normal(size=(3, 5))
    lambd = 0.7
    dX, dW, db = nn.linear_backward(dZ, (W, X), lambd)
    # element by element, independent of the vectorised code
    for i in range(3):
        for j in range(2):
            expected = sum(dZ[i, k] * X[j, k] for k in range(5)) / 5 + lambd / 5 * W[i, j]
            assert dW[i, j] == pytest.approx(expected)
        assert db[i, 0] == pytest.approx(sum(dZ[i]) / 5)
    for j in range(2):
        for k in range(5):
            assert dX[j, k] == pytest.approx(sum(W[i, j] * dZ[i, k] for i in range(3)))


def test_activation_values_by_hand():
    Z = np.array([[-2.0, 0.0, 3.0]])
    assert np.allclose(nn.activation(Z, "relu"), [[0, 0, 3]])
    assert np.allclose(nn.activation(Z, "leaky_relu"), [[-0.02, 0, 3]])
    assert np.allclose(nn.activation(Z, "sigmoid"), [[1 / (1 + np.e ** 2), 0.5, 1 / (1 + np.e ** -3)]])
    assert np.allclose(nn.activation(Z, "tanh"), np.tanh(Z))
    assert np.array_equal(nn.activation(Z, "linear"), Z)


def test_unknown_activation_names_the_valid_ones():
    with pytest.raises(ValueError) as error:
        nn.activation(np.zeros((1, 1)), "swish")
    assert all(name in str(error.value) for name in ("relu", "sigmoid", "tanh", "leaky_relu", "linear", "softmax"))
    with pytest.raises(ValueError, match="relu"):
        nn.activation_backward(np.zeros((1, 1)), np.zeros((1, 1)), "swish")


@pytest.mark.parametrize("a_name", nn.ACTIVATIONS)
def test_activation_backward_matches_central_differences(a_name):
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(3, 4))
    Z[np.abs(Z) < 1e-3] = 0.5  # stay off the ReLU kink
    dA = rng.normal(size=Z.shape)
    analytic = nn.activation_backward(dA, Z, a_name)
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for idx in np.ndindex(*Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[idx] += eps
        Zm[idx] -= eps
        numeric[idx] = np.sum(dA * (nn.activation(Zp, a_name) - nn.activation(Zm, a_name))) / (2 * eps)
    assert np.allclose(analytic, numeric, atol=1e-8)


def test_softmax_and_sigmoid_are_finite_at_1000():
    Z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S = nn.Softmax(Z)
        s = nn.sigmoid(np.array([[1000.0, -1000.0, 0.0]]))
    assert np.isfinite(S).all() and np.allclose(S.sum(axis=0), 1)
    assert np.allclose(S[:, 0], [1, 0, 0]) and np.allclose(S[:, 2], [0, 0, 1])
    assert np.array_equal(s, [[1.0, 0.0, 0.5]])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 4), elements=st.floats(-1e3, 1e3)))
def test_softmax_is_a_distribution_and_shift_invariant(Z):
    S = nn.softmax(Z)
    assert np.isfinite(S).all() and (S >= 0).all()
    assert np.allclose(S.sum(axis=0), 1)
    assert np.allclose(nn.softmax(Z + 5.0), S, atol=1e-12)


def test_softmax_seed_shape_example():
    z = np.array([[1.0], [2.0], [3.0]])
    a = nn.Softmax(z)
    assert a.shape == (3, 1)
    assert np.allclose(a[:, 0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_neuron_is_linear_then_activation_and_accepts_seed_spelling():
    rng = np.random.default_rng(0)
    W, X, b = rng.normal(size=(4, 2)), rng.normal(size=(2, 6)), rng.normal(size=(4, 1))
    assert np.allclose(nn.neuron(W, X, b, "tanh"), np.tanh(W @ X + b))
    dropped = nn.neuron(W, X, b, "relu", drpout=True, keep_prob=0.5, rng=np.random.default_rng(1))
    plain = np.maximum(W @ X + b, 0)
    kept = dropped != 0
    assert np.allclose(dropped[kept], 2 * plain[kept])  # kept units scaled by 1/keep_prob
    with pytest.raises(TypeError):
        nn.neuron(W, X, b, dropuot=True)


def test_inverted_dropout_keeps_expected_activation():
    rng = np.random.default_rng(0)
    A = np.ones((50, 4000))
    for keep in (0.3, 0.5, 0.9):
        mask = nn.dropout_mask(A.shape, keep, rng)
        assert abs((mask == 0).mean() - (1 - keep)) < 0.01
        assert abs((A * mask).mean() - 1.0) < 0.02
    with pytest.raises(ValueError):
        nn.dropout_mask((2, 2), 0.0, rng)
