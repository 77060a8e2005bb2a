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
