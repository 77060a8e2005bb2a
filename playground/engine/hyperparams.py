"""The hyper-parameters a Network lets change between steps without a reset:
learning rate and its schedule, L2, L1 and dropout. Each setter validates
its value (a ValueError names the argument and the value)."""
from __future__ import annotations

from . import schedules
from .validation import layer_sizes, validate_keep_prob, validate_number


class LiveHyperParameters:
    """Mixin of Network."""

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = validate_number("learning_rate", value, 0.0, 1e3, low_open=True)
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
        self._l2 = validate_number("l2", value, 0.0, 1e3)

    @property
    def l1(self) -> float:
        return self._l1

    @l1.setter
    def l1(self, value: float) -> None:
        self._l1 = validate_number("l1", value, 0.0, 1e3)

    @property
    def keep_prob(self):
        return self._keep_prob

    @keep_prob.setter
    def keep_prob(self, value) -> None:
        dims = layer_sizes(self.layer_dims)
        n_hidden = len(dims) - 2 if dims else 0
        self._keep_probs = validate_keep_prob(value, max(n_hidden, 0))
        self._keep_prob = value
