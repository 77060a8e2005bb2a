"""The one training loop (TrainingLoop) and the app's Trainer built on it.

The app calls Trainer.run(n) once per frame; Network.fit runs the same loop.
Between calls the network's learning rate, L2 and dropout may change and take
effect on the next step.

Divergence is judged on costs of one kind: the cost on the whole training set
(dropout off) at the end of an epoch, a "check", against DIVERGENCE_FACTOR
times that cost at the start. One mini-batch's cost is far noisier than the
whole set's (at batch size 1 it often exceeds ten times the starting cost in
a healthy run), so it is never compared with that limit; it and the gradient
only have to be finite. Every healthy check keeps a copy of the weights; a
divergence puts the last one back with the counters of that check, so the
network then holds weights whose cost was measured finite and within the limit.
"""
from __future__ import annotations

import math

import numpy as np

from .batches import minibatches, n_batches
from .history import HISTORY_KEYS, History  # noqa: F401 (History is imported from here too)
from .validation import validate_whole
from .estimator import labels_from_output, score_predictions
from .network import Network
from .. import nn

DIVERGENCE_FACTOR = 10.0  # a training cost this many times the starting one: the steps overshoot
MIN_START_COST = 0.1  # the limit is never below DIVERGENCE_FACTOR × this
CHECK_EVERY_STEPS = 8  # a full-batch epoch is one step: check every few of them, not each
LARGE_INPUT = 1e6  # inputs beyond this size are named as the likely cause


def _columns(network: Network, X, y) -> tuple[np.ndarray, np.ndarray]:
    """The column form; no samples give (n_0, 0) and (n_L, 0) (a drawing starts empty)."""
    if len(y):
        return network.to_columns(X, y)
    return np.zeros((network.dims_[0], 0)), np.zeros((network.dims_[-1], 0))


class TrainingLoop:
    """Step `network` over column data Xc (n_0, m), Yc (n_L, m), count epochs
    and stop on divergence (see the module docstring).

    batch_size None means full batch (one step per epoch, as in the seeds).
    After a divergence `diverged` is True, `message` says what happened and
    what to try, and run() does nothing until clear_divergence().
    """

    def __init__(self, network: Network, Xc: np.ndarray, Yc: np.ndarray, batch_size: int | None = None):
        self.network, self.Xc, self.Yc = network, Xc, Yc
        self.epoch = self.step_count = 0
        self.diverged, self.message = False, ""
        self.last_cost = float("nan")  # the last step's batch cost (before that step)
        self._theta, self._grad = network.flat_parameters, network.flat_gradient
        self._input_peak = float(np.abs(Xc).max(initial=0.0))
        self.batch_size = batch_size
        with np.errstate(all="ignore"):
            self.start_cost = self._epoch_cost()
        self._limit = DIVERGENCE_FACTOR * max(self.start_cost, MIN_START_COST)
        self._keep(self.start_cost)
        if not math.isfinite(self.start_cost) and Xc.shape[1]:
            self._diverge(self.start_cost, "cost")

    @property
    def batch_size(self) -> int | None:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        """May change between run() calls; the next epoch starts afresh."""
        self._per_epoch = n_batches(self.Xc.shape[1], value)
        self._batch_size = value
        self._restart_epoch()

    @property
    def steps_per_epoch(self) -> int:
        return self._per_epoch

    def _restart_epoch(self) -> None:
        rng = np.random.default_rng([int(self.network.seed), 2, self.epoch])
        self._batches = minibatches(self.Xc, self.Yc, self._batch_size, rng)
        self._step_in_epoch = 0

    @property
    def steps_left_in_epoch(self) -> int:
        """Steps until the current epoch ends (a whole epoch at its start)."""
        return self._per_epoch - self._step_in_epoch

    def run(self, n_steps: int = 1) -> int:
        """Advance up to n_steps optimiser steps; returns how many were taken."""
        n_steps = validate_whole("n_steps", n_steps, 0)
        if self.diverged or not self.Xc.shape[1]:  # no data: nothing to step on
            return 0
        net, theta, grad = self.network, self._theta, self._grad
        if not np.array_equal(theta, self._left):  # weights set from outside: go back to these, not older ones
            with np.errstate(all="ignore"):
                self._keep(self._epoch_cost())
        taken = 0
        with np.errstate(all="ignore"):
            for _ in range(n_steps):
                cost = self.last_cost = net.step_columns(*next(self._batches))
                if not math.isfinite(cost) or not math.isfinite(grad @ grad):
                    self._diverge(cost, "cost" if not math.isfinite(cost) else "gradient")
                    break
                taken += 1
                self.step_count += 1
                self._step_in_epoch += 1
                if self._step_in_epoch == self._per_epoch:
                    self._step_in_epoch = 0
                    self.epoch += 1
                    net.set_epoch(self.epoch)
                    if not self._epoch_done():
                        break
            if not self.diverged and not np.isfinite(theta).all():
                self._diverge(float("nan"), "weights")
        np.copyto(self._left, theta)
        return taken

    def run_epoch(self) -> int:
        """Finish the current epoch (or run a whole one if at its start)."""
        return self.run(self._per_epoch - self._step_in_epoch)

    def check(self, cost: float | None = None) -> bool:
        """Judge the training cost now (or the given one, measured now);
        keep the weights if healthy, else go back to the last kept ones."""
        if cost is None:
            with np.errstate(all="ignore"):
                cost = self._epoch_cost()
        if math.isfinite(cost) and cost <= self._limit:
            self._keep(cost)
            return True
        self._diverge(cost, "cost")
        return False

    def _epoch_done(self) -> bool:
        """At the end of an epoch; False once training diverged."""
        return self.step_count - self._kept[2] < CHECK_EVERY_STEPS or self.check()

    def _epoch_cost(self) -> float:
        return self.network.cost_columns(self.Xc, self.Yc) if self.Xc.shape[1] else float("nan")

    def _keep(self, cost: float) -> None:
        self._kept = (self._theta.copy(), self.epoch, self.step_count, cost)
        self._left = self._theta.copy()

    def _diverge(self, cost: float, what: str) -> None:
        stopped_at = self.epoch
        theta, self.epoch, self.step_count, kept_cost = self._kept
        self.network.set_flat_parameters(theta)
        self.network.set_epoch(self.epoch)
        np.copyto(self._left, theta)
        self.network.reset_optimizer()
        self._restart_epoch()
        self.diverged = True
        if self._input_peak > LARGE_INPUT:
            advice = f"The inputs are very large (up to {self._input_peak:.3g}): scale them to about -1…1."
        else:
            advice = (f"Try a smaller learning rate (now {self.network.learning_rate:g})"
                      + (" or a smaller L2 λ" if self.network.l2 >= 1 else "") + ", then train again.")
        if not math.isfinite(self.start_cost):
            self.message = f"Training cannot start: the training cost of the initial weights is {cost}. {advice}"
            return
        if what == "gradient":
            cause = "the gradient overflowed"
        elif what == "weights":
            cause = "the weights became infinite or nan"
        elif not math.isfinite(cost):
            cause = f"the training cost became {cost}"
        else:
            cause = (f"the training cost rose to {cost:.3g}, over {DIVERGENCE_FACTOR:g} times its starting "
                     f"value {self.start_cost:.3g}")
        cost_then = f" (training cost {kept_cost:.4g})" if math.isfinite(kept_cost) else ""
        self.message = (f"Training stopped at epoch {stopped_at}: {cause} (it diverged). The weights are back "
                        f"to those of epoch {self.epoch}{cost_then}. {advice}")

    def clear_divergence(self) -> None:
        """Allow training to continue (e.g. after the learning rate was lowered)."""
        self.diverged = False
        self.message = ""


class Trainer(TrainingLoop):
    """Train `network` on `dataset` (a playground.data.Dataset) step by step,
    recording per-epoch metrics in `history` (at most history_points rows).

    After a divergence the last history row and evaluate() describe the
    weights it went back to.
    """

    def __init__(self, network: Network, dataset, batch_size: int | None = None,
                 history_points: int = 1000):
        self._joined = None  # (train and test columns, them side by side): see evaluate
        self.dataset = dataset
        self.history = History(validate_whole("history_points", history_points, 2))
        self.Xc_test, self.Yc_test = network.to_columns(dataset.X_test, dataset.y_test) \
            if len(dataset.y_test) else (None, None)
        super().__init__(network, *_columns(network, dataset.X_train, dataset.y_train), batch_size)
        if not self.history.rows:
            self._record()  # the starting point

    def set_dataset(self, dataset) -> None:
        """Train on other data from the next step on (points drawn or erased):
        the weights, optimiser state, counters and history go on. The new data
        is checked before anything changes; the divergence limit is measured
        afresh on it (one new misclassified point may raise the cost a lot)."""
        train = _columns(self.network, dataset.X_train, dataset.y_train)
        test = self.network.to_columns(dataset.X_test, dataset.y_test) if len(dataset.y_test) else (None, None)
        self.dataset, (self.Xc, self.Yc), (self.Xc_test, self.Yc_test) = dataset, train, test
        self._input_peak = float(np.abs(self.Xc).max(initial=0.0))
        with np.errstate(all="ignore"):
            cost = self._epoch_cost()
        if math.isfinite(cost):
            self.start_cost, self._limit = cost, DIVERGENCE_FACTOR * max(cost, MIN_START_COST)
            self._keep(cost)
        self.batch_size = self.batch_size  # the epoch starts afresh on the new data

    def _epoch_done(self) -> bool:
        if not self.history.wants(self.epoch):
            return super()._epoch_done()
        metrics = self.evaluate()  # its training cost serves as the check
        if self.check(metrics["train_cost"]):
            self._add(metrics)
            return True
        return False

    def _diverge(self, cost: float, what: str) -> None:
        super()._diverge(cost, what)
        last = self.history.last()
        if last is not None and last["epoch"] == self.epoch:
            self.history.drop_newest()
        self._record()  # a row for the weights it went back to, not the discarded ones

    def evaluate(self) -> dict[str, float]:
        """Cost and accuracy (R²) on train and test, dropout off. One forward
        pass over both sets side by side: at playground sizes a pass costs
        its NumPy calls, not its columns."""
        net = self.network
        out = {f"{split}_{what}": float("nan") for split in ("train", "test") for what in ("cost", "score")}
        present = [(split, Xc, Yc, y) for split, Xc, Yc, y in (
            ("train", self.Xc, self.Yc, self.dataset.y_train), ("test", self.Xc_test, self.Yc_test, self.dataset.y_test))
            if Xc is not None and Xc.shape[1]]
        if not present:
            return out
        with np.errstate(all="ignore"):
            ZL, _ = net.forward(self._side_by_side([Xc for _, Xc, _, _ in present]))
            pred = labels_from_output(nn.activation(ZL, net.output_), net.output_)
            start = 0
            for split, Xc, Yc, y in present:
                end = start + Xc.shape[1]
                out[f"{split}_cost"] = net.cost_from_logits(ZL[:, start:end], Yc)
                out[f"{split}_score"] = score_predictions(pred[start:end], np.asarray(y, dtype=float), net.task_)
                start = end
        return out

    def _side_by_side(self, parts: list[np.ndarray]) -> np.ndarray:
        """The column sets joined (n_0, m_1 + m_2 …), kept while the sets are the same arrays."""
        kept = self._joined
        if kept is None or len(kept[0]) != len(parts) or any(a is not b for a, b in zip(kept[0], parts)):
            kept = self._joined = (tuple(parts), parts[0] if len(parts) == 1 else np.hstack(parts))
        return kept[1]

    def _record(self) -> None:
        self._add(self.evaluate())

    def _add(self, e: dict[str, float]) -> None:
        self.history.add(self.epoch, e["train_cost"], e["test_cost"], e["train_score"],
                         e["test_score"])
