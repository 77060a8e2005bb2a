"""A playground setup: the data, the network and how it trains, in one value.

Config is plain data (no Streamlit): it builds the Dataset and the Network,
round-trips through URL query strings and JSON, and says which changes need a
new model and which can apply to a running one.
"""
from __future__ import annotations

import json
import numbers
from dataclasses import asdict, dataclass, fields, replace

from . import nn
from .data import DATASETS, FEATURES, Dataset, make_dataset
from .engine import Network
from .engine.optimizers import OPTIMIZERS

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
        values, problems = _checked(self)
        if problems:
            raise ValueError("; ".join(problems))
        for name, value in values.items():  # 1 becomes 1.0, lists become tuples: one spelling per value
            object.__setattr__(self, name, value)

    def problems(self) -> list[str]:
        """What is wrong with these settings, each naming the setting and its value."""
        return _checked(self)[1]

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
        return {
            "dataset": self.dataset, "noise": _num(self.noise), "points": str(self.n_samples),
            "test": _num(self.test_ratio), "features": ",".join(self.features),
            "layers": ",".join(map(str, self.hidden)), "act": ",".join(self.activations),
            "keep": ",".join(_num(k) for k in self.keep_probs), "l2": _num(self.l2),
            "init": self.init, "opt": self.optimizer, "lr": _num(self.learning_rate),
            "batch": "full" if self.batch_size is None else str(self.batch_size),
            "seed": str(self.seed),
        }

    @classmethod
    def from_query(cls, query: dict) -> tuple["Config", list[str]]:
        """Parse what to_query wrote. Each bad value falls back to its default
        and adds a notice; unknown keys are ignored silently (other tools add them)."""
        default, values, notices = cls(), {}, []
        parsers = {
            "dataset": ("dataset", str), "noise": ("noise", float), "points": ("n_samples", int),
            "test": ("test_ratio", float), "features": ("features", _names),
            "l2": ("l2", float), "init": ("init", str), "opt": ("optimizer", str),
            "lr": ("learning_rate", float), "batch": ("batch_size", _batch), "seed": ("seed", int),
        }
        for key, (name, parse) in parsers.items():
            if key not in query:
                continue
            raw = _first(query[key])
            try:
                candidate = replace(default, **{name: parse(raw)})
            except (ValueError, TypeError):
                notices.append(f"ignored {key}={_show(raw)}: not a valid {key}; using {_show(getattr(default, name))}")
                continue
            if name == "dataset" and candidate.dataset == CSV:
                notices.append("uploaded data is not kept in links; showing the default dataset")
                continue
            values[name] = getattr(candidate, name)
        base = replace(default, **values)
        if any(k in query for k in ("layers", "act", "keep")):
            try:
                hidden = tuple(int(u) for u in _names(_first(query.get("layers", "")))) \
                    if "layers" in query else base.hidden
                n = len(hidden)
                acts = _names(_first(query["act"])) if "act" in query else ("relu",) * n
                keeps = tuple(float(k) for k in _names(_first(query["keep"]))) if "keep" in query else (1.0,) * n
                base = replace(base, hidden=hidden, activations=acts, keep_probs=keeps)
            except (ValueError, TypeError):
                notices.append(f"ignored the layer settings in the link ({_show(_first(query.get('layers', '')))}); "
                               "using the default network")
        return base, notices

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> str:
        return json.dumps({"format": "playground-config", "version": 1, "config": asdict(self)}, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> "Config":
        """Parse a configuration file; ValueError says what is wrong with it."""
        if len(text) > 100_000:
            raise ValueError("configuration file is too large (over 100 kB)")
        if isinstance(text, (bytes, bytearray)):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueError("configuration file is not UTF-8 text") from None
        try:
            payload = json.loads(text, parse_int=_whole_number)
        except json.JSONDecodeError as error:
            raise ValueError(f"configuration file is not valid JSON: {error}") from None
        except RecursionError:
            raise ValueError("configuration file is not usable: its lists are nested too deeply") from None
        if not isinstance(payload, dict) or payload.get("format") != "playground-config" \
                or not isinstance(payload.get("config"), dict):
            raise ValueError("not a playground configuration file (missing format tag)")
        version = payload.get("version", 1)
        if type(version) is not int or version != 1:
            raise ValueError(f"unsupported configuration file version {_val(version)} (this app reads version 1)")
        data = payload["config"]
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"configuration has unknown settings: {', '.join(unknown)[:200]}")
        try:
            return cls(**data)
        except ValueError as error:
            raise ValueError(f"configuration is invalid: {error}") from None


def _num(x: float) -> str:
    return f"{x:g}"


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _names(text) -> tuple[str, ...]:
    if not isinstance(text, str) or len(text) > 500:
        raise ValueError("not a list")
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _batch(text: str) -> int | None:
    return None if text == "full" else int(text)


def _show(value) -> str:
    text = str(value)
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


# ---------------------------------------------------------------- validation
NAME_CHOICES = {"dataset": DATASETS + (CSV,), "init": tuple(nn.INIT_METHODS), "optimizer": tuple(OPTIMIZERS)}
NUMBER_CHOICES = {"noise": NOISE_LEVELS, "n_samples": SAMPLE_SIZES, "test_ratio": TEST_RATIOS, "l2": L2_RATES,
                  "learning_rate": LEARNING_RATES, "batch_size": BATCH_SIZES}
WHOLE_NUMBERS = ("n_samples", "batch_size")
_NO = object()  # "not an allowed value" (None is one: the full batch)


def _checked(cfg: Config) -> tuple[dict, list[str]]:
    """Every setting in its canonical form (the allowed value itself, so 1 gives
    1.0 and a list a tuple) and the problems, each naming the setting and value.
    Types are checked before values: True == 1 in Python, a list is unhashable."""
    values, p = {}, []
    for name, options in {**NAME_CHOICES, **NUMBER_CHOICES}.items():
        value = _choice(getattr(cfg, name), options, name in WHOLE_NUMBERS)
        if value is _NO:
            p.append(f"{name} {_val(getattr(cfg, name))} is not allowed; choose from {_options(options)}")
        else:
            values[name] = value
    features = _items(cfg.features)
    if not features or any(not isinstance(f, str) or f not in FEATURES for f in features) \
            or len(set(features)) != len(features):
        p.append(f"features {_val(cfg.features)}: give a list of distinct names from {', '.join(FEATURES)}")
    else:
        values["features"] = features
    hidden = _items(cfg.hidden)
    if hidden is None or len(hidden) > MAX_HIDDEN_LAYERS or any(_whole(u, 1, MAX_UNITS) is None for u in hidden):
        p.append(f"hidden {_val(cfg.hidden)}: give a list of at most {MAX_HIDDEN_LAYERS} layer sizes, "
                 f"each a whole number from 1 to {MAX_UNITS}")
    else:
        values["hidden"] = tuple(int(u) for u in hidden)
    for name, options in (("activations", nn.HIDDEN_ACTIVATIONS), ("keep_probs", KEEP_PROBS)):
        raw = getattr(cfg, name)
        items = _items(raw)
        picked = None if items is None else tuple(_choice(item, options) for item in items)
        if picked is None or _NO in picked:
            p.append(f"{name} {_val(raw)}: give one per hidden layer, each from {_options(options)}")
        elif "hidden" in values and len(picked) != len(hidden):
            p.append(f"{name} {_val(raw)} has {len(picked)} entries for {len(hidden)} hidden layers")
        else:
            values[name] = picked
    seed = _whole(cfg.seed, 0, MAX_SEED)
    if seed is None:
        p.append(f"seed {_val(cfg.seed)} is not allowed; give a whole number from 0 to {MAX_SEED}")
    else:
        values["seed"] = seed
    return values, p


def _is_number(value, whole: bool) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Integral if whole else numbers.Real)


def _choice(value, options: tuple, whole: bool = False):
    """The option equal to value (1 gives 1.0), or _NO. A bool is never a number here."""
    kind = str if isinstance(value, str) else type(None) if value is None else numbers.Real
    if kind is numbers.Real and not _is_number(value, whole):
        return _NO
    return next((option for option in options if isinstance(option, kind) and option == value), _NO)


def _whole(value, low: int, high: int) -> int | None:
    return int(value) if _is_number(value, True) and low <= value <= high else None


def _items(value) -> tuple | None:
    return tuple(value) if isinstance(value, (list, tuple)) else None


def _options(options) -> str:
    shown = [o if isinstance(o, str) else _num(o) for o in options if o is not None]
    return ", ".join(shown) + (" or null (the full batch)" if None in options else "")


class _LongNumber(str):
    """A whole number too long to be any setting (Python will not even read one of 4,300 digits)."""


def _whole_number(text: str):
    return int(text) if len(text) <= 40 else _LongNumber(f"(a number of {len(text.lstrip('-'))} digits)")


def _val(value) -> str:
    """A value as it is written in a configuration file (JSON), cut to 40 characters."""
    if isinstance(value, _LongNumber):
        return value
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # not JSON data, or a number too long to print (Python callers)
        text = f"(a {type(value).__name__} that cannot be shown)"
    return text[:40] + ("…" if len(text) > 40 else "")
