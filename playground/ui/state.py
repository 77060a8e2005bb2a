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
from ..engine import Network, Trainer
from ..inspect import Thinned
from ..query import first, listing, written
from .clicks import once_per_click

MAX_SNAPSHOTS = 100
MAX_LAYER_LOG = 300
MAX_KEPT_RUNS = 8


def ss():
    return st.session_state


# ----------------------------------------------------------- widget <-> Config
HIDEABLE = {"dataset": "Dataset", "noise": "Noise", "points": "Number of points", "test": "Test ratio",
            "features": "Input features", "regenerate": "Regenerate", "layers": "Layers and neurons",
            "activation": "Activations", "dropout": "Dropout", "init": "Initialisation",
            "lr": "Learning rate", "l2": "L2", "optimizer": "Optimiser", "batch": "Batch size", "seed": "Seed"}


def write_widgets(cfg: Config, only_missing: bool = False) -> None:
    """Put a Config into the widgets' session-state keys (before they render).
    only_missing fills just the keys Streamlit dropped (a widget that was hidden
    for a run loses its state), so it reappears with the current value."""
    s = ss()
    values = {"w_dataset": cfg.dataset, "w_noise": cfg.noise, "w_points": cfg.n_samples,
              "w_test": cfg.test_ratio, "w_features": list(cfg.features), "w_layers": len(cfg.hidden),
              "w_l2": cfg.l2, "w_init": cfg.init, "w_opt": cfg.optimizer, "w_lr": cfg.learning_rate,
              "w_batch": "full" if cfg.batch_size is None else cfg.batch_size, "w_seed": cfg.seed}
    for i, (units, act, keep) in enumerate(zip(cfg.hidden, cfg.activations, cfg.keep_probs)):
        values.update({f"w_units_{i}": units, f"w_act_{i}": act, f"w_keep_{i}": keep})
    for key, value in values.items():
        if not only_missing or key not in s:
            s[key] = value


def read_widgets() -> tuple[Config, list[str]]:
    """The Config the widgets show now, or the applied one plus a message if
    the combination is invalid (e.g. no input feature selected)."""
    s, current = ss(), ss().cfg
    layered = current.with_layers(int(s.get("w_layers", len(current.hidden))))
    hidden = tuple(int(s.get(f"w_units_{i}", u)) for i, u in enumerate(layered.hidden))
    acts = tuple(s.get(f"w_act_{i}", a) for i, a in enumerate(layered.activations))
    keeps = tuple(float(s.get(f"w_keep_{i}", k)) for i, k in enumerate(layered.keep_probs))
    batch = s.get("w_batch", "full" if current.batch_size is None else current.batch_size)
    try:
        cfg = Config(dataset=s.get("w_dataset", current.dataset), noise=s.get("w_noise", current.noise),
                     n_samples=s.get("w_points", current.n_samples), test_ratio=s.get("w_test", current.test_ratio),
                     features=tuple(s.get("w_features", current.features)), hidden=hidden, activations=acts,
                     keep_probs=keeps, l2=s.get("w_l2", current.l2), init=s.get("w_init", current.init),
                     optimizer=s.get("w_opt", current.optimizer), learning_rate=s.get("w_lr", current.learning_rate),
                     batch_size=None if batch == "full" else int(batch), seed=int(s.get("w_seed", current.seed)))
    except ValueError as error:
        return current, [f"That setting was not applied: {error}"]
    return cfg, []


def hidden_controls(query: dict) -> tuple[list[str], list[str]]:
    """The 'hide' query parameter: names of controls to hide, and notices for unknown ones."""
    raw = first(query.get("hide", ""))
    raw = raw if isinstance(raw, str) else ""
    names = [n.strip() for n in raw[:500].split(",") if n.strip()]
    unknown = [n for n in names if n not in HIDEABLE]
    known = [n for n in names if n in HIDEABLE]
    notices = [f"ignored hide={written(raw)}: unknown control name{'s' * (len(unknown) > 1)} "
               f"{written(', '.join(unknown))} (choose from {listing(HIDEABLE)}); "
               f"hiding {written(','.join(known)) or 'nothing'}"] if unknown else []
    return known, notices


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
    s.snapshots = Thinned(MAX_SNAPSHOTS)  # decision boundaries over training, for the History tab
    s.layer_log = Thinned(MAX_LAYER_LOG)  # per-layer norms and saturation, for Inside the layers
    s.gradcheck = None


def init_session(query: dict) -> None:
    """First run of a session: the Config from the URL, or defaults."""
    s = ss()
    if "cfg" in s:
        return
    cfg, notices = Config.from_query(query)
    hide, hide_notices = hidden_controls(query)
    s.notices = notices + hide_notices
    s.cfg = cfg
    build(cfg, cfg.make_dataset())
    write_widgets(cfg)
    s.w_hide = hide


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


def _manual_step(advance) -> None:
    """Pause, then advance once per click."""
    s = ss()
    s.running = False
    if s.trainer.diverged:
        s.trainer.clear_divergence()
    advance(s.trainer)


@once_per_click
def step_once() -> None:
    _manual_step(lambda trainer: trainer.run(1))


@once_per_click
def step_epoch() -> None:
    _manual_step(lambda trainer: trainer.run_epoch())


def reset() -> None:
    """New initial weights from the seed; the same weights however often it runs."""
    s = ss()
    build(s.cfg, s.trainer.dataset)


# ------------------------------------------------- whole setups (callbacks)
def load_config(cfg: Config) -> None:
    """Show cfg in the widgets and start a fresh model on it (a callback: it
    runs before the widgets are drawn)."""
    write_widgets(cfg)
    build(cfg)
    ss().reset_notice = "Loaded a saved setup; the model starts from its initial weights."


def load_upload(key: str) -> None:
    """on_change of the configuration / weights uploader: validate, then apply.
    A bad file leaves everything as it was and explains why."""
    s = ss()
    upload = s.get(key)
    s.upload_error = None
    if upload is None:
        return
    data = upload.getvalue()
    try:
        if upload.name.lower().endswith(".json"):
            load_config(Config.from_json(data))
            return
        network = Network.load(data)
        app_config = network.metadata.get("app_config")
        if isinstance(app_config, str):
            cfg = Config.from_json(app_config)
            if cfg.dataset == CSV and s.get("csv_points") is None:
                raise ValueError("these weights were trained on uploaded CSV data; upload that CSV first")
            load_config(cfg)
        if network.dims_ != s.trainer.network.dims_:
            raise ValueError(f"the weights are for layers {network.dims_}, but this network has "
                             f"{s.trainer.network.dims_}")
        s.trainer.network.set_parameters(network.parameters)
        s.reset_notice = "Loaded the uploaded weights."
    except ValueError as error:
        s.upload_error = f"That file was not loaded: {error}. Nothing was changed."


@once_per_click
def keep_run() -> None:
    """Store the current run's settings, task, curves and final metrics (at most MAX_KEPT_RUNS)."""
    s = ss()
    t = s.trainer
    kept = list(s.get("kept", []))
    number = s.get("kept_count", 0) + 1
    s.kept_count = number
    kept.append({"label": f"run {number}", "config": s.cfg, "task": t.dataset.task, "epochs": t.epoch,
                 "steps": t.step_count, "final": t.evaluate(), **t.history.as_dict()})
    s.kept = kept[-MAX_KEPT_RUNS:]
