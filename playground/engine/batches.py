"""Mini-batches in the column convention: X is (n_features, m), Y is (n_out, m)."""
from __future__ import annotations

from typing import Iterator

import numpy as np


def n_batches(m: int, batch_size: int | None) -> int:
    """Steps per epoch over m samples; batch_size None = full batch."""
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a positive whole number or None (full batch), got {batch_size!r}")
    if m == 0:
        return 0
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
