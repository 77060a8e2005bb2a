"""Trainer: advances a Network on a Dataset a few steps at a time.

The app calls run(n) once per frame. Between calls the network's learning
rate, L2 and dropout may change and take effect on the next step. A step whose
cost is not finite stops training and restores the last parameters whose cost
was finite, with a message that says what to try.
"""
from __future__ import annotations

import math

import numpy as np

from .network import Network, labels_from_output, minibatches, n_batches, score_predictions
from .. import nn

HISTORY_KEYS = ("epoch", "train_cost", "test_cost", "train_score", "test_score")


class History:
    """Per-epoch metrics with bounded memory.

    It records every `stride`-th epoch (row[0] is the epoch); when `max_points`
    are held it doubles the stride and keeps only the rows on it, so a long run keeps an evenly
    spaced summary of at most max_points rows.
    """

    def __init__(self, max_points: int = 1000):
        self.max_points = max_points
        self.stride = 1
        self.rows: list[tuple[float, ...]] = []

    def wants(self, epoch: int) -> bool:
        return epoch % self.stride == 0

    def add(self, *row: float) -> None:
        self.rows.append(tuple(float(v) for v in row))
        if len(self.rows) >= self.max_points:
            self.stride *= 2
            self.rows = [r for r in self.rows if int(r[0]) % self.stride == 0]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, key: str) -> np.ndarray:
        i = HISTORY_KEYS.index(key)
        return np.array([r[i] for r in self.rows], dtype=float)

    def as_dict(self) -> dict[str, list[float]]:
        return {key: [r[i] for r in self.rows] for i, key in enumerate(HISTORY_KEYS)}

    def last(self) -> dict[str, float] | None:
        return dict(zip(HISTORY_KEYS, self.rows[-1])) if self.rows else None

    def epochs_since_best(self, key: str = "test_cost") -> int:
        """Epochs from the first row with the lowest finite `key` to the newest
        row (an equal value is no improvement); 0 when none is finite."""
        values, epochs = self.column(key), self.column("epoch")
        finite = np.flatnonzero(np.isfinite(values))
        if not len(finite):
            return 0
        return int(epochs[-1] - epochs[finite[np.argmin(values[finite])]])


class Trainer:
    """Train `network` on `dataset` (a playground.data.Dataset) step by step.

    batch_size None means full batch (one step per epoch, as in the seeds).
    """

    def __init__(self, network: Network, dataset, batch_size: int | None = None,
                 history_points: int = 1000):
        self.network = network
        self.dataset = dataset
        self.Xc, self.Yc = network.to_columns(dataset.X_train, dataset.y_train)
        self.Xc_test, self.Yc_test = network.to_columns(dataset.X_test, dataset.y_test) \
            if len(dataset.y_test) else (None, None)
        self.history = History(history_points)
        self.epoch = 0
        self.step_count = 0
        self.diverged = False
        self.message = ""
        self._step_in_epoch = 0
        self._good = network._theta.copy()
        self._candidate = np.empty_like(self._good)
        self.batch_size = batch_size
        self._record()
        # A cost ten times the starting one means the steps overshoot: treat it
        # like NaN (TF Playground would show NaN a little later).
        self._cost_limit = 10.0 * max(self.history.rows[0][1], 0.1)

    @property
    def batch_size(self) -> int | None:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        """May change between run() calls; the next epoch starts afresh."""
        rng = np.random.default_rng([int(self.network.seed), 2, self.epoch])
        self._batches = minibatches(self.Xc, self.Yc, value, rng)
        self._batch_size = value
        self._per_epoch = n_batches(self.Xc.shape[1], value)
        self._step_in_epoch = 0

    @property
    def steps_per_epoch(self) -> int:
        return self._per_epoch

    @property
    def steps_left_in_epoch(self) -> int:
        """Steps until the current epoch ends (a whole epoch at its start)."""
        return self._per_epoch - self._step_in_epoch

    def run(self, n_steps: int = 1) -> int:
        """Advance up to n_steps optimiser steps; returns how many were taken."""
        if self.diverged:
            return 0
        net, theta = self.network, self.network._theta
        taken = 0
        with np.errstate(all="ignore"):
            for _ in range(n_steps):
                np.copyto(self._candidate, theta)
                cost = net.step_columns(*next(self._batches))
                if not math.isfinite(cost) or cost > self._cost_limit:
                    self._diverge(cost)
                    break
                self._good, self._candidate = self._candidate, self._good
                taken += 1
                self.step_count += 1
                self._step_in_epoch += 1
                if self._step_in_epoch == self._per_epoch:
                    self._step_in_epoch = 0
                    self.epoch += 1
                    if self.history.wants(self.epoch):
                        self._record()
            if not self.diverged and not np.isfinite(theta).all():
                self._diverge(float("nan"))
        return taken

    def run_epoch(self) -> int:
        """Finish the current epoch (or run a whole one if at its start)."""
        return self.run(self._per_epoch - self._step_in_epoch)

    def _diverge(self, cost: float) -> None:
        np.copyto(self.network._theta, self._good)
        self.network.reset_optimizer()
        self.diverged = True
        what = f"became {cost}" if not math.isfinite(cost) else \
            f"rose to {cost:.3g}, over ten times its starting value"
        self.message = (
            f"Training stopped at epoch {self.epoch}: the cost {what} (it diverged). "
            f"The weights are back to the last good step. Try a smaller learning rate "
            f"(now {self.network.learning_rate:g})"
            + (" or a smaller L2 λ" if self.network.l2 >= 1 else "") + ", then train again.")

    def clear_divergence(self) -> None:
        """Allow training to continue (e.g. after the learning rate was lowered)."""
        self.diverged = False
        self.message = ""

    def evaluate(self) -> dict[str, float]:
        """Cost and accuracy (R²) on train and test, dropout off."""
        net = self.network
        out = {}
        with np.errstate(all="ignore"):
            for split, Xc, Yc, y in (("train", self.Xc, self.Yc, self.dataset.y_train),
                                     ("test", self.Xc_test, self.Yc_test, self.dataset.y_test)):
                if Xc is None:
                    out[f"{split}_cost"] = out[f"{split}_score"] = float("nan")
                    continue
                ZL, _ = net.forward(Xc)
                out[f"{split}_cost"] = net._cost_from_logits(ZL, Yc)
                pred = labels_from_output(nn.activation(ZL, net.output_), net.output_)
                out[f"{split}_score"] = score_predictions(pred, np.asarray(y, dtype=float), net.task_)
        return out

    def _record(self) -> None:
        e = self.evaluate()
        self.history.add(self.epoch, e["train_cost"], e["test_cost"], e["train_score"], e["test_score"])
