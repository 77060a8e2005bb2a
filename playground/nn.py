"""The atomic building blocks of a fully connected network, in pure NumPy.

Column convention throughout: one example per column.

    X, A[l-1] : (n_{l-1}, m)     W[l] : (n_l, n_{l-1})     b[l] : (n_l, 1)
    Z[l] = W[l] @ A[l-1] + b[l]  and  A[l] = g(Z[l])  are both (n_l, m)

Everything the network, the trainer and the gradient check compute is built
from these functions, so the maths exists once.
"""
from __future__ import annotations

import numpy as np

from .activations import LEAKY_SLOPE, REGISTRY, sigmoid  # noqa: F401 (sigmoid and the slope are seed API too)

HIDDEN_ACTIVATIONS = tuple(REGISTRY)
ACTIVATIONS = HIDDEN_ACTIVATIONS + ("softmax",)
INIT_METHODS = ("small", "he", "xavier", "zeros")


def _check_activation(a_name: str) -> None:
    if a_name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {a_name!r}; choose one of: {', '.join(ACTIVATIONS)}"
        )


# ---------------------------------------------------------------- linear layer
def linear(W: np.ndarray, X: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Z = W·X + b.  W (n_l, n_prev), X (n_prev, m), b (n_l, 1) -> Z (n_l, m)."""
    Z = W @ X
    Z += b
    return Z


def linear_backward(
    dZ: np.ndarray,
    cache: tuple[np.ndarray, np.ndarray],
    lambd: float = 0.0,
    *,
    l1: float = 0.0,
    out: tuple[np.ndarray, np.ndarray] | None = None,
    ones: np.ndarray | None = None,
    need_dX: bool = True,
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Gradients of the cost through Z = W·X + b, given dZ = dCost/dZ (n_l, m).

    cache is (W, X). Returns (dX, dW, db) with

        dW = dZ·Xᵀ/m + (λ/m)·W + (l1/m)·sign(W)      (n_l, n_prev)
        db = Σ_examples dZ / m       (n_l, 1)
        dX = Wᵀ·dZ                   (n_prev, m)

    The keyword-only arguments are for the training loop's speed: `out` gives
    buffers (dW, db) to write into, `ones` a column of m ones (a matrix product
    with it is cheaper than a reduction at these sizes), and need_dX=False skips
    the input gradient of the first layer, which nobody uses.
    """
    W, X = cache
    m = X.shape[1]
    if out is None:
        dW = dZ @ X.T
        db = np.empty((dZ.shape[0], 1), dtype=dZ.dtype)
    else:
        dW, db = out
        np.matmul(dZ, X.T, out=dW)
    dW *= 1.0 / m
    if lambd:
        dW += (lambd / m) * W
    if l1:  # the subgradient of (l1/m)·Σ|W|, taking sign(0) = 0
        dW += (l1 / m) * np.sign(W)
    if ones is None:
        ones = np.ones((m, 1), dtype=dZ.dtype)
    np.matmul(dZ, ones, out=db)
    db *= 1.0 / m
    dX = W.T @ dZ if need_dX else None
    return dX, dW, db


# ----------------------------------------------------------------- activations
def softmax(Z: np.ndarray) -> np.ndarray:
    """Column-wise softmax of logits Z (C, m): each column sums to 1.

    Shifting each column by its maximum keeps every exponent <= 0, so logits of
    ±1000 give exact, finite probabilities (tiny ones underflow to 0).
    """
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    E /= E.sum(axis=0, keepdims=True)
    return E


Softmax = softmax  # the seed reference spells it with a capital S


def activation(Z: np.ndarray, a_name: str = "relu") -> np.ndarray:
    """A = g(Z) for g in ACTIVATIONS; same shape as Z."""
    if a_name == "softmax":
        return softmax(Z)
    _check_activation(a_name)
    return REGISTRY[a_name].forward(Z)


def activation_backward(
    dA: np.ndarray, Z: np.ndarray, a_name: str = "relu", A: np.ndarray | None = None
) -> np.ndarray:
    """dZ = dA * g'(Z) (for softmax, the Jacobian-vector product).

    A = g(Z) may be passed when the forward pass kept it, to avoid recomputing.
    """
    if a_name == "softmax":
        A = softmax(Z) if A is None else A
        return A * (dA - (dA * A).sum(axis=0, keepdims=True))
    _check_activation(a_name)
    g = REGISTRY[a_name]
    return dA * g.derivative(Z, g.forward(Z) if A is None else A)


# --------------------------------------------------------------------- dropout
def dropout_mask(
    shape: tuple[int, ...], keep_prob: float, rng: np.random.Generator, dtype=np.float64
) -> np.ndarray:
    """Inverted-dropout mask: 1/keep_prob where a unit is kept, 0 where dropped.

    Multiplying activations by it keeps their expected value unchanged, so
    nothing needs rescaling at prediction time.
    """
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    keep = rng.random(shape) < keep_prob
    return keep.astype(dtype) * (1.0 / keep_prob)


def neuron(
    W: np.ndarray,
    X: np.ndarray,
    b: np.ndarray,
    a_name: str = "relu",
    dropout: bool = False,
    keep_prob: float = 0.5,
    rng: np.random.Generator | None = None,
    **legacy,
) -> np.ndarray:
    """One layer (or one neuron): A = g(W·X + b), optionally with inverted dropout.

    `drpout=` (the seed reference's spelling) is accepted for `dropout=`.
    """
    if "drpout" in legacy:
        dropout = legacy.pop("drpout")
    if legacy:
        raise TypeError(f"unexpected keyword arguments: {', '.join(legacy)}")
    _check_activation(a_name)
    A = activation(linear(W, X, b), a_name)
    if dropout:
        rng = np.random.default_rng() if rng is None else rng
        A = A * dropout_mask(A.shape, keep_prob, rng, A.dtype)
    return A


# ---------------------------------------------------------------- initialising
def initialize_parameters(
    layer_dims: list[int], method: str = "small", seed: int | None = None, dtype=np.float64
) -> dict[str, np.ndarray]:
    """{'W1','b1',…,'WL','bL'} for layer_dims = [n_0, n_1, …, n_L].

    W[l] is (n_l, n_{l-1}), b[l] is (n_l, 1) and zero. Methods:
      small   standard normal × 0.01 (the seeds' choice)
      he      standard normal × sqrt(2 / n_{l-1})  (suits ReLU)
      xavier  standard normal × sqrt(1 / n_{l-1})  (suits tanh / sigmoid)
      zeros   all zero: every unit in a layer stays identical and cannot learn
    """
    if method not in INIT_METHODS:
        raise ValueError(
            f"unknown initialisation {method!r}; choose one of: {', '.join(INIT_METHODS)}"
        )
    dims = [int(n) for n in layer_dims]
    if len(dims) < 2 or min(dims) < 1:
        raise ValueError(f"layer_dims needs at least two positive sizes, got {list(layer_dims)}")
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(dims)):
        n, n_prev = dims[l], dims[l - 1]
        scale = {"small": 0.01, "he": np.sqrt(2.0 / n_prev),
                 "xavier": np.sqrt(1.0 / n_prev), "zeros": 0.0}[method]
        params[f"W{l}"] = (rng.standard_normal((n, n_prev)) * scale).astype(dtype)
        params[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
    return params
