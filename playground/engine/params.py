"""One flat vector holding every W[l] and b[l] of a network (and one for their
gradients), with named views into it. W[l] is (n_l, n_{l-1}), b[l] is (n_l, 1).

Because every array is a view of one vector, an optimiser step is a handful
of NumPy calls whatever the depth. Network builds on this mixin; the public
names below are read-only views, changed through set_parameters or
set_flat_parameters.
"""
from __future__ import annotations

import numpy as np


def read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


def _index(name: str, value, stop: int, what: str, low: int = 0) -> int:
    """A whole number in low…stop-1, else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value < stop:
        raise ValueError(f"{name} must be a whole number from {low} to {stop - 1} ({what}), got {value!r}")
    return int(value)


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


class FlatParameters:
    """Mixin: the parameter store of a Network."""

    def _store(self, initial: dict[str, np.ndarray]) -> None:
        """Lay the arrays of initialize_parameters out in one vector."""
        # optimiser updates all of them in a few calls.
        sizes = [a.size for a in initial.values()]
        self._theta = np.concatenate([a.ravel() for a in initial.values()])
        self._grad = np.zeros_like(self._theta)
        self._names = list(initial)
        self._views, self._grad_views = {}, {}
        start = 0
        for name, size in zip(self._names, sizes):
            shape = initial[name].shape
            self._views[name] = self._theta[start:start + size].reshape(shape)
            self._grad_views[name] = self._grad[start:start + size].reshape(shape)
            start += size
        L = len(self.dims_) - 1
        self._W = [self._views[f"W{l}"] for l in range(1, L + 1)]
        self._b = [self._views[f"b{l}"] for l in range(1, L + 1)]
        self._dW = [self._grad_views[f"W{l}"] for l in range(1, L + 1)]
        self._db = [self._grad_views[f"b{l}"] for l in range(1, L + 1)]

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """{'W1', 'b1', …}: W[l] (n_l, n_{l-1}), b[l] (n_l, 1). Live views: edit in place."""
        return dict(self._views)

    @property
    def weights(self) -> list[np.ndarray]:
        """W[1] … W[L], each (n_l, n_{l-1}): read-only views (change them with set_parameters)."""
        return [read_only(W) for W in self._W]

    @property
    def weight_gradients(self) -> list[np.ndarray]:
        """dW[1] … dW[L] from the last backward pass: read-only views."""
        return [read_only(dW) for dW in self._dW]

    @property
    def parameter_shapes(self) -> dict[str, tuple[int, ...]]:
        """{'W1': (n_1, n_0), 'b1': (n_1, 1), …} in the order of the flat vector."""
        return {name: self._views[name].shape for name in self._names}

    @property
    def flat_parameters(self) -> np.ndarray:
        """Every W and b in one vector (W1, b1, W2, … each row-major): a read-only view."""
        return read_only(self._theta)

    def set_flat_parameters(self, values: np.ndarray) -> None:
        """Overwrite every parameter from a vector laid out as flat_parameters."""
        np.copyto(self._theta, values)

    @property
    def keep_probs_(self) -> list[float]:
        """The validated keep probability of each hidden layer."""
        return list(self._keep_probs)

    def set_parameters(self, params: dict[str, np.ndarray]) -> None:
        """Copy arrays with the seed names and shapes into the network."""
        for name in self._names:
            if name not in params:
                raise ValueError(f"missing parameter {name}")
            value = np.asarray(params[name])
            if value.shape != self._views[name].shape:
                raise ValueError(f"{name} has shape {value.shape}, expected {self._views[name].shape}")
            self._views[name][...] = value

    def set_weight(self, layer: int, i: int, j: int, value: float) -> None:
        """W[layer][i, j] = value: the weight from unit j of layer-1 to unit i
        of layer (layer 1…L as in the seeds' W[l]; i, j count from 0).

        The value is written into the one flat vector in place, so the
        optimiser's state (its moments, one entry per parameter, and its step
        count) and a trainer's references stay as they were and training
        goes on from the new value; a Trainer sees the change and keeps
        these weights as the ones to go back to (engine/trainer.py)."""
        W = self._W[self._layer_index(layer) - 1]
        i = _index("unit i", i, W.shape[0], f"W[{layer}] has {W.shape[0]} rows (units of layer {layer})")
        j = _index("unit j", j, W.shape[1], f"W[{layer}] has {W.shape[1]} columns (units of layer {layer - 1})")
        W[i, j] = _finite(f"W[{layer}][{i},{j}]", value)

    def set_bias(self, layer: int, i: int, value: float) -> None:
        """b[layer][i] = value (layer 1…L, i from 0); see set_weight."""
        b = self._b[self._layer_index(layer) - 1]
        i = _index("unit i", i, b.shape[0], f"b[{layer}] has {b.shape[0]} units")
        b[i, 0] = _finite(f"b[{layer}][{i}]", value)

    def _layer_index(self, layer) -> int:
        L = len(self._W)
        return _index("layer", layer, L + 1, f"the network has layers 1…{L} (W[1]…W[{L}])", low=1)

    @property
    def step_count(self) -> int:
        return self._optimizer.t

    def reset_optimizer(self) -> None:
        self._optimizer.reset()

    @property
    def flat_gradient(self) -> np.ndarray:
        """The last computed gradient, laid out as flat_parameters: a read-only view."""
        return read_only(self._grad)
