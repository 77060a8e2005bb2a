"""Optimisers that update one flat parameter vector in place from one flat gradient.

The network keeps all W[l] and b[l] as views into a single contiguous vector,
so an update is a handful of NumPy calls whatever the depth. The learning rate
is passed on every step, so changing it mid-training takes effect at once.
"""
from __future__ import annotations

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")


class SGD:
    """θ ← θ - α·g"""

    def __init__(self, size: int, dtype=np.float64):
        self.t = 0

    def update(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        theta -= lr * grad

    def reset(self) -> None:
        self.t = 0


class Momentum:
    """v ← β·v + (1-β)·g;  θ ← θ - α·v   (exponentially averaged gradient)."""

    def __init__(self, size: int, dtype=np.float64, beta: float = 0.9):
        self.beta = beta
        self.v = np.zeros(size, dtype=dtype)
        self.t = 0

    def update(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        self.v *= self.beta
        self.v += (1.0 - self.beta) * grad
        theta -= lr * self.v

    def reset(self) -> None:
        self.t = 0
        self.v.fill(0.0)


class Adam:
    """Adam (Kingma & Ba) with bias correction folded into the step size."""

    def __init__(self, size: int, dtype=np.float64, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = np.zeros(size, dtype=dtype)
        self.v = np.zeros(size, dtype=dtype)
        self._scratch = np.zeros(size, dtype=dtype)
        self.t = 0

    def update(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        b1, b2, s = self.beta1, self.beta2, self._scratch
        self.m *= b1
        self.m += (1.0 - b1) * grad
        np.multiply(grad, grad, out=s)
        s *= 1.0 - b2
        self.v *= b2
        self.v += s
        # α_t = α·sqrt(1-β2^t)/(1-β1^t); ε is scaled alike so the step equals
        # the textbook m̂ / (sqrt(v̂) + ε).
        correction = np.sqrt(1.0 - b2 ** self.t)
        step = lr * correction / (1.0 - b1 ** self.t)
        np.sqrt(self.v, out=s)
        s += self.eps * correction
        np.divide(self.m, s, out=s)
        s *= step
        theta -= s

    def reset(self) -> None:
        self.t = 0
        self.m.fill(0.0)
        self.v.fill(0.0)


def make_optimizer(name: str, size: int, dtype=np.float64, momentum: float = 0.9):
    if name == "sgd":
        return SGD(size, dtype)
    if name == "momentum":
        return Momentum(size, dtype, beta=momentum)
    if name == "adam":
        return Adam(size, dtype)
    raise ValueError(f"unknown optimiser {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
