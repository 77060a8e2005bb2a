"""Per-epoch training metrics with bounded memory (the Trainer's history)."""
from __future__ import annotations

import numpy as np

HISTORY_KEYS = ("epoch", "train_cost", "test_cost", "train_score", "test_score")


def _whole(name: str, value, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number of at least {low}, got {value!r}")
    return int(value)


class History:
    """Per-epoch metrics with bounded memory.

    It records every `stride`-th epoch (row[0] is the epoch); when `max_points`
    are held it doubles the stride and keeps only the rows on it, so a long run
    keeps an evenly spaced summary of at most max_points rows. The newest row
    is always kept (the numbers shown describe the current weights), even off
    the stride; such a row gives way to the next one added.
    """

    def __init__(self, max_points: int = 1000):
        self.max_points = _whole("max_points", max_points, 2)
        self.stride = 1
        self.rows: list[tuple[float, ...]] = []

    def wants(self, epoch: int) -> bool:
        return epoch % self.stride == 0

    def add(self, *row: float) -> None:
        if self.rows and int(self.rows[-1][0]) % self.stride:
            self.rows.pop()
        self.rows.append(tuple(float(v) for v in row))
        if len(self.rows) >= self.max_points:
            self.stride *= 2
            self.rows = [r for r in self.rows[:-1] if int(r[0]) % self.stride == 0] + self.rows[-1:]

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
