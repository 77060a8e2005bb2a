"""Toy 2-D datasets and TF-Playground-style feature expansion (CSV files: csvfile.py).

A Dataset keeps the raw 2-D points (for plotting) and the network's input
features computed from them. Rows are samples, as in scikit-learn.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.model_selection import train_test_split

CLASSIFICATION = ("circles", "moons", "xor", "gaussian", "spiral", "blobs3", "spiral3")
REGRESSION = ("plane", "gauss_bumps")
DATASETS = CLASSIFICATION + REGRESSION
BLOBS3_CENTRES = ((0.0, 2.0), (-1.7, -1.0), (1.7, -1.0))

FEATURES = {
    "x1": lambda P: P[:, 0],
    "x2": lambda P: P[:, 1],
    "x1^2": lambda P: P[:, 0] ** 2,
    "x2^2": lambda P: P[:, 1] ** 2,
    "x1*x2": lambda P: P[:, 0] * P[:, 1],
    "sin(πx1)": lambda P: np.sin(np.pi * P[:, 0]),  # one period over the data's [-1, 1]
    "sin(πx2)": lambda P: np.sin(np.pi * P[:, 1]),
    # Before sin(πx): on [-1, 1] sin(x) is almost x. Still computed as before for
    # model files and setups that use them, but no longer offered (settings.py).
    "sin(x1)": lambda P: np.sin(P[:, 0]),
    "sin(x2)": lambda P: np.sin(P[:, 1]),
}
RETIRED_FEATURES = {"sin(x1)": "sin(πx1)", "sin(x2)": "sin(πx2)"}  # old name -> what a link now gets


@dataclass
class Dataset:
    """Train/test split of a 2-D problem.

    X_train (m, n_features) are the network's inputs, built from the raw points
    points_train (m, 2) by `features`; y_train (m,) holds integer labels
    0..n_classes-1 or real targets (task 'regression', n_classes None).
    """
    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int | None
    task: str
    features: tuple[str, ...] = ("x1", "x2")
    points_train: np.ndarray = field(default=None, repr=False)
    points_test: np.ndarray = field(default=None, repr=False)
    frame: tuple | None = None  # a fixed plot area (x1_min, x1_max, x2_min, x2_max): drawn data keeps its plot
    edited: bool = False  # points were added or removed by hand (drawn.py)

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(x1_min, x1_max, x2_min, x2_max) of all points, with a 10% margin;
        with a frame: the frame, grown to hold every point. Kept until the
        points or the frame are replaced (every live frame asks for it)."""
        key = (self.points_train, self.points_test, self.frame)
        cached = getattr(self, "_extent_of", None)
        if cached is None or any(held is not now for held, now in zip(cached[0], key)):
            self._extent_of = cached = (key, self._measure_extent())
        return cached[1]

    def _measure_extent(self) -> tuple[float, float, float, float]:
        P = np.vstack([self.points_train, self.points_test]).reshape(-1, 2)
        if self.frame is not None:
            low, high = np.array(self.frame[::2], dtype=float), np.array(self.frame[1::2], dtype=float)
            if len(P):
                low, high = np.minimum(low, P.min(axis=0)), np.maximum(high, P.max(axis=0))
            return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
        if not len(P):
            return (-1.0, 1.0, -1.0, 1.0)
        low, high = P.min(axis=0), P.max(axis=0)
        pad = 0.1 * np.maximum(high - low, 1e-9)
        return (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])

    def with_features(self, features) -> "Dataset":
        """The same points with other input features."""
        features = check_features(features)
        return Dataset(self.name, expand_features(self.points_train, features), self.y_train,
                       expand_features(self.points_test, features), self.y_test,
                       self.n_classes, self.task, features, self.points_train, self.points_test, self.frame,
                       self.edited)


def check_features(features) -> tuple[str, ...]:
    features = tuple(features)
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from: {', '.join(FEATURES)}")
    if not features:
        raise ValueError("choose at least one input feature")
    if len(set(features)) != len(features):
        raise ValueError("each input feature may be chosen only once")
    return features


def expand_features(points: np.ndarray, features=("x1", "x2")) -> np.ndarray:
    """(m, 2) raw points -> (m, len(features)) network inputs."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    return np.column_stack([FEATURES[f](points) for f in features]) if len(points) else \
        np.empty((0, len(features)))


# ------------------------------------------------------------------ generators
def _xor(n: int, noise: float, rng: np.random.Generator):
    P = rng.uniform(-1.0, 1.0, size=(n, 2))
    P += np.sign(P) * 0.05  # a small gap along the axes, as in TF Playground
    y = (P[:, 0] * P[:, 1] > 0).astype(int)
    return P + rng.normal(scale=noise, size=P.shape), y


def _spiral(n: int, noise: float, rng: np.random.Generator, arms: int):
    counts = [n // arms + (1 if k < n % arms else 0) for k in range(arms)]
    points, labels = [], []
    for k, count in enumerate(counts):
        t = np.linspace(0.0, 1.0, count, endpoint=False) + 0.5 / max(count, 1)
        angle = 1.75 * 2 * np.pi * t + 2 * np.pi * k / arms
        P = np.column_stack([t * np.sin(angle), t * np.cos(angle)])
        points.append(P + rng.normal(scale=noise * 0.5, size=P.shape))
        labels.append(np.full(count, k))
    return np.vstack(points), np.concatenate(labels)


def _plane(n: int, noise: float, rng: np.random.Generator):
    P = rng.uniform(-1.0, 1.0, size=(n, 2))
    return P, (P[:, 0] + P[:, 1]) / 2 + rng.normal(scale=noise, size=n)


def _gauss_bumps(n: int, noise: float, rng: np.random.Generator):
    P = rng.uniform(-1.0, 1.0, size=(n, 2))
    bumps = ((-0.5, -0.5, 1.0), (0.5, 0.5, 1.0), (-0.5, 0.5, -1.0), (0.5, -0.5, -1.0))
    y = sum(s * np.exp(-((P[:, 0] - a) ** 2 + (P[:, 1] - b) ** 2) / (2 * 0.2 ** 2))
            for a, b, s in bumps)
    return P, y + rng.normal(scale=noise, size=n)


def _generate(name: str, n: int, noise: float, seed: int):
    rng = np.random.default_rng(seed)
    if name == "circles":
        return make_circles(n, noise=noise, factor=0.5, random_state=seed)
    if name == "moons":
        return make_moons(n, noise=noise, random_state=seed)
    if name == "xor":
        return _xor(n, noise, rng)
    if name == "gaussian":
        return make_blobs(n, centers=[(1.0, 1.0), (-1.0, -1.0)], cluster_std=0.35 + 2 * noise,
                          random_state=seed)
    if name == "spiral":
        return _spiral(n, noise, rng, arms=2)
    if name == "blobs3":
        return make_blobs(n, centers=BLOBS3_CENTRES, cluster_std=0.5 + 2 * noise, random_state=seed)
    if name == "spiral3":
        return _spiral(n, noise, rng, arms=3)
    if name == "plane":
        return _plane(n, noise, rng)
    return _gauss_bumps(n, noise, rng)


def split_dataset(name, P, y, task, test_ratio, seed, features) -> Dataset:
    n_classes = int(y.max()) + 1 if task == "classification" else None
    if test_ratio > 0:
        stratify = y if task == "classification" and np.bincount(y).min() >= 2 else None
        P_tr, P_te, y_tr, y_te = train_test_split(P, y, test_size=test_ratio, random_state=seed,
                                                  stratify=stratify)
    else:
        P_tr, P_te, y_tr, y_te = P, P[:0], y, y[:0]
    return Dataset(name, expand_features(P_tr, features), y_tr, expand_features(P_te, features),
                   y_te, n_classes, task, features, P_tr, P_te)


def make_dataset(name: str, n_samples: int = 500, noise: float = 0.1, test_ratio: float = 0.3,
                 seed: int = 0, features=("x1", "x2")) -> Dataset:
    """Generate one of DATASETS and split it into train and test (stratified)."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) \
            or not 10 <= n_samples <= 100_000:
        raise ValueError(f"n_samples must be a whole number from 10 to 100000, got {n_samples!r}")
    if not isinstance(noise, (int, float)) or not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise!r}")
    if not isinstance(test_ratio, (int, float)) or not 0.0 <= test_ratio <= 0.9:
        raise ValueError(f"test_ratio must be between 0 and 0.9, got {test_ratio!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    features = check_features(features)
    P, y = _generate(name, int(n_samples), float(noise), int(seed))
    task = "regression" if name in REGRESSION else "classification"
    y = np.asarray(y, dtype=float if task == "regression" else int)
    return split_dataset(name, np.asarray(P, dtype=float), y, task, test_ratio, seed, features)


from .csvfile import (MAX_CSV_BYTES, MAX_CSV_CLASSES, MAX_CSV_ROWS, MAX_CSV_VALUE, load_csv,  # noqa: E402,F401
                      to_csv)
