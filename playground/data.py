"""Toy 2-D datasets, CSV loading and TF-Playground-style feature expansion.

A Dataset keeps the raw 2-D points (for plotting) and the network's input
features computed from them. Rows are samples, as in scikit-learn.
"""
from __future__ import annotations

import csv
import io
import math
import os
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
    "sin(x1)": lambda P: np.sin(P[:, 0]),
    "sin(x2)": lambda P: np.sin(P[:, 1]),
}
MAX_CSV_ROWS = 10_000
MAX_CSV_BYTES = 2 * 2**20
MAX_CSV_CLASSES = 10
MAX_CSV_VALUE = 1e6  # larger coordinates overflow x1^2, x1*x2 and the cost


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

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(x1_min, x1_max, x2_min, x2_max) of all points, with a 10% margin."""
        P = np.vstack([self.points_train, self.points_test])
        low, high = P.min(axis=0), P.max(axis=0)
        pad = 0.1 * np.maximum(high - low, 1e-9)
        return (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])

    def with_features(self, features) -> "Dataset":
        """The same points with other input features."""
        features = check_features(features)
        return Dataset(self.name, expand_features(self.points_train, features), self.y_train,
                       expand_features(self.points_test, features), self.y_test,
                       self.n_classes, self.task, features, self.points_train, self.points_test)


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


def _split(name, P, y, task, test_ratio, seed, features) -> Dataset:
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
    return _split(name, np.asarray(P, dtype=float), y, task, test_ratio, seed, features)


# ------------------------------------------------------------------------ CSV
def _read_text(file) -> str:
    """A path (str or PathLike), bytes, or a binary/text file object -> text."""
    if isinstance(file, (str, os.PathLike)):
        if isinstance(file, str) and "\n" in file:
            raise ValueError("load_csv takes a file path; pass CSV text as bytes (text.encode())")
        if os.path.isdir(file):
            raise ValueError(f"{os.fspath(file)} is a directory, not a CSV file")
        if not os.path.isfile(file):
            raise ValueError(f"no such CSV file: {os.fspath(file)}")
        try:
            with open(file, "rb") as handle:
                raw = handle.read(MAX_CSV_BYTES + 1)
        except OSError as error:
            raise ValueError(f"cannot read {os.fspath(file)}: {error.strerror or error}") from None
    elif isinstance(file, (bytes, bytearray)):
        raw = bytes(file)
    elif hasattr(file, "read"):
        raw = file.read(MAX_CSV_BYTES + 1)
    else:
        raise ValueError("expected a CSV file path, its bytes, or an open file")
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"the CSV file is larger than {MAX_CSV_BYTES // 2**20} MB")
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ValueError(f"line {line}: the file is not UTF-8 text") from None


def _parse_number(text: str, line: int, column: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]} is not a finite number")
    if abs(value) > MAX_CSV_VALUE:
        raise ValueError(f"line {line}, column {column}: {text.strip()[:20]} is too large; values must be "
                         f"from -{MAX_CSV_VALUE:.0f} to {MAX_CSV_VALUE:.0f}")
    return value


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank record; delimiter , ; or tab."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise ValueError("the CSV file is empty")
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows, start = [], 1  # a quoted cell may span lines: name the line where the record starts
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(rows) > MAX_CSV_ROWS:  # one more than the limit, for a header row
                    raise ValueError(f"the CSV file has more than {MAX_CSV_ROWS} rows; "
                                     f"the limit is {MAX_CSV_ROWS}")
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValueError(f"line {start}: {error}") from None
    return rows


def load_csv(file, features=("x1", "x2"), test_ratio: float = 0.3, seed: int = 0,
             name: str = "csv") -> Dataset:
    """Read 'x1, x2, label' rows: header optional; comma, semicolon or tab; quoted
    numbers allowed; a leading index column as pandas writes it is dropped.

    file is a path (str or os.PathLike), the file's bytes, or an open file; a str
    is always a path, so pass CSV text as bytes. Labels are whole-number classes
    (at most 10 values, relabelled 0..k-1 in sorted order) or, if any is
    fractional, regression targets. Values must lie within ±MAX_CSV_VALUE.
    Raises ValueError naming the line and the problem."""
    rows = _csv_rows(_read_text(file))
    header = None
    try:
        [float(c) for c in rows[0][1]]
    except ValueError:
        header, rows = rows[0][1], rows[1:]
    if len(rows) > MAX_CSV_ROWS:
        raise ValueError(f"the CSV file has {len(rows)} rows; the limit is {MAX_CSV_ROWS}")
    width = len(header) if header is not None else len(rows[0][1]) if rows else 3
    indexed = width == 4 and (header is None or not header[0].strip())
    expected = "4 columns (index, x1, x2, label)" if indexed else "3 columns (x1, x2, label)"
    data = []
    for number, cells in rows:
        if len(cells) != (4 if indexed else 3):
            raise ValueError(f"line {number}: expected {expected}, found {len(cells)}")
        data.append([_parse_number(c, number, k) for k, c in enumerate(cells, start=1)])
    if len(data) < 4:
        raise ValueError(f"the CSV file needs at least 4 data rows, found {len(data)}")
    data = np.array(data)
    if indexed:
        if header is None and not np.array_equal(data[:, 0], np.arange(len(data))):
            raise ValueError(f"line {rows[0][0]}: expected 3 columns (x1, x2, label), found 4 "
                             "(a first index column is dropped only when it counts 0, 1, 2, …)")
        data = data[:, 1:]
    P, target = data[:, :2], data[:, 2]
    values = np.unique(target)
    if np.all(values == np.round(values)):
        if len(values) < 2:
            raise ValueError(f"every row has label {values[0]:g}: a classifier needs at least 2 classes")
        if len(values) > MAX_CSV_CLASSES:
            raise ValueError(f"the label column has {len(values)} different whole numbers; at most "
                             f"{MAX_CSV_CLASSES} classes are supported (use fractions for regression)")
        y, task = np.searchsorted(values, target), "classification"
    else:
        y, task = target, "regression"
    return _split(name, P, y, task, test_ratio, seed, check_features(features))


def to_csv(points: np.ndarray, y: np.ndarray) -> str:
    """Rows 'x1,x2,label' with a header: what load_csv reads back."""
    out = io.StringIO()
    out.write("x1,x2,label\n")
    for (a, b), t in zip(points.tolist(), np.asarray(y).tolist()):
        out.write(f"{a!r},{b!r},{t!r}\n")
    return out.getvalue()
