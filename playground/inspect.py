"""What the views show, computed from a network and a dataset (pure NumPy).

Everything here returns plain arrays, numbers and strings for plots.py and
the UI to draw; nothing here draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import nn
from .activations import REGISTRY
from .data import Dataset, expand_features
from .engine import Network


# Pictures are computed in float32 (see Network.forward's dtype): a colour
# holds 1/255, far above float32's 1e-7.
PICTURE_DTYPE = np.float32


@dataclass
class Grid:
    """A regular grid over the data's extent: xs (nx,), ys (ny,), and the
    network inputs for every cell, in column form (n_features, ny·nx), as PICTURE_DTYPE."""
    xs: np.ndarray
    ys: np.ndarray
    Xc: np.ndarray


def make_grid(dataset: Dataset, network: Network, resolution: int = 100) -> Grid:
    x0, x1, y0, y1 = dataset.extent
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    Xc, _ = network.to_columns(expand_features(points, dataset.features))
    return Grid(xs, ys, Xc.astype(PICTURE_DTYPE))


def boundary_values(network: Network, grid: Grid) -> np.ndarray:
    """(C, ny, nx) class probabilities (C = 1: P(class 1) for a sigmoid
    output), or (1, ny, nx) predicted values for regression."""
    with np.errstate(all="ignore"):
        P = network.proba_columns(grid.Xc, dtype=PICTURE_DTYPE)
    return P.reshape(P.shape[0], len(grid.ys), len(grid.xs))


def neuron_maps(network: Network, grid: Grid) -> list[np.ndarray]:
    """For every layer after the input, each unit's output over the grid:
    a list of (n_l, ny, nx) arrays (hidden activations, then the output)."""
    with np.errstate(all="ignore"):
        ZL, cache = network.forward(grid.Xc, dtype=PICTURE_DTYPE)
        out = nn.activation(ZL, network.output_)
    shape = (len(grid.ys), len(grid.xs))
    layers = [A_pre for _, A_pre, _, _ in cache] + [out]
    return [A.reshape(A.shape[0], *shape) for A in layers]


def neuron_map(network: Network, grid: Grid, layer: int, unit: int) -> np.ndarray:
    """One unit's output over the grid, (ny, nx): layer 0 is the inputs (the
    network's input features), 1…L as in neuron_maps."""
    shape = (len(grid.ys), len(grid.xs))
    if layer == 0:
        return grid.Xc[unit].reshape(shape)
    return neuron_maps(network, grid)[layer - 1][unit]


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


def colour_bound(dataset: Dataset) -> float:
    """Regression's colour scale runs from -bound to bound: the largest |target|
    of the data (1 if none), fixed per data so the picture does not rescale
    while the model trains (a prediction beyond it shows at full colour)."""
    y = np.concatenate([dataset.y_train, dataset.y_test]).astype(float)
    y = np.abs(y[np.isfinite(y)])
    return float(y.max()) if y.size and y.max() > 0 else 1.0


def layer_biases(network: Network) -> list[np.ndarray]:
    """Copies of b[1]…b[L], for drawing bias marks."""
    params = network.parameters
    return [params[f"b{l}"].copy() for l in range(1, len(network.dims_))]



def boundary_snapshot(network: Network, grid: Grid, bound: float | None = None,
                      values: np.ndarray | None = None) -> np.ndarray:
    """The boundary values quantised to uint8 (a 100×100 grid is 10 kB per class).
    Regression: scaled by bound (see colour_bound; the largest |value| if None).
    values: boundary_values(network, grid) when the caller has them already."""
    values = np.nan_to_num(boundary_values(network, grid) if values is None else values, nan=0.0)
    if network.output_ == "linear":
        peak = max(float(np.abs(values).max()), 1e-12) if bound is None else bound
        return np.round((np.clip(values / peak, -1, 1) + 1) * 127.5).astype(np.uint8)
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


# ------------------------------------------------------------ reading the picture
def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """(C, C) counts: row = true class, column = predicted class."""
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return counts


def confusion_on_test(network: Network, dataset: Dataset) -> tuple[np.ndarray, str]:
    """The confusion matrix on the test set (the training set when there is no
    test set) and which set it is: 'test' or 'train'."""
    X, y, which = dataset.X_test, dataset.y_test, "test"
    if len(y) == 0:
        X, y, which = dataset.X_train, dataset.y_train, "train"
    with np.errstate(all="ignore"):
        predicted = network.predict(X)
    return confusion_matrix(y, predicted, max(2, dataset.n_classes)), which


HIDDEN_GRID_LINES = 11  # lines of the input plane per direction in the hidden-space view
HIDDEN_GRID_SAMPLES = 41  # points along each line


@dataclass
class HiddenSpace:
    """Where a hidden layer puts the data: two of its units' activations for
    every training point, points (m, 2), and for lines of the input plane,
    across (x2 fixed; k, s, 2) and along (x1 fixed; k, s, 2), sampled s times."""
    points: np.ndarray
    across: np.ndarray
    along: np.ndarray


def layer_output(network: Network, raw_points: np.ndarray, features, layer: int) -> np.ndarray:
    """Hidden layer `layer`'s (1-based) activations (n_layer, m) for raw 2-D points (m, 2), dropout off."""
    Xc, _ = network.to_columns(expand_features(raw_points, features))
    with np.errstate(all="ignore"):
        _, cache = network.forward(Xc)
    return cache[layer - 1][1]


def hidden_space(network: Network, dataset: Dataset, layer: int, units: tuple[int, int],
                 lines: int = HIDDEN_GRID_LINES, samples: int = HIDDEN_GRID_SAMPLES) -> HiddenSpace:
    """The training points and a grid of the input plane (over the data's
    extent) mapped through the network to hidden layer `layer` (1-based), in
    the coordinates of two of its units (0-based indices)."""
    if not 1 <= layer <= len(network.activations_):
        raise ValueError(f"layer must be a hidden layer from 1 to {len(network.activations_)}, got {layer}")
    n = network.dims_[layer]
    if not all(0 <= u < n for u in units):
        raise ValueError(f"units must be from 0 to {n - 1}, got {units}")
    x0, x1, y0, y1 = dataset.extent
    t, s = np.linspace(0, 1, lines), np.linspace(0, 1, samples)
    fx, fy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t  # where the lines are
    sx, sy = x0 + (x1 - x0) * s, y0 + (y1 - y0) * s  # the samples along them
    across = np.stack(np.broadcast_arrays(sx[None, :], fy[:, None]), axis=-1)  # (lines, samples, 2): x2 fixed
    along = np.stack(np.broadcast_arrays(fx[:, None], sy[None, :]), axis=-1)  # x1 fixed
    raw = np.concatenate([dataset.points_train, across.reshape(-1, 2), along.reshape(-1, 2)])
    A = layer_output(network, raw, dataset.features, layer)[list(units)].T.astype(float)
    m, k = len(dataset.points_train), lines * samples
    return HiddenSpace(A[:m], A[m:m + k].reshape(lines, samples, 2), A[m + k:].reshape(lines, samples, 2))
