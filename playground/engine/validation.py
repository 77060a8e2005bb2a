"""Checks of constructor and hyper-parameter values, with messages that name the argument."""
from __future__ import annotations

from typing import Sequence

import numpy as np


def as_list(value, n: int, name: str) -> list:
    """One value for every hidden layer, or a list of exactly n values."""
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name} has {len(value)} entries but the network has {n} hidden layers")
        return list(value)
    return [value] * n


def validate_keep_prob(keep_prob, n_hidden: int) -> list[float]:
    probs = as_list(keep_prob, n_hidden, "keep_prob")
    for p in probs:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 < p <= 1.0:
            raise ValueError(f"keep_prob must be in (0, 1] (1 means no dropout), got {p!r}")
    return [float(p) for p in probs]


def validate_whole(name: str, value, low: int) -> int:
    """A whole number of at least low (NumPy integers too; not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number of at least {low}, got {value!r}")
    return int(value)


def validate_number(name: str, value, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value < low or value > high or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low}, {high}], got {value}")
    return value


def layer_sizes(layer_dims) -> list | None:
    """layer_dims as a list: any sequence (list, tuple, range, 1-D NumPy array); else None."""
    if isinstance(layer_dims, np.ndarray):
        return layer_dims.tolist() if layer_dims.ndim == 1 else None
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence):
        return None
    return list(layer_dims)
