"""Data drawn by hand: points added and erased with clicks on the plot, the
rule that sends each new point to the training or the test set, and the
compact form a link carries them in (the `points` setting).

Link form (version 1), base64url without padding: one header byte
(version << 5 | classes, 0 classes for regression), then 5 bytes per point:
x1 and x2 quantised to 12 bits each over -BOX..BOX, one bit for the split
(1 = test) and 15 bits of label (the class, or the value quantised over
-BOX..BOX). Training points come first, then the test points, each in order.
Plain data and NumPy only; no Streamlit.
"""
from __future__ import annotations

import base64
import re
from dataclasses import replace

import numpy as np

from .data import Dataset, expand_features

DRAW = "draw"  # the dataset name of a drawing
DRAW_FRAME = (-2.0, 2.0, -2.0, 2.0)  # the plot area of a drawing
DRAW_CLASSES = (2, 3)
MAX_CLASSES = 10
MAX_LINK_POINTS = 200
BOX = 8.0
XY_LEVELS, LABEL_LEVELS = 2**12 - 1, 2**15 - 1
VERSION, RECORD_BYTES = 1, 5
MAX_TEXT = -(-(1 + MAX_LINK_POINTS * RECORD_BYTES) * 4 // 3)  # base64 characters of the largest link form
MIN_TRAIN = 2
_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


# ------------------------------------------------------------------ points
def all_points(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P (n, 2), labels (n,), is_test (n,) bool): training points, then test points."""
    P = np.vstack([ds.points_train, ds.points_test]).reshape(-1, 2)
    labels = np.concatenate([ds.y_train, ds.y_test])
    is_test = np.arange(len(labels)) >= len(ds.y_train)
    return P, labels, is_test


def from_points(name: str, P, labels, is_test, task: str, n_classes: int | None, features=("x1", "x2"),
                frame=None, edited: bool = False) -> Dataset:
    """A Dataset of these points, each in the split is_test says (order kept)."""
    P = np.asarray(P, dtype=float).reshape(-1, 2)
    labels = np.asarray(labels, dtype=int if task == "classification" else float).reshape(-1)
    is_test = np.asarray(is_test, dtype=bool).reshape(-1)
    P_tr, P_te, y_tr, y_te = P[~is_test], P[is_test], labels[~is_test], labels[is_test]
    features = tuple(features)
    return Dataset(name, expand_features(P_tr, features), y_tr, expand_features(P_te, features), y_te,
                   n_classes, task, features, P_tr, P_te, None if frame is None else tuple(frame), edited)


def empty(n_classes: int = 2, features=("x1", "x2")) -> Dataset:
    """A drawing with no points yet."""
    return from_points(DRAW, [], [], [], "classification", n_classes, features, DRAW_FRAME)


def goes_to_test(count: int, test_ratio: float) -> bool:
    """Whether the point added to `count` points goes to the test set: the
    test share of the first k points is floor(k · ratio) / k, so the first
    points train and the split follows the ratio exactly as points are added."""
    per_mille = round(float(test_ratio) * 1000)
    return (count + 1) * per_mille // 1000 > count * per_mille // 1000


def _edited(ds: Dataset, P, labels, is_test) -> Dataset:
    frame = ds.frame if ds.frame is not None else ds.extent  # the plot stays where it is
    return from_points(ds.name, P, labels, is_test, ds.task, ds.n_classes, ds.features, frame,
                       edited=ds.name != DRAW)


def add_point(ds: Dataset, x, y, label, test_ratio: float) -> Dataset:
    """ds with a point at (x, y): a class number (classification) or a value
    (regression), in the split goes_to_test gives. Raises ValueError for a bad point."""
    try:
        x, y = float(x), float(y)
        label = float(label)
    except (TypeError, ValueError):
        raise ValueError("a point needs numbers for x1, x2 and its label") from None
    if not np.isfinite([x, y, label]).all():
        raise ValueError("a point's x1, x2 and label must be finite numbers")
    if ds.task == "classification" and (label != int(label) or not 0 <= label < ds.n_classes):
        raise ValueError(f"class {label:g} is not one of 0 to {ds.n_classes - 1}")
    P, labels, is_test = all_points(ds)
    test = goes_to_test(len(labels), test_ratio)
    return _edited(ds, np.vstack([P, [[x, y]]]), np.append(labels, label), np.append(is_test, test))


def nearest(ds: Dataset, x: float, y: float) -> int | None:
    """Index (in all_points order) of the point nearest (x, y); None when there is none."""
    P = all_points(ds)[0]
    return int(np.argmin(((P - [float(x), float(y)]) ** 2).sum(axis=1))) if len(P) else None


def erase_nearest(ds: Dataset, x, y) -> Dataset:
    """ds without the point nearest (x, y) (ds itself when it has none)."""
    index = nearest(ds, x, y)
    if index is None:
        return ds
    P, labels, is_test = all_points(ds)
    keep = np.arange(len(labels)) != index
    return _edited(ds, P[keep], labels[keep], is_test[keep])


def clear(ds: Dataset) -> Dataset:
    return _edited(ds, [], [], [])


def with_classes(ds: Dataset, n_classes: int) -> tuple[Dataset, int]:
    """A drawing with n_classes classes, and how many points of the classes dropped were removed."""
    P, labels, is_test = all_points(ds)
    keep = labels < n_classes
    kept = from_points(ds.name, P[keep], labels[keep], is_test[keep], ds.task, n_classes, ds.features,
                       ds.frame if ds.frame is not None else DRAW_FRAME, ds.edited)
    return kept, int((~keep).sum())


def training_problem(ds: Dataset) -> str | None:
    """Why there is too little data to train on, with what to do; None when training can go."""
    m = len(ds.y_train)
    if m < MIN_TRAIN:
        return (f"There {'is' if m == 1 else 'are'} {m} training point{'s' * (m != 1)}: training needs at least "
                f"{MIN_TRAIN}. Click on the plot to add points.")
    if ds.task == "classification" and len(np.unique(ds.y_train)) < 2:
        return (f"Every training point is class {int(ds.y_train[0])}: training needs two classes. Choose another "
                "class above the plot, then click on the plot to add points.")
    return None


def describe(ds: Dataset) -> str:
    """'12 points (9 train, 3 test)'."""
    m, t = len(ds.y_train), len(ds.y_test)
    return f"{m + t} point{'s' * (m + t != 1)} ({m} train, {t} test)"


# --------------------------------------------------------------- link form
def link_problem(ds: Dataset) -> str | None:
    """Why a link cannot carry these points; None when it can."""
    P, labels, _ = all_points(ds)
    if len(labels) > MAX_LINK_POINTS:
        return f"the link carries at most {MAX_LINK_POINTS} points, this data has {len(labels)}"
    if len(P) and np.abs(P).max() > BOX:
        return f"the link carries points with x1 and x2 from {-BOX:g} to {BOX:g} only"
    if ds.task == "regression" and len(labels) and np.abs(labels).max() > BOX:
        return f"the link carries values from {-BOX:g} to {BOX:g} only"
    if ds.task == "classification" and not 2 <= (ds.n_classes or 0) <= MAX_CLASSES:
        return f"the link carries 2 to {MAX_CLASSES} classes"
    return None


def _levels(values: np.ndarray, levels: int) -> np.ndarray:
    return np.rint((np.clip(values, -BOX, BOX) + BOX) / (2 * BOX) * levels).astype(np.int64)


def _values(levels: np.ndarray, count: int) -> np.ndarray:
    return levels / count * (2 * BOX) - BOX


def encode(ds: Dataset) -> str:
    """The link form of ds's points; raises ValueError when link_problem has a reason."""
    problem = link_problem(ds)
    if problem:
        raise ValueError(problem)
    P, labels, is_test = all_points(ds)
    classes = 0 if ds.task == "regression" else int(ds.n_classes)
    label = _levels(labels, LABEL_LEVELS) if ds.task == "regression" else labels.astype(np.int64)
    words = (_levels(P[:, 0], XY_LEVELS) << 28) | (_levels(P[:, 1], XY_LEVELS) << 16) \
        | (is_test.astype(np.int64) << 15) | label
    body = b"".join(int(w).to_bytes(RECORD_BYTES, "big") for w in words)
    return base64.urlsafe_b64encode(bytes([VERSION << 5 | classes]) + body).decode("ascii").rstrip("=")


def decode(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, str, int | None]:
    """(P, labels, is_test, task, n_classes) from the link form; raises
    ValueError saying what is wrong (the size is checked before decoding)."""
    if not isinstance(text, str):
        raise ValueError("drawn points are text (their link form)")
    if not text:
        raise ValueError("no points")
    if len(text) > MAX_TEXT:
        raise ValueError(f"too long for {MAX_LINK_POINTS} points ({len(text)} characters, at most {MAX_TEXT})")
    if not _ALPHABET.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not the link form of drawn points (base64url)")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != text:
        raise ValueError("not the link form of drawn points (base64url)")
    version, classes = raw[0] >> 5, raw[0] & 31
    if version != VERSION:
        raise ValueError(f"drawn points of version {version}; this app reads version {VERSION}")
    if classes == 1 or classes > MAX_CLASSES:
        raise ValueError(f"{classes} classes; drawn points have 2 to {MAX_CLASSES} (0 for values)")
    if (len(raw) - 1) % RECORD_BYTES:
        raise ValueError("the points are cut short")
    words = np.array([int.from_bytes(raw[i:i + RECORD_BYTES], "big") for i in range(1, len(raw), RECORD_BYTES)],
                     dtype=np.int64).reshape(-1)
    P = np.column_stack([_values((words >> 28) & XY_LEVELS, XY_LEVELS), _values((words >> 16) & XY_LEVELS,
                                                                                 XY_LEVELS)]).reshape(-1, 2)
    is_test, label = ((words >> 15) & 1).astype(bool), words & LABEL_LEVELS
    if np.any(np.diff(is_test.astype(int)) < 0):
        raise ValueError("training points must come before the test points")
    if classes == 0:
        return P, _values(label, LABEL_LEVELS), is_test, "regression", None
    if len(label) and label.max() >= classes:
        raise ValueError(f"a point has class {int(label.max())} of {classes} classes")
    return P, label, is_test, "classification", classes


def check_text(value) -> str:
    """The `points` setting's parser: '' (no drawn points) or a valid link form."""
    if value == "":
        return ""
    decode(value)
    return value


def decoded(text: str, name: str, features=("x1", "x2")) -> Dataset:
    """The Dataset a link's points describe (a drawing, or edited data of another name)."""
    P, labels, is_test, task, classes = decode(text)
    frame = DRAW_FRAME if name == DRAW or not len(P) else None
    return from_points(name, P, labels, is_test, task, classes, features, frame, edited=name != DRAW)


def after_change(cfg, old_cfg, current: Dataset):
    """A data setting changed: (the config to build, the data to keep or None
    for new data). Drawn or edited points survive a change of the features or
    the test ratio (a drawing also one of noise, size or seed); other changes
    bring new data and drop the link's points."""
    changed = cfg.changed(old_cfg) - {"points"}
    regenerates = {"dataset"} if cfg.dataset == DRAW else {"dataset", "noise", "n_samples", "seed"}
    if (current.edited or current.name == DRAW) and cfg.dataset == current.name and not changed & regenerates:
        return cfg, current.with_features(cfg.features)
    return (replace(cfg, points="") if cfg.points else cfg), None
