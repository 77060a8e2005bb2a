"""Every setting of a playground setup, once, in one table (as TF Playground's state.ts).

A row says what a setting is called (one name for Python, JSON, the URL, the
widget key `w_<name>` and `hide=`), the values it may take, its default, how
it is written in a link and parsed back, which widget shows it, and what a
change needs: new data, a new model, or nothing (it applies live). Config,
the URL and JSON round trips, the sidebar and `hide=` are all derived from it.
Old short link keys (lr, opt, …) are still read as aliases.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from . import nn
from .activations import HIDDEN, REGISTRY
from .data import DATASETS, FEATURES, RETIRED_FEATURES
from .drawn import DRAW, MAX_TEXT, check_text
from .engine.losses import LOSSES
from .engine.optimizers import OPTIMIZERS
from .engine.schedules import SCHEDULES
from .values import FULL_BATCH, as_number, one_of, quoted, show, text_as_number, written  # noqa: F401

CSV = "csv"  # the dataset name of an uploaded file
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64
MAX_SEED = 2**31 - 1
MAX_SPEED = "max"  # as many steps as fit in a frame's training budget
SPEEDS = (1, 3, 10, 30, 100, 300, MAX_SPEED)  # epochs per second
MAX_STOP_EPOCH = 10_000_000


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    default: Any
    applies: str  # "data": new data and model; "model": a new model; "live": applied to the running one
    group: str  # where it is drawn: a sidebar section (SIDEBAR_GROUPS) or "Run", beside the run buttons
    widget: str  # "selectbox", "select_slider", "multiselect", "number" (see ui/controls.py)
    choices: tuple = ()  # the allowed values, when they are a list
    low: int = 0  # for whole numbers without choices
    high: int = 0
    per_layer: bool = False  # a tuple with one value per hidden layer
    labels: dict = field(default_factory=dict)  # value -> text on the widget
    help: str | None = None
    aliases: tuple[str, ...] = ()  # older names still read from links and hide=
    live: Callable | None = None  # live(trainer, value) applies a live change to the running model;
    # None for a live setting the training loop reads from the Config itself (speed, stopping)
    noun: str = ""  # what one value is called in messages ("activation"); the label in lower case if empty
    # Old values, still valid (a file that has one keeps it and means what it did) but no longer offered
    # by the widget; a link that has one gets the new value instead, with a notice: old -> new.
    retired: dict = field(default_factory=dict)
    follows: str = ""  # a number that may be left empty (None): then it takes this setting's value;
    # None is written as that setting's name in links ("init_seed=seed") and as null in JSON
    check: Callable | None = None  # a free-form value's own parser (text and JSON alike), instead of choices/bounds
    max_text: int = 500  # the longest text a link may give

    @property
    def what(self) -> str:
        return self.noun or self.label.lower()

    # Each parse_* returns the setting's value or raises ValueError saying why.
    def parse_one(self, value: Any) -> Any:
        """One (JSON-typed) value, checked against the choices or bounds."""
        if self.check is not None:
            return self.check(value)
        if value is None and self.follows:
            return None
        if self.choices:
            for choice in self.choices:
                if type(value) is type(choice) and value == choice:
                    return choice
                if isinstance(choice, float) and type(value) is int and value == choice:
                    return choice  # 1 for 1.0 (JSON tools may write whole floats as integers)
            raise ValueError(one_of(self.what, self.choices))
        number = as_number(value, integer=True)
        if not self.low <= number <= self.high:
            raise ValueError(f"not a whole number from {self.low} to {self.high}")
        return number

    def parse_text_one(self, text: str) -> Any:
        """One value as written in a link."""
        if self.check is not None:
            return self.check(text)
        if self.follows and text == self.follows:
            return None
        if self.choices:
            for choice in self.choices:
                if text == show(choice):
                    return choice
            if all(isinstance(c, str) for c in self.choices):
                raise ValueError(f"unknown {self.what} '{written(text)}' (choose from "
                                 f"{', '.join(self.choices)})")
            try:
                if any(isinstance(c, float) for c in self.choices):
                    return self.parse_one(text_as_number(text))
                if any(isinstance(c, int) and not isinstance(c, bool) for c in self.choices):
                    return self.parse_one(text_as_number(text, integer=True))
            except ValueError:
                raise ValueError(one_of(self.what, self.choices)) from None
            raise ValueError(one_of(self.what, self.choices))
        return self.parse_one(text_as_number(text, integer=True))

    def offered(self, selected=()) -> tuple:
        """The choices the widget offers: all but the retired ones, unless selected."""
        if not self.retired:
            return self.choices
        selected = set(selected) if isinstance(selected, (list, tuple)) else {selected}
        return tuple(c for c in self.choices if c not in self.retired or c in selected)

    def renew(self, value: Any) -> tuple[Any, list[str]]:
        """value with each retired value replaced by its successor, and what was replaced."""
        values = value if self.is_list else (value,)
        old = [v for v in values if v in self.retired]
        if not old:
            return value, []
        renewed = tuple(dict.fromkeys(self.retired.get(v, v) for v in values))
        return (renewed if self.is_list else renewed[0]), [f"{v} is now {self.retired[v]}" for v in old]

    @property
    def is_list(self) -> bool:
        return self.per_layer or self.widget == "multiselect"

    def parse_json(self, value: Any) -> Any:
        if not self.is_list:
            return self.parse_one(value)
        if not isinstance(value, list):
            raise ValueError("not a list")
        return self._sequence([self.parse_one(v) for v in value])

    def parse_text(self, text: Any) -> Any:
        if not isinstance(text, str) or len(text) > self.max_text:
            raise ValueError("not a setting's text")
        if not self.is_list:
            return self.parse_text_one(text)
        parts = [p.strip() for p in text.split(",") if p.strip()]
        return self._sequence([self.parse_text_one(p) for p in parts])

    def _sequence(self, values: list) -> tuple:
        if not self.per_layer:
            if not values:
                raise ValueError("choose at least one input feature")
            if len(set(values)) != len(values):
                raise ValueError("each feature may be chosen only once")
        elif len(values) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
        return tuple(values)

    def link(self, value: Any) -> str:
        """A value as it is written in a link."""
        return self.follows if value is None and self.follows else show(value)

    def text(self, value: Any) -> str:
        """A value as its widget shows it."""
        return self.labels.get(value, show(value))

    def to_json(self, value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value


def _set(attribute: str, convert=lambda v: v):
    """A live change that sets one attribute of the running network."""
    return lambda trainer, value: setattr(trainer.network, attribute, convert(value))


def _set_batch(trainer, value) -> None:
    trainer.batch_size = value


DATASET_LABELS = {"circles": "Circles", "moons": "Moons", "xor": "XOR", "gaussian": "Two Gaussians",
                  "spiral": "Spiral", "blobs3": "3-class blobs", "spiral3": "3-class spiral",
                  "plane": "Regression: plane", "gauss_bumps": "Regression: bumps", DRAW: "Draw your own",
                  CSV: "Upload CSV…"}

SETTINGS: tuple[Setting, ...] = (
    Setting("dataset", "Dataset", "circles", "data", "Data", "selectbox", DATASETS + (DRAW, CSV),
            labels=DATASET_LABELS),
    Setting("noise", "Noise", 0.1, "data", "Data", "select_slider",
            (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)),
    Setting("n_samples", "Number of points", 500, "data", "Data", "select_slider",
            (50, 100, 200, 300, 500, 1000, 2000), aliases=("points",)),
    Setting("test_ratio", "Test ratio", 0.3, "data", "Data", "select_slider",
            (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), aliases=("test",),
            labels={r: f"{r:.0%}" for r in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)}),
    Setting("features", "Input features", ("x1", "x2"), "data", "Data", "multiselect", tuple(FEATURES),
            noun="feature", retired=RETIRED_FEATURES, labels={old: f"{old} (old: unscaled)" for old in RETIRED_FEATURES},
            help="sin(πx1) is sin(π·x1): one full period over the data's range −1..1 (plain sin(x1) would be "
                 "almost x1 there)"),
    Setting("hidden", "Layers and neurons", (8, 8), "model", "Network", "number", low=1, high=MAX_UNITS,
            per_layer=True, noun="layer size", aliases=("layers",)),
    Setting("activations", "Activation", ("relu", "relu"), "model", "Network", "selectbox", HIDDEN,
            per_layer=True, noun="activation", aliases=("act", "activation"),
            labels={a.name: a.label for a in REGISTRY.values()}),
    Setting("keep_probs", "Keep prob", (1.0, 1.0), "live", "Network", "selectbox", (0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
            per_layer=True, noun="keep probability", aliases=("keep", "dropout"), live=_set("keep_prob", list),
            help="Dropout: the probability of keeping each unit while training (1 = off)"),
    Setting("init", "Initialisation", "he", "model", "Network", "selectbox", nn.INIT_METHODS,
            labels={"small": "small ×0.01 (seeds)", "he": "He", "xavier": "Xavier", "zeros": "zeros"}),
    Setting("learning_rate", "Learning rate", 0.01, "live", "Training", "select_slider",
            (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), aliases=("lr",),
            live=_set("learning_rate")),
    Setting("schedule", "Learning-rate schedule", "constant", "live", "Training", "selectbox", SCHEDULES,
            live=_set("schedule"), labels={"constant": "constant", "step": "step: halve every 200 epochs",
                                           "exponential": "exponential: ×0.995 per epoch"}),
    Setting("l2", "L2 regularisation λ", 0.0, "live", "Training", "select_slider",
            (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), live=_set("l2")),
    Setting("l1", "L1 regularisation λ₁", 0.0, "live", "Training", "select_slider",
            (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), live=_set("l1"),
            help="λ₁/m·Σ|W|: pushes weights to exactly zero (thin edges vanish in the network drawing)"),
    Setting("loss", "Loss", "cross_entropy", "model", "Training", "selectbox", LOSSES,
            labels={"cross_entropy": "cross-entropy", "squared": "squared error (TF Playground)"},
            help="A classifier's loss: cross-entropy, or TF Playground's ½·mean (a − y)² on the output "
                 "(see the maths view); regression always uses mean squared error"),
    Setting("optimizer", "Optimiser", "adam", "model", "Training", "selectbox", OPTIMIZERS, aliases=("opt",),
            labels={"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}),
    Setting("batch_size", "Batch size", None, "live", "Training", "select_slider",
            (1, 2, 4, 8, 10, 16, 32, 64, 128, 256, None), aliases=("batch",), live=_set_batch,
            labels={None: "full"}),
    Setting("seed", "Seed", 0, "data", "Training", "number", low=0, high=MAX_SEED),
    Setting("init_seed", "Weights seed", None, "model", "Run", "number", low=0, high=MAX_SEED, follows="seed",
            help="Seeds the starting weights (and the batch order); empty: the Seed, as links made before this "
                 "setting. Reset goes back to these weights, New weights picks a new seed; the data stays"),
    Setting("speed", "Speed", 10, "live", "Run", "selectbox", SPEEDS,
            labels={**{v: f"{v} epochs/s" for v in SPEEDS[:-1]}, MAX_SPEED: "max"},
            help="Epochs per second while training; max: as many steps as fit in each frame"),
    Setting("stop_epoch", "Stop at epoch", 0, "live", "Run", "number", low=0, high=MAX_STOP_EPOCH,
            help="Pause when this epoch is reached (0 = never)"),
    Setting("patience", "Patience (epochs)", 0, "live", "Run", "number", low=0, high=MAX_STOP_EPOCH,
            help="Pause when the test cost has not improved for this many epochs (0 = never)"),
    Setting("points", "Drawn points", "", "data", "Draw", "none", check=check_text, max_text=MAX_TEXT,
            help="Points drawn or edited on the plot, in their link form (drawn.py)"),
)
SIDEBAR_GROUPS = ("Data", "Network", "Training")
BY_NAME = {s.name: s for s in SETTINGS}
LAYER_SETTINGS = tuple(s for s in SETTINGS if s.per_layer)
LAYER_DEFAULTS = {"hidden": 4, "activations": "relu", "keep_probs": 1.0}  # a layer added with nothing before it


def lookup(key: str, raw: Any = None) -> Setting | None:
    """The setting a link key or hide= name means (its name or an alias).
    points= with a whole number, and points in hide=, is the old alias of
    n_samples (drawn points' link form always starts with a letter)."""
    if key == "points" and (raw is None or isinstance(raw, str) and raw.strip().isdigit()):
        return BY_NAME["n_samples"]
    if key in BY_NAME:
        return BY_NAME[key]
    return next((s for s in SETTINGS if key in s.aliases), None)


# Controls that are not settings but may be hidden too (hide= in a link).
UI_CONTROLS = {"regenerate": "Regenerate", "train": "Train / Pause", "step": "Step", "step_epoch": "Step epoch",
               "reset": "Reset", "new_weights": "New weights", "show_test": "Show test data",
               "discretize": "Discretize output", "log_cost": "Log-scale cost",
               "draw": "Drawing tools"}
HIDEABLE = {**{s.name: s.label for s in SETTINGS if s.widget != "none"}, **UI_CONTROLS}
