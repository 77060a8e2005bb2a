"""Output layers and their losses, computed from the logits Z[L] for stability.

Each loss pairs an output activation with the cost that makes its gradient
simple: dCost/dZ[L] per example is (A[L] - Y) for sigmoid + binary
cross-entropy and softmax + categorical cross-entropy, and 2·(Z[L] - Y) for a
linear output with mean squared error. The 1/m is applied later, by
nn.linear_backward, exactly as the seeds do it.

A classifier can use TF Playground's squared loss instead (loss="squared"):
its cost is 1/(2m)·Σ_i Σ_c (a - y)², TF Playground's convention (its
Errors.SQUARE is ½(a - y)², averaged over the points), taken on the output
activation A[L] against the 0/1 or one-hot labels, and its gradient goes back
through the output activation: dZ = (A - Y)·σ'(Z) for sigmoid, J_softmaxᵀ(A - Y)
for softmax. A linear (regression) output always uses mean squared error.

Shapes: Z, Y are (n_out, m); Y is 0/1 (binary), one-hot (softmax) or real.
"""
from __future__ import annotations

import numpy as np

OUTPUTS = ("sigmoid", "softmax", "linear")
LOSSES = ("cross_entropy", "squared")  # a classifier's loss (a regression output: mean squared error)


def binary_cross_entropy(Z: np.ndarray, Y: np.ndarray) -> float:
    """mean over examples of -[y·log σ(z) + (1-y)·log(1-σ(z))] = log(1+e^z) - y·z."""
    return float(np.mean(np.logaddexp(0.0, Z) - Y * Z))


def categorical_cross_entropy(Z: np.ndarray, Y: np.ndarray) -> float:
    """mean over examples of -Σ_c y_c·log softmax(z)_c = logsumexp(z) - Σ_c y_c·z_c."""
    shift = Z.max(axis=0, keepdims=True)
    log_sum = np.log(np.exp(Z - shift).sum(axis=0)) + shift[0]
    return float(np.mean(log_sum - (Y * Z).sum(axis=0)))


def mean_squared_error(Z: np.ndarray, Y: np.ndarray) -> float:
    """mean over examples of Σ_outputs (z - y)²."""
    D = Z - Y
    return float(np.sum(D * D) / Z.shape[1])


LOSS = {
    "sigmoid": binary_cross_entropy,
    "softmax": categorical_cross_entropy,
    "linear": mean_squared_error,
}
LOSS_NAME = {
    "sigmoid": "binary cross-entropy",
    "softmax": "categorical cross-entropy",
    "linear": "mean squared error",
}


def half_squared_error(A: np.ndarray, Y: np.ndarray) -> float:
    """1/(2m)·Σ_examples Σ_outputs (a - y)², on output activations A (TF Playground's square loss)."""
    D = A - Y
    return float(np.sum(D * D) / (2.0 * A.shape[1]))


def squared(output: str, loss: str) -> bool:
    """Whether a network with this output and loss uses the half squared error on A."""
    return loss == "squared" and output != "linear"


def cost(output: str, loss: str, Z: np.ndarray, Y: np.ndarray, A: np.ndarray | None = None) -> float:
    """The mean loss of logits Z against Y (A = activation(Z, output), needed for the squared loss)."""
    if squared(output, loss):
        return half_squared_error(A, Y)
    return LOSS[output](Z, Y)


def loss_name(output: str, loss: str) -> str:
    return "squared error" if squared(output, loss) else LOSS_NAME[output]


def output_gradient(output: str, A: np.ndarray, Z: np.ndarray, Y: np.ndarray,
                    loss: str = "cross_entropy") -> np.ndarray:
    """dLoss/dZ[L] per example (not yet divided by m). A = activation(Z, output)."""
    if output == "linear":
        return 2.0 * (Z - Y)
    if squared(output, loss):
        D = A - Y  # dLoss/dA; then through the output activation
        if output == "sigmoid":
            return D * A * (1.0 - A)
        return A * (D - (A * D).sum(axis=0, keepdims=True))  # softmax: diag(a) - a·aᵀ times D
    return A - Y


def l2_penalty(weights: list[np.ndarray], lambd: float, m: int) -> float:
    """λ/(2m)·Σ_l ‖W[l]‖²_F, whose gradient is the (λ/m)·W term of linear_backward."""
    if not lambd:
        return 0.0
    return lambd / (2.0 * m) * float(sum(np.vdot(W, W) for W in weights))


def l1_penalty(weights: list[np.ndarray], l1: float, m: int) -> float:
    """(l1/m)·Σ_l Σ|W[l]|, whose subgradient is the (l1/m)·sign(W) term of linear_backward."""
    if not l1:
        return 0.0
    return l1 / m * float(sum(np.abs(W).sum() for W in weights))
