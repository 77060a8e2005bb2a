"""Every element-wise activation, once: its function, its derivative, how the
maths view writes it, its label on the controls and when its output counts as
saturated. nn.activation, nn.activation_backward, the maths view, the
"Inside the layers" statistics and the settings table all read this registry;
adding an activation is one entry here (and its tests).

Shapes: Z and A = g(Z) are (n_l, m); every function is applied element-wise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-Z), computed without overflow for any finite Z."""
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0, e) / (1.0 + e)


@dataclass(frozen=True)
class Activation:
    name: str
    label: str
    forward: Callable[[np.ndarray], np.ndarray]  # Z -> g(Z)
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (Z, A) -> g'(Z); A = g(Z) saves recomputing
    latex: str  # g(Z)
    latex_derivative: str  # g'(Z), in terms of Z or A
    saturated: Callable[[np.ndarray], np.ndarray] | None = None  # A -> where the gradient nearly vanishes
    can_die: bool = False  # a unit whose input is negative on every example passes no gradient (ReLU)


REGISTRY: dict[str, Activation] = {a.name: a for a in (
    Activation("relu", "ReLU", lambda Z: np.maximum(Z, 0.0), lambda Z, A: Z > 0,
               r"\max(0, Z)", r"\mathbb{1}[Z > 0]", can_die=True),
    Activation("tanh", "tanh", np.tanh, lambda Z, A: 1.0 - A * A,
               r"\tanh(Z)", r"1 - A^2", saturated=lambda A: np.abs(A) > 0.96),
    Activation("sigmoid", "sigmoid", sigmoid, lambda Z, A: A * (1.0 - A),
               r"\sigma(Z) = \frac{1}{1+e^{-Z}}", r"A(1 - A)", saturated=lambda A: (A < 0.02) | (A > 0.98)),
    Activation("leaky_relu", "leaky ReLU", lambda Z: np.where(Z > 0, Z, LEAKY_SLOPE * Z),
               lambda Z, A: np.where(Z > 0, 1.0, LEAKY_SLOPE),
               rf"\max({LEAKY_SLOPE:g}Z, Z)", rf"\begin{{cases}}1 & Z>0\\{LEAKY_SLOPE:g} & Z\le 0\end{{cases}}",
               can_die=True),
    Activation("linear", "linear", lambda Z: Z, lambda Z, A: 1.0, r"Z", r"1"),
)}
HIDDEN = tuple(REGISTRY)  # every entry may be used by a hidden layer
