"""Per-epoch training metrics with bounded memory (the Trainer's history): a
Recorder (engine/recorder.py, the one bounded recorder) keyed by epoch."""
from __future__ import annotations

import numpy as np

from .recorder import Recorder
from .validation import validate_whole

HISTORY_KEYS = ("epoch", "train_cost", "test_cost", "train_score", "test_score")


class History(Recorder):
    """Per-epoch metrics in bounded memory (a Recorder keyed by epoch): each
    row is (epoch, *HISTORY_KEYS[1:]), at most max_points rows, evenly
    thinned as a run grows; the newest row is always held."""

    def __init__(self, max_points: int = 1000):
        super().__init__(validate_whole("max_points", max_points, 2))

    @property
    def max_points(self) -> int:
        return self.capacity

    @property
    def rows(self) -> list[tuple[float, ...]]:
        return self.items

    def wants(self, epoch: int) -> bool:
        return self.due(epoch)

    def add(self, *row: float) -> None:
        row = tuple(float(v) for v in row)
        super().add(row[0], row)

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
