"""Network: an L-layer fully connected network built from playground.nn.

Public methods follow scikit-learn: X is (m, n_features), one example per row,
and y is (m,) — integer class labels, or real targets for regression.
Internally everything is in the seeds' column convention (X is
(n_features, m)); `to_columns` is the one place that converts.
"""
from __future__ import annotations

import inspect
import io
import json
import os
import warnings
from typing import Callable, Iterator, Sequence

import numpy as np

from .. import nn
from . import losses, schedules
from .model_file import FORMAT, FORMAT_VERSION, MAX_PARAMETERS, read_model_file
from .optimizers import OPTIMIZERS, make_optimizer

DTYPES = ("float64", "float32")


def _as_list(value, n: int, name: str) -> list:
    """One value for every hidden layer, or a list of exactly n values."""
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name} has {len(value)} entries but the network has {n} hidden layers")
        return list(value)
    return [value] * n


def _validate_keep_prob(keep_prob, n_hidden: int) -> list[float]:
    probs = _as_list(keep_prob, n_hidden, "keep_prob")
    for p in probs:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 < p <= 1.0:
            raise ValueError(f"keep_prob must be in (0, 1] (1 means no dropout), got {p!r}")
    return [float(p) for p in probs]


def _validate_number(name: str, value, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value < low or value > high or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low}, {high}], got {value}")
    return value


class Network:
    """A fully connected network trained by gradient descent.

    layer_dims   [n_0, n_1, …, n_L]: input size, hidden sizes, output size
    activation   hidden activation, one name or one per hidden layer
    output       None (sigmoid if n_L == 1 else softmax), or 'sigmoid',
                 'softmax', 'linear' (regression, mean squared error)
    init         'small' (×0.01, as in the seeds), 'he', 'xavier', 'zeros'
    l2           λ of the penalty λ/(2m)·Σ‖W‖²
    l1           λ₁ of the penalty λ₁/m·Σ|W| (drives weights to exactly zero)
    keep_prob    inverted-dropout keep probability per hidden layer (1 = off)
    optimizer    'sgd', 'momentum', 'adam'
    schedule     'constant', 'step', 'exponential': the learning rate of epoch t
                 (see engine/schedules.py; set_epoch tells the network which epoch it is in)
    """

    def __init__(
        self,
        layer_dims: Sequence[int],
        activation: str | Sequence[str] = "relu",
        output: str | None = None,
        init: str = "he",
        l2: float = 0.0,
        l1: float = 0.0,
        keep_prob: float | Sequence[float] = 1.0,
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        momentum: float = 0.9,
        seed: int = 0,
        dtype: str = "float64",
        schedule: str = "constant",
    ):
        self.layer_dims = layer_dims
        self.activation = activation
        self.output = output
        self.init = init
        self.optimizer = optimizer
        self.momentum = momentum
        self.seed = seed
        self.dtype = dtype
        self.l2 = l2
        self.l1 = l1
        self.epoch_ = 0
        self.schedule = schedule
        self.learning_rate = learning_rate
        self.keep_prob = keep_prob
        self.metadata: dict = {}
        self._build()

    # ----------------------------------------------------------- construction
    def _build(self) -> None:
        dims = list(self.layer_dims) if isinstance(self.layer_dims, (list, tuple)) else None
        if not dims or len(dims) < 2:
            raise ValueError("layer_dims needs an input size and an output size, e.g. [2, 8, 1]")
        for n in dims:
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"every layer size must be a positive whole number, got {n!r}")
        self.dims_ = [int(n) for n in dims]
        n_hidden = len(dims) - 2
        self.activations_ = _as_list(self.activation, n_hidden, "activation")
        for a in self.activations_:
            if a not in nn.HIDDEN_ACTIVATIONS:
                raise ValueError(
                    f"unknown hidden activation {a!r}; choose one of: {', '.join(nn.HIDDEN_ACTIVATIONS)}")
        output = self.output
        if output is None:
            output = "sigmoid" if dims[-1] == 1 else "softmax"
        if output not in losses.OUTPUTS:
            raise ValueError(f"unknown output {output!r}; choose one of: {', '.join(losses.OUTPUTS)}")
        if output == "sigmoid" and dims[-1] != 1:
            raise ValueError("a sigmoid output needs exactly 1 output unit (use softmax for more classes)")
        if output == "softmax" and dims[-1] < 2:
            raise ValueError("a softmax output needs at least 2 output units")
        self.output_ = output
        self.task_ = "regression" if output == "linear" else "classification"
        self.n_classes_ = None if output == "linear" else max(2, dims[-1])
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimiser {self.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        self.momentum = _validate_number("momentum", self.momentum, 0.0, 1.0)
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative whole number, got {self.seed!r}")
        self.dtype_ = np.dtype(self.dtype)
        initial = nn.initialize_parameters(self.dims_, self.init, seed=int(self.seed), dtype=self.dtype_)

        # Every W[l], b[l] (and dW[l], db[l]) is a view into one flat vector, so the
        # optimiser updates all of them in a few calls.
        sizes = [a.size for a in initial.values()]
        self._theta = np.concatenate([a.ravel() for a in initial.values()])
        self._grad = np.zeros_like(self._theta)
        self._names = list(initial)
        self._views, self._grad_views = {}, {}
        start = 0
        for name, size in zip(self._names, sizes):
            shape = initial[name].shape
            self._views[name] = self._theta[start:start + size].reshape(shape)
            self._grad_views[name] = self._grad[start:start + size].reshape(shape)
            start += size
        L = len(self.dims_) - 1
        self._W = [self._views[f"W{l}"] for l in range(1, L + 1)]
        self._b = [self._views[f"b{l}"] for l in range(1, L + 1)]
        self._dW = [self._grad_views[f"W{l}"] for l in range(1, L + 1)]
        self._db = [self._grad_views[f"b{l}"] for l in range(1, L + 1)]
        self._optimizer = make_optimizer(self.optimizer, self._theta.size, self.dtype_, self.momentum)
        self._dropout_rng = np.random.default_rng([int(self.seed), 1])
        self._ones: dict[int, np.ndarray] = {}

    # Hyper-parameters that may change between steps without a reset.
    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = _validate_number("learning_rate", value, 0.0, 1e3, low_open=True)
        self._current_rate = schedules.rate(self._learning_rate, self._schedule, self.epoch_)

    @property
    def schedule(self) -> str:
        return self._schedule

    @schedule.setter
    def schedule(self, value: str) -> None:
        if value not in schedules.SCHEDULES:
            raise ValueError(f"unknown schedule {value!r}; choose one of: {', '.join(schedules.SCHEDULES)}")
        self._schedule = value
        if hasattr(self, "_learning_rate"):
            self._current_rate = schedules.rate(self._learning_rate, value, self.epoch_)

    @property
    def current_learning_rate(self) -> float:
        """The step size in use now: learning_rate after the schedule."""
        return self._current_rate

    def set_epoch(self, epoch: int) -> None:
        """Which epoch the next steps belong to (the schedule's t)."""
        self.epoch_ = int(epoch)
        self._current_rate = schedules.rate(self._learning_rate, self._schedule, self.epoch_)

    @property
    def l2(self) -> float:
        return self._l2

    @l2.setter
    def l2(self, value: float) -> None:
        self._l2 = _validate_number("l2", value, 0.0, 1e3)

    @property
    def l1(self) -> float:
        return self._l1

    @l1.setter
    def l1(self, value: float) -> None:
        self._l1 = _validate_number("l1", value, 0.0, 1e3)

    @property
    def keep_prob(self):
        return self._keep_prob

    @keep_prob.setter
    def keep_prob(self, value) -> None:
        n_hidden = len(self.layer_dims) - 2 if isinstance(self.layer_dims, (list, tuple)) else 0
        self._keep_probs = _validate_keep_prob(value, max(n_hidden, 0))
        self._keep_prob = value

    def get_params(self) -> dict:
        """The constructor arguments, as JSON-friendly values."""
        def plain(v):
            return list(v) if isinstance(v, (list, tuple)) else v
        return {
            "layer_dims": [int(n) for n in self.layer_dims],
            "activation": plain(self.activation),
            "output": self.output,
            "init": self.init,
            "l2": self.l2,
            "l1": self.l1,
            "keep_prob": plain(self.keep_prob),
            "optimizer": self.optimizer,
            "learning_rate": self.learning_rate,
            "momentum": self.momentum,
            "seed": int(self.seed),
            "dtype": self.dtype,
            "schedule": self.schedule,
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Network({args})"

    # ------------------------------------------------------------- parameters
    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """{'W1', 'b1', …}: W[l] (n_l, n_{l-1}), b[l] (n_l, 1). Live views: edit in place."""
        return dict(self._views)

    @property
    def weights(self) -> list[np.ndarray]:
        """W[1] … W[L], each (n_l, n_{l-1}): read-only views (change them with set_parameters)."""
        return [_read_only(W) for W in self._W]

    @property
    def weight_gradients(self) -> list[np.ndarray]:
        """dW[1] … dW[L] from the last backward pass: read-only views."""
        return [_read_only(dW) for dW in self._dW]

    @property
    def parameter_shapes(self) -> dict[str, tuple[int, ...]]:
        """{'W1': (n_1, n_0), 'b1': (n_1, 1), …} in the order of the flat vector."""
        return {name: self._views[name].shape for name in self._names}

    @property
    def flat_parameters(self) -> np.ndarray:
        """Every W and b in one vector (W1, b1, W2, … each row-major): a read-only view."""
        return _read_only(self._theta)

    def set_flat_parameters(self, values: np.ndarray) -> None:
        """Overwrite every parameter from a vector laid out as flat_parameters."""
        np.copyto(self._theta, values)

    @property
    def keep_probs_(self) -> list[float]:
        """The validated keep probability of each hidden layer."""
        return list(self._keep_probs)

    def set_parameters(self, params: dict[str, np.ndarray]) -> None:
        """Copy arrays with the seed names and shapes into the network."""
        for name in self._names:
            if name not in params:
                raise ValueError(f"missing parameter {name}")
            value = np.asarray(params[name])
            if value.shape != self._views[name].shape:
                raise ValueError(f"{name} has shape {value.shape}, expected {self._views[name].shape}")
            self._views[name][...] = value

    @property
    def step_count(self) -> int:
        return self._optimizer.t

    def reset_optimizer(self) -> None:
        self._optimizer.reset()

    @property
    def flat_gradient(self) -> np.ndarray:
        """The last computed gradient, laid out as flat_parameters: a read-only view."""
        return _read_only(self._grad)

    # ------------------------------------------------------ input validation
    def to_columns(self, X, y=None) -> tuple[np.ndarray, np.ndarray | None]:
        """Validate rows-as-samples X (m, n_0) and y (m,); return the column form
        Xc (n_0, m) and Yc (n_L, m) used by everything inside the engine."""
        try:
            X = np.asarray(X, dtype=self.dtype_)
        except (TypeError, ValueError):
            raise ValueError("X must contain only numbers") from None
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D table (samples × features), got {X.ndim} dimension(s)")
        m, n = X.shape
        if m == 0:
            raise ValueError("X is empty: there are no samples")
        if n != self.dims_[0]:
            raise ValueError(f"X has {n} feature(s) but the network's input layer expects {self.dims_[0]}")
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinite values")
        Xc = np.ascontiguousarray(X.T)
        if y is None:
            return Xc, None
        return Xc, self._encode_targets(y, m)

    def _encode_targets(self, y, m: int) -> np.ndarray:
        try:
            y = np.asarray(y, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("y must contain only numbers") from None
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1 or y.shape[0] != m:
            raise ValueError(f"y must be one value per sample ({m}), got shape {y.shape}")
        if not np.isfinite(y).all():
            raise ValueError("y contains NaN or infinite values")
        if self.task_ == "regression":
            return y.reshape(1, m).astype(self.dtype_)
        k = self.n_classes_
        if not np.all(y == np.round(y)) or y.min() < 0 or y.max() > k - 1:
            bad = y[(y != np.round(y)) | (y < 0) | (y > k - 1)][0]
            raise ValueError(
                f"labels must be whole numbers from 0 to {k - 1} for this {k}-class output layer; "
                f"found {bad:g}")
        labels = y.astype(np.intp)
        if self.output_ == "sigmoid":
            return labels.reshape(1, m).astype(self.dtype_)
        return np.eye(k, dtype=self.dtype_)[:, labels]

    # ---------------------------------------------------- forward / backward
    def _ones_column(self, m: int) -> np.ndarray:
        ones = self._ones.get(m)
        if ones is None:
            ones = self._ones[m] = np.ones((m, 1), dtype=self.dtype_)
        return ones

    def forward(self, Xc: np.ndarray, train: bool = False):
        """Forward pass on columns Xc (n_0, m).

        Returns (ZL, cache): ZL the output logits (n_L, m) and cache the
        per-layer (Z, A_before_dropout, A_after_dropout, mask) of hidden layers.
        Dropout only applies when train is True.
        """
        A = Xc
        cache = []
        W, b = self._W, self._b
        for l, a_name in enumerate(self.activations_):
            Z = nn.linear(W[l], A, b[l])
            A_pre = nn.activation(Z, a_name)
            keep = self._keep_probs[l]
            if train and keep < 1.0:
                mask = nn.dropout_mask(A_pre.shape, keep, self._dropout_rng, self.dtype_)
                A = A_pre * mask
            else:
                mask, A = None, A_pre
            cache.append((Z, A_pre, A, mask))
        return nn.linear(W[-1], A, b[-1]), cache

    def cost_from_logits(self, ZL: np.ndarray, Yc: np.ndarray) -> float:
        """The cost (mean loss plus the L2 term) of output logits ZL against Yc."""
        return losses.LOSS[self.output_](ZL, Yc) + losses.l2_penalty(self._W, self._l2, ZL.shape[1]) \
            + losses.l1_penalty(self._W, self._l1, ZL.shape[1])

    def backward(self, Xc: np.ndarray, Yc: np.ndarray, ZL: np.ndarray, cache) -> None:
        """Fill the flat gradient (views dW[l], db[l]) from a forward pass."""
        AL = nn.activation(ZL, self.output_)
        dZ = losses.output_gradient(self.output_, AL, ZL, Yc)
        ones = self._ones_column(Xc.shape[1])
        for l in range(len(self._W) - 1, -1, -1):
            A_prev = cache[l - 1][2] if l > 0 else Xc
            dA, _, _ = nn.linear_backward(
                dZ, (self._W[l], A_prev), self._l2, l1=self._l1,
                out=(self._dW[l], self._db[l]), ones=ones, need_dX=l > 0)
            if l > 0:
                Z, A_pre, _, mask = cache[l - 1]
                if mask is not None:
                    dA *= mask
                dZ = nn.activation_backward(dA, Z, self.activations_[l - 1], A=A_pre)

    def step_columns(self, Xc: np.ndarray, Yc: np.ndarray) -> float:
        """One optimiser step on a column batch; returns the cost before the step."""
        ZL, cache = self.forward(Xc, train=True)
        cost = self.cost_from_logits(ZL, Yc)
        self.backward(Xc, Yc, ZL, cache)
        self._optimizer.update(self._theta, self._grad, self._current_rate)
        return cost

    def cost_columns(self, Xc: np.ndarray, Yc: np.ndarray) -> float:
        return self.cost_from_logits(self.forward(Xc)[0], Yc)

    def gradients_columns(self, Xc: np.ndarray, Yc: np.ndarray, dropout: bool = False) -> np.ndarray:
        """The flat gradient vector (a copy), without updating anything."""
        ZL, cache = self.forward(Xc, train=dropout)
        self.backward(Xc, Yc, ZL, cache)
        return self._grad.copy()

    def proba_columns(self, Xc: np.ndarray) -> np.ndarray:
        """Output activations (n_L, m): probabilities, or predictions for regression."""
        return nn.activation(self.forward(Xc)[0], self.output_)

    # ------------------------------------------------------ scikit-learn API
    def gradients(self, X, y, dropout: bool = False) -> dict[str, np.ndarray]:
        """{'dW1': …, 'db1': …} of the cost at (X, y); parameters are unchanged."""
        flat = self.gradients_columns(*self.to_columns(X, y), dropout=dropout)
        grads, start = {}, 0
        for name in self._names:
            shape = self._views[name].shape
            size = int(np.prod(shape))
            grads["d" + name] = flat[start:start + size].reshape(shape)
            start += size
        return grads

    def cost(self, X, y) -> float:
        """Mean loss plus the L2 term, with dropout off."""
        return self.cost_columns(*self.to_columns(X, y))

    def step(self, X, y) -> float:
        """One optimiser step on this batch; returns the cost before the step."""
        return self.step_columns(*self.to_columns(X, y))

    def fit(self, X, y, epochs: int = 100, batch_size: int | None = None,
            callback: Callable[["Network", int, float], object] | None = None) -> "Network":
        """Train for `epochs` passes over (X, y). batch_size None = full batch.

        callback(network, epoch, last_cost) runs after every epoch; returning
        False stops training early. It runs the Trainer's loop, so it stops
        on divergence the same way: the weights go back to the last healthy
        check, `diverged_` is True, `message_` says what happened and what
        to try, and a UserWarning carries the same message.
        """
        from .trainer import TrainingLoop  # trainer.py imports this module

        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise ValueError(f"epochs must be a non-negative whole number, got {epochs!r}")
        loop = TrainingLoop(self, *self.to_columns(X, y), batch_size)
        for epoch in range(1, epochs + 1):
            loop.run_epoch()
            if loop.diverged or (callback is not None and callback(self, epoch, loop.last_cost) is False):
                break
        if not loop.diverged and loop.step_count:
            loop.check()  # the last few full-batch epochs may not have been checked yet
        self.diverged_, self.message_ = loop.diverged, loop.message
        if loop.diverged:
            warnings.warn(loop.message, UserWarning, stacklevel=2)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """(m, n_classes) class probabilities; binary networks give two columns."""
        if self.task_ == "regression":
            raise ValueError("predict_proba is for classification; this network does regression")
        P = self.proba_columns(self.to_columns(X)[0])
        if self.output_ == "sigmoid":
            P = np.vstack([1.0 - P, P])
        return P.T

    def predict(self, X) -> np.ndarray:
        """(m,) class labels, or real predictions for regression."""
        P = self.proba_columns(self.to_columns(X)[0])
        return labels_from_output(P, self.output_)

    def score(self, X, y) -> float:
        """Accuracy for classification, R² for regression."""
        y = np.asarray(y, dtype=np.float64).ravel()
        return score_predictions(self.predict(X), y, self.task_)

    # ------------------------------------------------------------ save / load
    def save(self, file, metadata: dict | None = None) -> None:
        """Write an .npz with W1, b1, … and the configuration as JSON (no pickles)."""
        header = {"format": FORMAT, "version": FORMAT_VERSION,
                  "config": self.get_params(), "metadata": metadata or self.metadata}
        np.savez(file, config=np.array(json.dumps(header)),
                 **{name: np.array(v) for name, v in self._views.items()})

    def to_bytes(self, metadata: dict | None = None) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer, metadata)
        return buffer.getvalue()

    @classmethod
    def load(cls, file, max_parameters: int = MAX_PARAMETERS) -> "Network":
        """Read a file written by save(): a path, bytes or a binary file object.

        Raises ValueError saying what is wrong with anything else. Every size is
        checked before anything is allocated (see model_file), and a file whose
        layers hold more than max_parameters weights and biases is refused. Never unpickles.
        """
        header, arrays = read_model_file(file, max_parameters)
        config = header["config"]
        unknown = sorted(set(config) - set(inspect.signature(cls).parameters))
        if unknown:
            raise ValueError(f"model file's config is invalid: unknown keys {', '.join(unknown)[:200]}")
        try:
            net = cls(**config)
        except (ValueError, TypeError) as error:
            message = str(error)
            raise ValueError(f"model file's config is invalid: {message[:300]}"
                             f"{'…' if len(message) > 300 else ''}") from None
        net.set_parameters(arrays)
        metadata = header.get("metadata", {})
        net.metadata = metadata if isinstance(metadata, dict) else {}
        return net


# ----------------------------------------------------------------- helpers
def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


def n_batches(m: int, batch_size: int | None) -> int:
    """Steps per epoch over m samples; batch_size None = full batch."""
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a positive whole number or None (full batch), got {batch_size!r}")
    size = m if batch_size is None else min(batch_size, m)
    return -(-m // size)


def minibatches(Xc: np.ndarray, Yc: np.ndarray, batch_size: int | None,
                rng: np.random.Generator) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Endless (X, Y) column batches: full batch, or shuffled epochs of slices.
    A bad batch_size raises here, not at the first next()."""
    n_batches(Xc.shape[1], batch_size)
    return _batches(Xc, Yc, batch_size, rng)


def _batches(Xc, Yc, batch_size, rng):
    m = Xc.shape[1]
    if batch_size is None or batch_size >= m:
        while True:
            yield Xc, Yc
    while True:
        order = rng.permutation(m)
        # One gather per epoch, then every batch is a cheap view.
        Xs, Ys = Xc[:, order], Yc[:, order]
        for start in range(0, m, batch_size):
            yield Xs[:, start:start + batch_size], Ys[:, start:start + batch_size]


def labels_from_output(P: np.ndarray, output: str) -> np.ndarray:
    """Column outputs (n_L, m) -> (m,) labels (or values for a linear output)."""
    if output == "linear":
        return P[0].copy()
    if output == "sigmoid":
        return (P[0] >= 0.5).astype(np.intp)
    return P.argmax(axis=0)


def score_predictions(pred: np.ndarray, y: np.ndarray, task: str) -> float:
    """Accuracy for classification, R² = 1 - SS_res/SS_tot for regression."""
    if task == "regression":
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        ss_res = float(np.sum((y - pred) ** 2))
        return 1.0 - ss_res / ss_tot if ss_tot > 0 else 0.0
    return float(np.mean(pred == y))
