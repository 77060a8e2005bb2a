"""Per-session state: the current Config, Dataset, Network and Trainer.

Everything lives in st.session_state, so two browser tabs never share a
model. Widget values are read into a Config; comparing it with the applied
one decides whether to regenerate data, rebuild the model, or apply the
change live.
"""
from __future__ import annotations

import time

import streamlit as st

from ..config import CSV, DATA_FIELDS, LIVE_FIELDS, MODEL_FIELDS, Config
from ..data import Dataset, load_csv
from ..engine import Trainer

STEP_DEBOUNCE_S = 0.25  # a click during a fragment run may fire its callback twice


def ss():
    return st.session_state


# ----------------------------------------------------------- widget <-> Config
def write_widgets(cfg: Config) -> None:
    """Put a Config into the widgets' session-state keys (before they render)."""
    s = ss()
    s.w_dataset, s.w_noise, s.w_points, s.w_test = cfg.dataset, cfg.noise, cfg.n_samples, cfg.test_ratio
    s.w_features = list(cfg.features)
    s.w_layers = len(cfg.hidden)
    for i, (units, act, keep) in enumerate(zip(cfg.hidden, cfg.activations, cfg.keep_probs)):
        s[f"w_units_{i}"], s[f"w_act_{i}"], s[f"w_keep_{i}"] = units, act, keep
    s.w_l2, s.w_init, s.w_opt, s.w_lr = cfg.l2, cfg.init, cfg.optimizer, cfg.learning_rate
    s.w_batch, s.w_seed = ("full" if cfg.batch_size is None else cfg.batch_size), cfg.seed


def read_widgets() -> tuple[Config, list[str]]:
    """The Config the widgets show now, or the applied one plus a message if
    the combination is invalid (e.g. no input feature selected)."""
    s, current = ss(), ss().cfg
    layered = current.with_layers(int(s.get("w_layers", len(current.hidden))))
    hidden, acts, keeps = [], [], []
    for i in range(len(layered.hidden)):
        hidden.append(int(s.get(f"w_units_{i}", layered.hidden[i])))
        acts.append(s.get(f"w_act_{i}", layered.activations[i]))
        keeps.append(float(s.get(f"w_keep_{i}", layered.keep_probs[i])))
    batch = s.get("w_batch", "full")
    try:
        cfg = Config(dataset=s.w_dataset, noise=s.w_noise, n_samples=s.w_points, test_ratio=s.w_test,
                     features=tuple(s.w_features), hidden=tuple(hidden), activations=tuple(acts),
                     keep_probs=tuple(keeps), l2=s.w_l2, init=s.w_init, optimizer=s.w_opt,
                     learning_rate=s.w_lr, batch_size=None if batch == "full" else int(batch),
                     seed=int(s.w_seed))
    except ValueError as error:
        return current, [f"That setting was not applied: {error}"]
    return cfg, []


# ------------------------------------------------------------------- building
def _dataset_for(cfg: Config) -> Dataset:
    if cfg.dataset == CSV:
        uploaded = ss().get("csv_points")
        if uploaded is None:  # nothing uploaded yet: keep showing the current data
            return ss().trainer.dataset
        return uploaded.with_features(cfg.features)
    return cfg.make_dataset()


def build(cfg: Config, dataset: Dataset | None = None) -> None:
    """A fresh model (initial weights from the seed) on cfg's data."""
    s = ss()
    dataset = dataset if dataset is not None else _dataset_for(cfg)
    network = cfg.make_network(dataset)
    s.cfg = cfg
    s.trainer = Trainer(network, dataset, batch_size=cfg.batch_size)
    s.running = False
    s.model_version = s.get("model_version", 0) + 1
    s.rate = {"steps": 0, "since": time.perf_counter(), "steps_per_s": 0.0}


def init_session(query: dict) -> None:
    """First run of a session: the Config from the URL, or defaults."""
    s = ss()
    if "cfg" in s:
        return
    cfg, notices = Config.from_query(query)
    s.notices = notices
    s.cfg = cfg
    build(cfg, cfg.make_dataset())
    write_widgets(cfg)


def apply(cfg: Config) -> str | None:
    """Bring the model in line with cfg; returns a notice when it was reset."""
    s = ss()
    changed = cfg.changed(s.cfg)
    if not changed:
        return None
    if changed & set(DATA_FIELDS):
        build(cfg)
        return "The data changed, so the model was reset to new initial weights."
    if changed & set(MODEL_FIELDS):
        build(cfg, s.trainer.dataset)
        return "The network changed, so the model was reset to new initial weights."
    net, trainer = s.trainer.network, s.trainer
    if "learning_rate" in changed:
        net.learning_rate = cfg.learning_rate
    if "l2" in changed:
        net.l2 = cfg.l2
    if "keep_probs" in changed:
        net.keep_prob = list(cfg.keep_probs)
    if "batch_size" in changed:
        trainer.batch_size = cfg.batch_size
    assert changed <= set(LIVE_FIELDS)
    s.cfg = cfg
    return None


def upload_csv(data: bytes) -> str | None:
    """Load an uploaded CSV; on failure return the message and change nothing."""
    s = ss()
    try:
        dataset = load_csv(data, features=s.cfg.features, test_ratio=s.cfg.test_ratio, seed=s.cfg.seed,
                           name=CSV)
    except ValueError as error:
        return f"Could not use that CSV file: {error}. The previous data is still loaded."
    s.csv_points = dataset
    return None


# ------------------------------------------------------------- run controls
def start() -> None:
    """Train: sets running (never toggles, so a double-fired click is harmless)."""
    s = ss()
    if s.trainer.diverged:
        s.trainer.clear_divergence()
    if not s.running:
        s.rate = {"steps": 0, "since": time.perf_counter(), "steps_per_s": 0.0}
    s.running = True


def pause() -> None:
    ss().running = False


def _debounced(name: str) -> bool:
    s, now = ss(), time.perf_counter()
    last = s.get(f"last_{name}", 0.0)
    s[f"last_{name}"] = now
    return now - last < STEP_DEBOUNCE_S


def step_once() -> None:
    s = ss()
    s.running = False
    if not _debounced("step"):
        if s.trainer.diverged:
            s.trainer.clear_divergence()
        s.trainer.run(1)


def step_epoch() -> None:
    s = ss()
    s.running = False
    if not _debounced("epoch"):
        if s.trainer.diverged:
            s.trainer.clear_divergence()
        s.trainer.run_epoch()


def reset() -> None:
    """New initial weights from the seed; the same weights however often it runs."""
    s = ss()
    build(s.cfg, s.trainer.dataset)
