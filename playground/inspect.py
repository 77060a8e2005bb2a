"""What the views show, computed from a network and a dataset (pure NumPy).

Everything here returns plain arrays, numbers and strings for plots.py and
the UI to draw; nothing here draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import REGISTRY
from .data import Dataset, expand_features
from .engine import Network


@dataclass
class Grid:
    """A regular grid over the data's extent: xs (nx,), ys (ny,), and the
    network inputs for every cell, in column form (n_features, ny·nx)."""
    xs: np.ndarray
    ys: np.ndarray
    Xc: np.ndarray


def make_grid(dataset: Dataset, network: Network, resolution: int = 100) -> Grid:
    x0, x1, y0, y1 = dataset.extent
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    Xc, _ = network.to_columns(expand_features(points, dataset.features))
    return Grid(xs, ys, Xc)


def boundary_values(network: Network, grid: Grid) -> np.ndarray:
    """(C, ny, nx) class probabilities (C = 1: P(class 1) for a sigmoid
    output), or (1, ny, nx) predicted values for regression."""
    with np.errstate(all="ignore"):
        P = network.proba_columns(grid.Xc)
    return P.reshape(P.shape[0], len(grid.ys), len(grid.xs))


def neuron_maps(network: Network, grid: Grid) -> list[np.ndarray]:
    """For every layer after the input, each unit's output over the grid:
    a list of (n_l, ny, nx) arrays (hidden activations, then the output)."""
    with np.errstate(all="ignore"):
        ZL, cache = network.forward(grid.Xc)
        out = network.proba_columns(grid.Xc) if network.output_ != "linear" else ZL
    shape = (len(grid.ys), len(grid.xs))
    layers = [A_pre for _, A_pre, _, _ in cache] + [out]
    return [A.reshape(A.shape[0], *shape) for A in layers]


def shape_rows(network: Network, batch_m: int) -> list[dict]:
    """One row per layer: the shapes of W, b, Z/A for a batch of m examples."""
    rows, total = [], 0
    dims = network.dims_
    for l in range(1, len(dims)):
        n, n_prev = dims[l], dims[l - 1]
        params = n * n_prev + n
        total += params
        is_output = l == len(dims) - 1
        rows.append({
            "layer": f"{l} ({'output' if is_output else 'hidden'})",
            "activation": network.output_ if is_output else network.activations_[l - 1],
            "W": f"{n} × {n_prev}", "b": f"{n} × 1", "Z, A": f"{n} × {batch_m}",
            "parameters": params,
        })
    rows.append({"layer": "total", "activation": "", "W": "", "b": "", "Z, A": "", "parameters": total})
    return rows


def layer_weights(network: Network) -> list[np.ndarray]:
    """Copies of W[1]…W[L], for drawing edges."""
    return [W.copy() for W in network.weights]


# --------------------------------------------------------- bounded recorders
class Thinned:
    """At most `capacity` items offered at growing step numbers, roughly evenly
    spaced: an item is kept when at least `stride` steps have passed since the
    last one; when full, every other item goes and the stride doubles."""

    def __init__(self, capacity: int = 100):
        self.capacity, self.stride, self.items = capacity, 1, []

    def offer(self, step: int, make) -> None:
        """Keep make() for this step if it is due (make is only called then)."""
        if self.items and step < self.items[-1][0] + self.stride:
            return
        self.items.append((step, make()))
        if len(self.items) >= self.capacity:
            self.items = self.items[::2]
            self.stride *= 2

    def __len__(self) -> int:
        return len(self.items)


def boundary_snapshot(network: Network, grid: Grid) -> np.ndarray:
    """The boundary values quantised to uint8 (a 100×100 grid is 10 kB per class)."""
    values = np.nan_to_num(boundary_values(network, grid), nan=0.0)
    if network.output_ == "linear":
        peak = max(float(np.abs(values).max()), 1e-12)
        return np.round((values / peak + 1) * 127.5).astype(np.uint8)
    return np.round(values * 255).astype(np.uint8)


def snapshot_values(snapshot: np.ndarray) -> np.ndarray:
    """Back to [0, 1] probabilities (or [-1, 1] scaled predictions)."""
    return snapshot.astype(float) / 255.0


def layer_stats(network: Network, Xc: np.ndarray, Yc: np.ndarray) -> dict[str, list[float]]:
    """Per hidden/output layer, dropout off:
    weight_norm ‖W‖, grad_norm ‖dW‖, dead (share of ReLU units inactive on
    every example) and saturated (share of sigmoid/tanh outputs within 2% of
    their limits)."""
    with np.errstate(all="ignore"):
        ZL, cache = network.forward(Xc)
        if Xc.shape[1]:  # no data (a drawing just begun): weights only, no gradient
            network.backward(Xc, Yc, ZL, cache)
    stats = {"weight_norm": [], "grad_norm": [], "dead": [], "saturated": []}
    for l, (W, dW) in enumerate(zip(network.weights, network.weight_gradients)):
        stats["weight_norm"].append(float(np.linalg.norm(W)))
        stats["grad_norm"].append(float(np.linalg.norm(dW)) if Xc.shape[1] else float("nan"))
        if l < len(cache) and Xc.shape[1]:
            A, act = cache[l][1], REGISTRY[network.activations_[l]]
            dead = float(np.mean(np.all(A <= 0, axis=1))) if act.can_die else 0.0
            saturated = float(np.mean(act.saturated(A))) if act.saturated else 0.0
        else:
            dead = saturated = 0.0
        stats["dead"].append(dead)
        stats["saturated"].append(saturated)
    return stats


def hidden_activations(network: Network, Xc: np.ndarray) -> list[np.ndarray]:
    """Each hidden layer's activations (n_l, m) on Xc, dropout off."""
    with np.errstate(all="ignore"):
        _, cache = network.forward(Xc)
    return [A for _, A, _, _ in cache]
