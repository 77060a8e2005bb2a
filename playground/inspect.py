"""What the views show, computed from a network and a dataset (pure NumPy).

Everything here returns plain arrays, numbers and strings for plots.py and
the UI to draw; nothing here draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    return [W.copy() for W in network._W]
