"""Per-session state: the current Config, Dataset, Network and Trainer.

Everything lives in st.session_state, so two browser tabs never share a
model. Widget values are read into a Config; comparing it with the applied
one decides whether to regenerate data, rebuild the model, or apply the
change live.
"""
from __future__ import annotations

import streamlit as st

from .. import drawn
from ..config import Config
from ..data import FEATURES, MAX_CSV_CLASSES, Dataset, load_csv
from ..settings import (BY_NAME, CSV, HIDEABLE, LAYER_DEFAULTS, LAYER_SETTINGS, MAX_HIDDEN_LAYERS, MAX_UNITS,
                        SETTINGS, Setting, lookup, written)
from ..engine import Network, Recorder, Trainer
from .session import SESSION_KEY, Session, new_rate, ss  # noqa: F401 (ss: state.ss() is the public name)

MAX_SNAPSHOTS = 100
MAX_LAYER_LOG = 300


def widgets():
    """Where Streamlit keeps the widgets' values (w_<setting> keys)."""
    return st.session_state


# ----------------------------------------------------------- widget <-> Config
def widget_key(setting: Setting, layer: int | None = None) -> str:
    return f"w_{setting.name}" if layer is None else f"w_{setting.name}_{layer}"


def _widget_value(setting: Setting, value):
    return list(value) if setting.is_list else value


def write_widgets(cfg: Config, only_missing: bool = False) -> None:
    """Put a Config into the widgets' session-state keys (before they render).
    only_missing fills just the keys Streamlit dropped (a widget that was hidden
    for a run loses its state), so it reappears with the current value."""
    s = widgets()
    values = {"w_n_layers": len(cfg.hidden)}
    for setting in (row for row in SETTINGS if row.widget != "none"):  # drawn points have no widget: cfg holds them
        value = getattr(cfg, setting.name)
        if setting.per_layer:
            values.update({widget_key(setting, i): v for i, v in enumerate(value)})
        else:
            values[widget_key(setting)] = _widget_value(setting, value)
    for key, value in values.items():
        if not only_missing or key not in s:
            s[key] = value


def fill_new_layer(i: int) -> None:
    """A layer just added in the widgets copies the one before it."""
    s = widgets()
    for setting in LAYER_SETTINGS:
        key = widget_key(setting, i)
        if key not in s:
            s[key] = s.get(widget_key(setting, i - 1), LAYER_DEFAULTS[setting.name])


def read_widgets() -> tuple[Config, list[str]]:
    """The Config the widgets show now, or the applied one plus a message if
    the combination is invalid (e.g. no input feature selected)."""
    s, current = widgets(), ss().cfg
    layered = current.with_layers(int(s.get("w_n_layers", len(current.hidden))))
    values = {}
    for setting in SETTINGS:
        if setting.per_layer:
            values[setting.name] = tuple(s.get(widget_key(setting, i), v)
                                         for i, v in enumerate(getattr(layered, setting.name)))
        else:
            value = s.get(widget_key(setting), getattr(current, setting.name))
            values[setting.name] = tuple(value) if setting.is_list else value
    try:
        return Config(**values), []
    except ValueError as error:
        return current, [f"That setting was not applied: {error}"]


def hidden_controls(query: dict) -> tuple[list[str], list[str]]:
    """The 'hide' query parameter: names of controls to hide (older names are
    read too), and a notice for names that are not controls."""
    raw = query.get("hide", "")
    raw = raw[0] if isinstance(raw, list) and raw else raw
    names, unknown = [], []
    for name in (n.strip() for n in str(raw)[:500].split(",") if n.strip()):
        setting = lookup(name)
        name = setting.name if setting else name
        (names if name in HIDEABLE else unknown).append(name)
    names = list(dict.fromkeys(names))
    notices = [f"ignored hide={written(raw)}: unknown control name{'s' * (len(unknown) > 1)} "
               f"{written(', '.join(unknown))} (choose from {', '.join(HIDEABLE)}); "
               f"hiding {written(','.join(names)) or 'nothing'}"] if unknown else []
    return names, notices


# ------------------------------------------------------------------- building
def _dataset_for(cfg: Config) -> Dataset:
    if cfg.dataset == CSV:
        uploaded = ss().csv_points
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
    s.stop_notice = None
    s.model_version += 1
    s.rate = new_rate()
    s.snapshots = Recorder(MAX_SNAPSHOTS)  # decision boundaries over training, for the History tab
    s.layer_log = Recorder(MAX_LAYER_LOG)  # per-layer norms and saturation, for Inside the layers
    s.gradcheck = None


def init_session(query: dict) -> None:
    """First run of a session: the Config from the URL, or defaults."""
    s = ss()
    if s.cfg is not None:
        return
    cfg, notices = Config.from_query(query)
    hide, hide_notices = hidden_controls(query)
    s.notices = notices + hide_notices
    s.cfg = cfg
    build(cfg, cfg.make_dataset())
    write_widgets(cfg)
    widgets().w_hide = hide


def apply(cfg: Config) -> str | None:
    """Bring the model in line with cfg; returns a notice when it was reset."""
    s = ss()
    needs = cfg.needs(s.cfg)
    if needs == "data":
        build(*drawn.after_change(cfg, s.cfg, s.trainer.dataset))  # drawn points survive e.g. new features
        return "The data changed, so the model was reset to new initial weights."
    if needs == "model":
        build(cfg, s.trainer.dataset)
        return "The network changed, so the model was reset to new initial weights."
    for name in cfg.changed(s.cfg):
        if BY_NAME[name].live is not None:  # else the training loop reads it from the Config
            BY_NAME[name].live(s.trainer, getattr(cfg, name))
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
def refused() -> bool:
    """Too little data to train on (a drawing just begun): pause and say what to do."""
    problem = drawn.training_problem(ss().trainer.dataset)
    if problem:
        ss().running, ss().stop_notice = False, problem
    return problem is not None


def start() -> None:
    """Train: sets running (never toggles, so a double-fired click is harmless)."""
    s = ss()
    if refused():
        return
    if s.trainer.diverged:
        s.trainer.clear_divergence()
    if not s.running:
        s.rate = new_rate()
        s.run_start_epoch = s.trainer.epoch  # patience counts the epochs of this run
    s.stop_notice = None
    s.running = True


def pause() -> None:
    ss().running = False


def _manual_step(advance) -> None:
    """Pause, then advance once per click."""
    s = ss()
    s.running = False
    if s.trainer.diverged:
        s.trainer.clear_divergence()
    if not refused():
        advance(s.trainer)


def step_once() -> None:
    _manual_step(lambda trainer: trainer.run(1))


def step_epoch() -> None:
    _manual_step(lambda trainer: trainer.run_epoch())


def reset() -> None:
    """New initial weights from the seed; the same weights however often it runs."""
    s = ss()
    build(s.cfg, s.trainer.dataset)


# ------------------------------------------------- whole setups (callbacks)
def load_config(cfg: Config, dataset: Dataset | None = None) -> None:
    """Show cfg in the widgets and start a fresh model on it (a callback: it
    runs before the widgets are drawn). The model is built first, so a failure
    leaves the widgets as they were."""
    build(cfg, dataset)
    write_widgets(cfg)
    ss().reset_notice = "Loaded a saved setup; the model starts from its initial weights."


def _imported_dataset(cfg: Config) -> Dataset:
    """The data a loaded setup trains on, without touching the session."""
    if cfg.dataset != CSV:
        return cfg.make_dataset()
    uploaded = ss().csv_points
    if uploaded is None:
        raise ValueError('this setup trains on uploaded CSV data ("dataset": "csv"); choose "Upload CSV…" '
                         "under Dataset and upload the data first, then load this file again")
    return uploaded.with_features(cfg.features)


def _check_weights_fit(weights: Network, target: Network) -> None:
    for what, have, need in (("layers", weights.dims_, target.dims_), ("output", weights.output_, target.output_),
                             ("hidden activations", ", ".join(weights.activations_) or "none",
                              ", ".join(target.activations_) or "none")):
        if have != need:
            raise ValueError(f"the weights are for {what} {have}, but the network they would go into has {need}")


# The most weights and biases of a network the app builds (every feature, the most
# layers and neurons, ten CSV classes): a bigger uploaded model is refused unread.
_DIMS = [len(FEATURES), *[MAX_UNITS] * MAX_HIDDEN_LAYERS, MAX_CSV_CLASSES]
MAX_APP_PARAMETERS = sum(n * (n_before + 1) for n_before, n in zip(_DIMS, _DIMS[1:]))


def load_upload(key: str) -> None:
    """on_change of the configuration / weights uploader. The whole file is
    checked first (the setup, and the weights against the network that setup
    builds); then all of it is applied, or nothing, with the reason shown."""
    s = ss()
    upload = widgets().get(key)
    s.upload_error = None
    if upload is None:
        return
    data = upload.getvalue()
    try:
        if upload.name.lower().endswith(".json"):
            cfg = Config.from_json(data)
            load_config(cfg, _imported_dataset(cfg))
            return
        weights = Network.load(data, max_parameters=MAX_APP_PARAMETERS)
        app_config = weights.metadata.get("app_config")
        if isinstance(app_config, str):
            cfg = Config.from_json(app_config)
            dataset = _imported_dataset(cfg)
            target = cfg.make_network(dataset)
        else:  # weights saved outside the app: they go into the current network
            cfg, dataset, target = None, None, s.trainer.network
        _check_weights_fit(weights, target)
        target.set_parameters(weights.parameters)  # a new network, or the same shapes: cannot fail half way
    except ValueError as error:
        s.upload_error = f"That file was not loaded: {error}. Nothing was changed."
        return
    if cfg is not None:
        load_config(cfg, dataset)
        s.trainer.network.set_parameters(target.parameters)
    s.reset_notice = "Loaded the uploaded weights."
