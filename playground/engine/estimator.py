"""The scikit-learn face of a Network: rows = samples in, rows out.

X is (m, n_features), one example per row, and y is (m,): integer class
labels, or real targets for regression. to_columns is the one place that
turns them into the seeds' column convention used inside the engine.
"""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np



class RowsAPI:
    """Mixin: fit, predict, predict_proba, score, cost, step, gradients."""

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
            callback: Callable[["RowsAPI", int, float], object] | None = None) -> "RowsAPI":
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
