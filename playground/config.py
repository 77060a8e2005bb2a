"""A playground setup: the data, the network and how it trains, in one value.

Config is plain data (no Streamlit): it builds the Dataset and the Network,
round-trips through URL query strings and JSON, and says which changes need a
new model and which can apply to a running one.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from . import nn
from .data import DATASETS, FEATURES, Dataset, make_dataset
from .engine import Network
from .engine.optimizers import OPTIMIZERS
from .query import first, listing, names, one_of, per_layer, url_value, written

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, None)  # None: full batch
KEEP_PROBS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
NOISE_LEVELS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
SAMPLE_SIZES = (50, 100, 200, 300, 500, 1000, 2000)
TEST_RATIOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64
MAX_SEED = 2**31 - 1
CSV = "csv"  # the dataset name of an uploaded file

# Fields that need a new dataset, a new network, or neither (applied live).
DATA_FIELDS = ("dataset", "noise", "n_samples", "test_ratio", "features", "seed")
MODEL_FIELDS = ("hidden", "activations", "init", "optimizer")
LIVE_FIELDS = ("learning_rate", "l2", "keep_probs", "batch_size")


@dataclass(frozen=True)
class Config:
    dataset: str = "circles"
    noise: float = 0.1
    n_samples: int = 500
    test_ratio: float = 0.3
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (8, 8)
    activations: tuple[str, ...] = ("relu", "relu")
    keep_probs: tuple[float, ...] = (1.0, 1.0)
    l2: float = 0.0
    init: str = "he"
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int | None = None
    seed: int = 0

    def __post_init__(self):
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        p = []
        if self.dataset not in DATASETS + (CSV,):
            p.append(f"unknown dataset {self.dataset!r}")
        if self.noise not in NOISE_LEVELS:
            p.append(f"noise must be one of {NOISE_LEVELS}")
        if self.n_samples not in SAMPLE_SIZES:
            p.append(f"number of points must be one of {SAMPLE_SIZES}")
        if self.test_ratio not in TEST_RATIOS:
            p.append(f"test ratio must be one of {TEST_RATIOS}")
        if not self.features or any(f not in FEATURES for f in self.features) \
                or len(set(self.features)) != len(self.features):
            p.append("features must be distinct names from " + ", ".join(FEATURES))
        n = len(self.hidden)
        if n > MAX_HIDDEN_LAYERS:
            p.append(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
        if any(not isinstance(u, int) or not 1 <= u <= MAX_UNITS for u in self.hidden):
            p.append(f"each hidden layer has 1 to {MAX_UNITS} neurons")
        if len(self.activations) != n or any(a not in nn.HIDDEN_ACTIVATIONS for a in self.activations):
            p.append(f"one activation per hidden layer, from {', '.join(nn.HIDDEN_ACTIVATIONS)}")
        if len(self.keep_probs) != n or any(k not in KEEP_PROBS for k in self.keep_probs):
            p.append(f"one keep probability per hidden layer, from {KEEP_PROBS}")
        if self.l2 not in L2_RATES:
            p.append(f"L2 must be one of {L2_RATES}")
        if self.init not in nn.INIT_METHODS:
            p.append(f"initialisation must be one of {', '.join(nn.INIT_METHODS)}")
        if self.optimizer not in OPTIMIZERS:
            p.append(f"optimiser must be one of {', '.join(OPTIMIZERS)}")
        if self.learning_rate not in LEARNING_RATES:
            p.append(f"learning rate must be one of {LEARNING_RATES}")
        if self.batch_size not in BATCH_SIZES:
            p.append("batch size must be one of 1, 2, 4, …, 256 or full")
        if not isinstance(self.seed, int) or not 0 <= self.seed <= MAX_SEED:
            p.append(f"seed must be a whole number from 0 to {MAX_SEED}")
        return p

    # ------------------------------------------------------------- building
    def make_dataset(self) -> Dataset:
        return make_dataset(self.dataset, n_samples=self.n_samples, noise=self.noise,
                            test_ratio=self.test_ratio, seed=self.seed, features=self.features)

    def layer_dims(self, dataset: Dataset) -> list[int]:
        n_out = 1 if dataset.task == "regression" or dataset.n_classes == 2 else dataset.n_classes
        return [dataset.n_features, *self.hidden, n_out]

    def make_network(self, dataset: Dataset) -> Network:
        return Network(self.layer_dims(dataset), activation=list(self.activations),
                       output="linear" if dataset.task == "regression" else None, init=self.init,
                       l2=self.l2, keep_prob=list(self.keep_probs), optimizer=self.optimizer,
                       learning_rate=self.learning_rate, seed=self.seed)

    def changed(self, other: "Config") -> set[str]:
        return {f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)}

    def with_layers(self, count: int) -> "Config":
        """Add or drop hidden layers at the end; new ones copy the last one."""
        count = max(0, min(MAX_HIDDEN_LAYERS, count))
        hidden, acts, keeps = list(self.hidden), list(self.activations), list(self.keep_probs)
        while len(hidden) < count:
            hidden.append(hidden[-1] if hidden else 4)
            acts.append(acts[-1] if acts else "relu")
            keeps.append(keeps[-1] if keeps else 1.0)
        return replace(self, hidden=tuple(hidden[:count]), activations=tuple(acts[:count]),
                       keep_probs=tuple(keeps[:count]))

    # ------------------------------------------------------- query strings
    def to_query(self) -> dict[str, str]:
        return {key: url_value(getattr(self, name)) for name, key in QUERY_KEYS.items()}

    @classmethod
    def from_query(cls, query: dict) -> tuple["Config", list[str]]:
        """Parse what to_query wrote. Each bad value falls back to its default
        with a notice naming the key and the value as written in the link;
        unknown keys are ignored silently (other tools add them)."""
        notices, values = [], asdict(cls())

        def read(key: str, parse, fallback):
            if key not in query:
                return fallback
            raw = first(query[key])
            try:
                return parse(raw if isinstance(raw, str) else "")
            except ValueError as error:
                notices.append(f"ignored {key}={written(raw)}: {error}; using {url_value(fallback) or 'none'}")
                return fallback

        for name, key in QUERY_KEYS.items():
            if key in _QUERY_PARSERS:
                values[name] = read(key, _QUERY_PARSERS[key], values[name])
        n = len(values["hidden"])
        values["activations"] = read("act", lambda raw: per_layer(raw, n, "activation", nn.HIDDEN_ACTIVATIONS),
                                     ("relu",) * n)
        values["keep_probs"] = read("keep", lambda raw: per_layer(raw, n, "keep probability", KEEP_PROBS),
                                    (1.0,) * n)
        return cls(**values), notices

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> str:
        return json.dumps({"format": "playground-config", "version": 1, "config": asdict(self)}, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> "Config":
        """Parse a configuration file; ValueError says what is wrong with it."""
        if isinstance(text, (bytes, bytearray)):
            if len(text) > 100_000:
                raise ValueError("configuration file is too large (over 100 kB)")
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueError("configuration file is not UTF-8 text") from None
        try:
            payload = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ValueError(f"configuration file is not valid JSON: {error}") from None
        if not isinstance(payload, dict) or payload.get("format") != "playground-config" \
                or not isinstance(payload.get("config"), dict):
            raise ValueError("not a playground configuration file (missing format tag)")
        data = payload["config"]
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"configuration has unknown settings: {', '.join(map(str, unknown))[:200]}")
        try:
            for key in ("features", "hidden", "activations", "keep_probs"):
                if key in data:
                    if not isinstance(data[key], list):
                        raise ValueError(f"{key} must be a list")
                    data[key] = tuple(data[key])
            return cls(**data)
        except (ValueError, TypeError) as error:
            raise ValueError(f"configuration is invalid: {error}") from None


# ----------------------------------------------------- reading a link's values
def _dataset(text: str) -> str:
    if text == CSV:
        raise ValueError("uploaded data is not kept in links")
    return one_of(DATASETS, "dataset")(text)


def _seed(text: str) -> int:
    try:
        seed = int(text) if len(text) <= 20 else -1
    except ValueError:
        seed = -1
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")
    return seed


def _features(text: str) -> tuple[str, ...]:
    chosen = names(text)
    if not chosen or any(n not in FEATURES for n in chosen) or len(set(chosen)) != len(chosen):
        raise ValueError(f"features must be distinct names from {listing(FEATURES)}")
    return chosen


def _layers(text: str) -> tuple[int, ...]:
    try:
        hidden = tuple(int(u) for u in names(text))
    except ValueError:
        hidden = (0,)
    if len(hidden) > MAX_HIDDEN_LAYERS or any(not 1 <= u <= MAX_UNITS for u in hidden):
        raise ValueError(f"layers must be up to {MAX_HIDDEN_LAYERS} neuron counts from 1 to {MAX_UNITS}, "
                         "separated by commas")
    return hidden


# The link's key for each setting, and how each key's value is read (act and
# keep depend on the number of layers, so from_query reads them last).
QUERY_KEYS = {"dataset": "dataset", "noise": "noise", "n_samples": "points", "test_ratio": "test",
              "features": "features", "hidden": "layers", "activations": "act", "keep_probs": "keep", "l2": "l2",
              "init": "init", "optimizer": "opt", "learning_rate": "lr", "batch_size": "batch", "seed": "seed"}
_QUERY_PARSERS = {
    "dataset": _dataset, "noise": one_of(NOISE_LEVELS, "noise", float),
    "points": one_of(SAMPLE_SIZES, "the number of points", int),
    "test": one_of(TEST_RATIOS, "the test ratio", float), "features": _features, "layers": _layers,
    "l2": one_of(L2_RATES, "L2", float), "init": one_of(nn.INIT_METHODS, "initialisation"),
    "opt": one_of(tuple(OPTIMIZERS), "optimiser"), "lr": one_of(LEARNING_RATES, "the learning rate", float),
    "batch": one_of(BATCH_SIZES, "the batch size", lambda text: None if text == "full" else int(text)),
    "seed": _seed,
}
