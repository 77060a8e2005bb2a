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
import zipfile
from typing import Callable, Iterator, Sequence

import numpy as np

from .. import nn
from . import losses
from .optimizers import OPTIMIZERS, make_optimizer

FORMAT = "playground-network"
FORMAT_VERSION = 1
MAX_MODEL_BYTES = 64 * 2**20  # refuse .npz files that unpack to more than this
DTYPES = ("float64", "float32")
MAX_LAYERS = 32  # hidden layers a model file may declare
MAX_UNITS = 4096  # units per layer a model file may declare


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
    keep_prob    inverted-dropout keep probability per hidden layer (1 = off)
    optimizer    'sgd', 'momentum', 'adam'
    """

    def __init__(
        self,
        layer_dims: Sequence[int],
        activation: str | Sequence[str] = "relu",
        output: str | None = None,
        init: str = "he",
        l2: float = 0.0,
        keep_prob: float | Sequence[float] = 1.0,
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        momentum: float = 0.9,
        seed: int = 0,
        dtype: str = "float64",
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
        self.learning_rate = learning_rate
        self.keep_prob = keep_prob
        self.metadata: dict = {}
        self._build()

    # ----------------------------------------------------------- construction
    @staticmethod
    def _layer_sizes(layer_dims) -> list | None:
        """layer_dims as a list: any sequence (list, tuple, range, 1-D NumPy array); else None."""
        if isinstance(layer_dims, np.ndarray):
            return layer_dims.tolist() if layer_dims.ndim == 1 else None
        if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence):
            return None
        return list(layer_dims)

    def _build(self) -> None:
        dims = self._layer_sizes(self.layer_dims)
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
        self._keep_probs = _validate_keep_prob(self._keep_prob, n_hidden)
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

    @property
    def l2(self) -> float:
        return self._l2

    @l2.setter
    def l2(self, value: float) -> None:
        self._l2 = _validate_number("l2", value, 0.0, 1e3)

    @property
    def keep_prob(self):
        return self._keep_prob

    @keep_prob.setter
    def keep_prob(self, value) -> None:
        dims = self._layer_sizes(self.layer_dims)
        n_hidden = len(dims) - 2 if dims else 0
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
            "keep_prob": plain(self.keep_prob),
            "optimizer": self.optimizer,
            "learning_rate": self.learning_rate,
            "momentum": self.momentum,
            "seed": int(self.seed),
            "dtype": self.dtype,
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Network({args})"

    # ------------------------------------------------------------- parameters
    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """{'W1', 'b1', …}: W[l] (n_l, n_{l-1}), b[l] (n_l, 1). Live views: edit in place."""
        return dict(self._views)

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

    def _cost_from_logits(self, ZL: np.ndarray, Yc: np.ndarray) -> float:
        return losses.LOSS[self.output_](ZL, Yc) + losses.l2_penalty(self._W, self._l2, ZL.shape[1])

    def backward(self, Xc: np.ndarray, Yc: np.ndarray, ZL: np.ndarray, cache) -> None:
        """Fill the flat gradient (views dW[l], db[l]) from a forward pass."""
        AL = nn.activation(ZL, self.output_)
        dZ = losses.output_gradient(self.output_, AL, ZL, Yc)
        ones = self._ones_column(Xc.shape[1])
        for l in range(len(self._W) - 1, -1, -1):
            A_prev = cache[l - 1][2] if l > 0 else Xc
            dA, _, _ = nn.linear_backward(
                dZ, (self._W[l], A_prev), self._l2,
                out=(self._dW[l], self._db[l]), ones=ones, need_dX=l > 0)
            if l > 0:
                Z, A_pre, _, mask = cache[l - 1]
                if mask is not None:
                    dA *= mask
                dZ = nn.activation_backward(dA, Z, self.activations_[l - 1], A=A_pre)

    def step_columns(self, Xc: np.ndarray, Yc: np.ndarray) -> float:
        """One optimiser step on a column batch; returns the cost before the step."""
        ZL, cache = self.forward(Xc, train=True)
        cost = self._cost_from_logits(ZL, Yc)
        self.backward(Xc, Yc, ZL, cache)
        self._optimizer.update(self._theta, self._grad, self._learning_rate)
        return cost

    def cost_columns(self, Xc: np.ndarray, Yc: np.ndarray) -> float:
        return self._cost_from_logits(self.forward(Xc)[0], Yc)

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
        False stops training early.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise ValueError(f"epochs must be a non-negative whole number, got {epochs!r}")
        Xc, Yc = self.to_columns(X, y)
        batches = minibatches(Xc, Yc, batch_size, np.random.default_rng([int(self.seed), 2]))
        per_epoch = n_batches(Xc.shape[1], batch_size)
        for epoch in range(1, epochs + 1):
            for _ in range(per_epoch):
                cost = self.step_columns(*next(batches))
            if callback is not None and callback(self, epoch, cost) is False:
                break
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
    @staticmethod
    def file_name(path) -> str:
        """The file save(path) writes: path with '.npz' appended unless it ends so (numpy's rule)."""
        path = os.fspath(path)
        if not isinstance(path, str) or not path:
            raise ValueError(f"a model file name must be non-empty text, got {path!r}")
        return path if path.endswith(".npz") else path + ".npz"

    def save(self, file, metadata: dict | None = None) -> str | None:
        """Write an .npz with W1, b1, … and the configuration as JSON (no pickles).

        file is a path or a binary file object. Returns the name of the file really
        written, which is file_name(path): save("model") writes and returns
        "model.npz". Returns None for a file object. A path naming an existing
        directory is refused with ValueError.
        """
        header = {"format": FORMAT, "version": FORMAT_VERSION,
                  "config": self.get_params(), "metadata": metadata or self.metadata}
        written = None
        if not hasattr(file, "write"):
            written = self.file_name(file)
            if os.path.isdir(file) or os.path.isdir(written):
                raise ValueError(f"cannot save the model to {os.fspath(file)}: it is a directory; "
                                 f"give a file name such as {os.path.join(os.fspath(file), 'model.npz')}")
            file = written
        np.savez(file, config=np.array(json.dumps(header)),
                 **{name: np.array(v) for name, v in self._views.items()})
        return written

    def to_bytes(self, metadata: dict | None = None) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer, metadata)
        return buffer.getvalue()

    @classmethod
    def load(cls, file) -> "Network":
        """Read a file written by save(): a path, bytes or a binary file object.

        Raises ValueError saying what is wrong with anything else. Never unpickles.
        """
        if isinstance(file, (bytes, bytearray)):
            file = io.BytesIO(file)
        elif isinstance(file, (str, os.PathLike)):
            if not os.path.isfile(file):
                raise ValueError(f"no such model file: {file}")
            with open(file, "rb") as handle:
                return cls.load(handle.read())
        head = file.read(2)
        file.seek(0)
        if head[:1] == b"\x80":
            raise ValueError("model file refused: it is a pickled Python object, which is never "
                             "loaded because unpickling can run code")
        if not zipfile.is_zipfile(file):
            raise ValueError("not a model file: an .npz model is a zip archive, and this is not one")
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > 64:
                raise ValueError(f"not a model file: it holds {len(infos)} entries")
            if sum(i.file_size for i in infos) > MAX_MODEL_BYTES:
                raise ValueError(f"model file too large: it unpacks to more than {MAX_MODEL_BYTES // 2**20} MB")
        file.seek(0)
        arrays = {}
        try:
            with np.load(file, allow_pickle=False) as data:
                for key in data.files:
                    arrays[key] = data[key]
                    if not isinstance(arrays[key], np.ndarray):  # a member that is not .npy data
                        raise ValueError(f"entry {key!r} is not an array")
        except ValueError as error:
            if "pickle" in str(error).lower():
                raise ValueError("model file refused: it contains pickled Python objects") from None
            raise ValueError(f"model file is damaged: {error}") from None
        except (OSError, EOFError, zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError) as error:
            raise ValueError(f"model file is damaged: {error}") from None
        if "config" not in arrays:
            raise ValueError("not a model file: it has no 'config' entry")
        config_array = arrays.pop("config")
        if config_array.shape != () or config_array.dtype.kind != "U":
            raise ValueError("model file's config entry is not a JSON text")
        try:
            header = json.loads(str(config_array))
        except json.JSONDecodeError as error:
            raise ValueError(f"model file's config is not valid JSON: {error}") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("not a playground model file (the format tag is missing)")
        if header.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported model file version {header.get('version')!r}")
        config = header.get("config")
        if not isinstance(config, dict) or "layer_dims" not in config:
            raise ValueError("model file's config is invalid: it has no layer_dims")
        unknown = sorted(set(config) - set(inspect.signature(cls).parameters))
        if unknown:
            raise ValueError(f"model file's config is invalid: unknown keys {', '.join(unknown)}")
        dims = config["layer_dims"]
        if not isinstance(dims, list) or len(dims) > MAX_LAYERS + 2:
            raise ValueError(f"model file's layer_dims must be a list of at most {MAX_LAYERS + 2} sizes")
        if any(isinstance(n, int) and n > MAX_UNITS for n in dims):
            raise ValueError(f"model file's layers may have at most {MAX_UNITS} units")
        try:
            net = cls(**config)
        except (ValueError, TypeError) as error:
            raise ValueError(f"model file's config is invalid: {error}") from None
        expected = set(net._names)
        if set(arrays) != expected:
            missing, extra = sorted(expected - set(arrays)), sorted(set(arrays) - expected)
            raise ValueError(
                "model file's arrays do not match its layers"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unexpected {', '.join(extra)}" if extra else ""))
        for name, value in arrays.items():
            if value.dtype.kind not in "fiu":
                raise ValueError(f"{name} is not numeric (dtype {value.dtype})")
            if value.shape != net._views[name].shape:
                raise ValueError(f"{name} has shape {value.shape}, expected {net._views[name].shape}")
            if not np.isfinite(value).all():
                raise ValueError(f"{name} contains NaN or infinite values")
        net.set_parameters(arrays)
        metadata = header.get("metadata", {})
        net.metadata = metadata if isinstance(metadata, dict) else {}
        return net


# ----------------------------------------------------------------- helpers
def n_batches(m: int, batch_size: int | None) -> int:
    size = m if batch_size is None else min(batch_size, m)
    return -(-m // size)


def minibatches(Xc: np.ndarray, Yc: np.ndarray, batch_size: int | None,
                rng: np.random.Generator) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Endless (X, Y) column batches: full batch, or shuffled epochs of slices."""
    m = Xc.shape[1]
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a positive whole number or None, got {batch_size!r}")
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
