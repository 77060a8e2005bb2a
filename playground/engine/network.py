"""Network: an L-layer fully connected network built from playground.nn.

Public methods follow scikit-learn: X is (m, n_features), one example per row,
and y is (m,) — integer class labels, or real targets for regression.
Internally everything is in the seeds' column convention (X is
(n_features, m)); `to_columns` is the one place that converts.
"""
from __future__ import annotations

import inspect
import io
from typing import Sequence

import numpy as np

from .. import nn
from . import losses
from .model_file import MAX_PARAMETERS, model_file_name, read_model_file, write_model_file
from .estimator import RowsAPI
from .optimizers import OPTIMIZERS, make_optimizer
from .hyperparams import LiveHyperParameters
from .params import FlatParameters
from .validation import as_list, layer_sizes, validate_keep_prob, validate_number

DTYPES = ("float64", "float32")


class Network(FlatParameters, LiveHyperParameters, RowsAPI):
    """A fully connected network trained by gradient descent.

    layer_dims   [n_0, n_1, …, n_L]: input size, hidden sizes, output size
    activation   hidden activation, one name or one per hidden layer
    output       None (sigmoid if n_L == 1 else softmax), or 'sigmoid',
                 'softmax', 'linear' (regression, mean squared error)
    loss         a classifier's loss: 'cross_entropy', or 'squared' (TF Playground's
                 1/(2m)·Σ(a - y)² on the output activation; see engine/losses.py)
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
        loss: str = "cross_entropy",
    ):
        self.layer_dims = layer_dims
        self.activation = activation
        self.output = output
        self.loss = loss
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
        dims = layer_sizes(self.layer_dims)
        if dims is None:
            raise ValueError(f"layer_dims must be a sequence of layer sizes such as [2, 8, 1], "
                             f"got {self.layer_dims!r}"[:200])
        if len(dims) < 2:
            raise ValueError(f"layer_dims needs an input size and an output size, e.g. [2, 8, 1], got {dims!r}")
        for n in dims:
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"every layer size must be a positive whole number, got {n!r}")
        self.dims_ = [int(n) for n in dims]
        n_hidden = len(dims) - 2
        self._keep_probs = validate_keep_prob(self._keep_prob, n_hidden)
        self.activations_ = as_list(self.activation, n_hidden, "activation")
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
        if self.loss not in losses.LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; choose one of: {', '.join(losses.LOSSES)}")
        self.task_ = "regression" if output == "linear" else "classification"
        self.n_classes_ = None if output == "linear" else max(2, dims[-1])
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimiser {self.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        self.momentum = validate_number("momentum", self.momentum, 0.0, 1.0)
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative whole number, got {self.seed!r}")
        self.dtype_ = np.dtype(self.dtype)
        initial = nn.initialize_parameters(self.dims_, self.init, seed=int(self.seed), dtype=self.dtype_)

        self._store(initial)
        self._optimizer = make_optimizer(self.optimizer, self._theta.size, self.dtype_, self.momentum)
        self._dropout_rng = np.random.default_rng([int(self.seed), 1])
        self._ones: dict[int, np.ndarray] = {}

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
            "loss": self.loss,
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Network({args})"

    # ---------------------------------------------------- forward / backward
    def _ones_column(self, m: int) -> np.ndarray:
        ones = self._ones.get(m)
        if ones is None:
            ones = self._ones[m] = np.ones((m, 1), dtype=self.dtype_)
        return ones

    def forward(self, Xc: np.ndarray, train: bool = False, dtype=None):
        """Forward pass on columns Xc (n_0, m).

        Returns (ZL, cache): ZL the output logits (n_L, m) and cache the
        per-layer (Z, A_before_dropout, A_after_dropout, mask) of hidden layers.
        Dropout only applies when train is True.

        dtype (inference only): compute in this precision with cast copies of
        the parameters. Pictures use float32: a pixel holds 1/255, and NumPy's
        float32 tanh and exp are vectorised on CPUs where the float64 ones are
        not (4x faster for the boundary's 4,096 points on an AVX2 machine).
        """
        A = Xc
        cache = []
        W, b = self._W, self._b
        if dtype is not None and np.dtype(dtype) != self.dtype_:
            if train:
                raise ValueError("dtype is for inference: train=True computes in the network's own dtype")
            W, b = [w.astype(dtype) for w in W], [v.astype(dtype) for v in b]
            A = Xc.astype(dtype, copy=False)
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
        AL = nn.activation(ZL, self.output_) if losses.squared(self.output_, self.loss) else None
        return losses.cost(self.output_, self.loss, ZL, Yc, AL) + losses.l2_penalty(self._W, self._l2, ZL.shape[1]) \
            + losses.l1_penalty(self._W, self._l1, ZL.shape[1])

    def backward(self, Xc: np.ndarray, Yc: np.ndarray, ZL: np.ndarray, cache) -> None:
        """Fill the flat gradient (views dW[l], db[l]) from a forward pass."""
        AL = nn.activation(ZL, self.output_)
        dZ = losses.output_gradient(self.output_, AL, ZL, Yc, self.loss)
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

    def proba_columns(self, Xc: np.ndarray, dtype=None) -> np.ndarray:
        """Output activations (n_L, m): probabilities, or predictions for
        regression (dtype: as in forward)."""
        return nn.activation(self.forward(Xc, dtype=dtype)[0], self.output_)

    # ------------------------------------------------------------ save / load
    file_name = staticmethod(model_file_name)

    def save(self, file, metadata: dict | None = None) -> str | None:
        """Write an .npz with W1, b1, … and the configuration as JSON (no pickles).

        file is a path or a binary file object. Returns the name of the file really
        written, which is file_name(path): save("model") writes and returns
        "model.npz". Returns None for a file object. A path naming an existing
        directory is refused with ValueError.
        """
        return write_model_file(file, self.get_params(), self.parameters, metadata or self.metadata)


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
