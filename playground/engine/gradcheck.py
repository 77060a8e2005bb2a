"""Numerical gradient check: backpropagation against central differences."""
from __future__ import annotations

import numpy as np

from .network import Network


def gradient_check(network: Network, X, y, eps: float = 1e-6, max_per_array: int | None = None,
                   seed: int = 0) -> dict[str, dict]:
    """Compare each parameter array's backprop gradient with (J(θ+ε) - J(θ-ε)) / 2ε.

    Dropout is off (the cost must be a fixed function of θ). With
    max_per_array, only that many randomly chosen entries of each array are
    checked, which keeps big networks fast. Returns, per name ('W1', 'b1', …),
    {'relative_error', 'max_abs_error', 'checked', 'shape'}, where
    relative_error = ‖g - n‖ / max(‖g‖ + ‖n‖, tiny) over the checked entries.
    """
    Xc, Yc = network.to_columns(X, y)
    analytic = network.gradients_columns(Xc, Yc)
    theta = network.flat_parameters.copy()
    rng = np.random.default_rng(seed)
    report, start = {}, 0
    for name, shape in network.parameter_shapes.items():
        size = int(np.prod(shape))
        indices = np.arange(start, start + size)
        if max_per_array is not None and size > max_per_array:
            indices = np.sort(rng.choice(indices, max_per_array, replace=False))
        numeric = np.empty(len(indices))
        for k, i in enumerate(indices):
            saved = theta[i]
            theta[i] = saved + eps
            network.set_flat_parameters(theta)
            plus = network.cost_columns(Xc, Yc)
            theta[i] = saved - eps
            network.set_flat_parameters(theta)
            minus = network.cost_columns(Xc, Yc)
            theta[i] = saved
            numeric[k] = (plus - minus) / (2 * eps)
        grad = analytic[indices]
        diff = np.linalg.norm(grad - numeric)
        denominator = np.linalg.norm(grad) + np.linalg.norm(numeric)
        report[name] = {
            "relative_error": float(diff / denominator) if denominator > 1e-300 else 0.0,
            "max_abs_error": float(np.max(np.abs(grad - numeric))) if len(indices) else 0.0,
            "checked": int(len(indices)),
            "shape": tuple(shape),
        }
        start += size
    network.set_flat_parameters(theta)
    return report
