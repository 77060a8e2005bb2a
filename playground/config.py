"""A playground setup: the data, the network and how it trains, in one value.

Config has one field per row of playground.settings.SETTINGS and nothing
else: it is made from that table, and so are its checks, its link (query
string) and JSON forms and the list of what a change needs. Plain data, no
Streamlit: it also builds the Dataset and the Network it describes.
"""
from __future__ import annotations

import json
from dataclasses import field, fields, make_dataclass, replace

from . import drawn
from .data import Dataset, make_dataset
from .engine import Network
from .settings import (BY_NAME, CSV, LAYER_DEFAULTS, LAYER_SETTINGS, MAX_HIDDEN_LAYERS, SETTINGS, lookup,
                       quoted, show, written)

FORMAT = "playground-config"
MAX_JSON_BYTES = 100_000


class _ConfigMethods:
    """The behaviour of Config; its fields come from the settings table."""

    def __post_init__(self):
        values, problems = checked(self)
        if problems:
            raise ValueError("; ".join(problems))
        for name, value in values.items():  # one spelling per value: 1 becomes 1.0, a list a tuple
            object.__setattr__(self, name, value)

    def problems(self) -> list[str]:
        """What is wrong with these settings (always nothing: a Config that
        has problems is never made; kept for callers that check)."""
        return checked(self)[1]

    # ------------------------------------------------------------- building
    def make_dataset(self) -> Dataset:
        if self.points:
            return drawn.decoded(self.points, self.dataset, self.features)
        if self.dataset == drawn.DRAW:
            return drawn.empty(2, self.features)
        return make_dataset(self.dataset, n_samples=self.n_samples, noise=self.noise,
                            test_ratio=self.test_ratio, seed=self.seed, features=self.features)

    def layer_dims(self, dataset: Dataset) -> list[int]:
        n_out = 1 if dataset.task == "regression" or dataset.n_classes == 2 else dataset.n_classes
        return [dataset.n_features, *self.hidden, n_out]

    def make_network(self, dataset: Dataset) -> Network:
        return Network(self.layer_dims(dataset), activation=list(self.activations),
                       output="linear" if dataset.task == "regression" else None, init=self.init,
                       l2=self.l2, l1=self.l1, keep_prob=list(self.keep_probs), optimizer=self.optimizer,
                       learning_rate=self.learning_rate, seed=self.weights_seed,
                       schedule=self.schedule, loss=self.loss)

    @property
    def weights_seed(self) -> int:
        """The seed of the starting weights: init_seed, or seed when it is empty (as before init_seed)."""
        return self.seed if self.init_seed is None else self.init_seed

    def changed(self, other) -> set[str]:
        return {f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)}

    def needs(self, other) -> str | None:
        """What going from other to self needs: 'data', 'model', 'live' or None."""
        applies = {BY_NAME[name].applies for name in self.changed(other)}
        return next((kind for kind in ("data", "model", "live") if kind in applies), None)

    def with_layers(self, count: int):
        """Add or drop hidden layers at the end; new ones copy the last one."""
        count = max(0, min(MAX_HIDDEN_LAYERS, count))
        columns = {s.name: list(getattr(self, s.name)) for s in LAYER_SETTINGS}
        for name, values in columns.items():
            while len(values) < count:
                values.append(values[-1] if values else LAYER_DEFAULTS[name])
        return replace(self, **{name: tuple(values[:count]) for name, values in columns.items()})

    # ------------------------------------------------------- query strings
    def to_query(self) -> dict[str, str]:
        return {s.name: s.link(getattr(self, s.name)) for s in SETTINGS if getattr(self, s.name) != ""}

    @classmethod
    def from_query(cls, query: dict):
        """Parse a link's query. Each bad value falls back to its default with a
        notice naming the key and the value as written; keys that name no
        setting are left alone (other tools add their own)."""
        default, values, notices = cls(), {}, []
        given = {}
        for key, raw in query.items():
            raw = raw[0] if isinstance(raw, list) and raw else raw
            setting = lookup(key, raw)
            if setting is not None and setting.name not in given:
                given[setting.name] = (key, raw)
        n = len(default.hidden)
        for s in sorted((BY_NAME[name] for name in given), key=lambda s: s.name != "hidden"):  # hidden first
            key, raw = given[s.name]
            fallback = (LAYER_DEFAULTS[s.name],) * n if s.per_layer and s.name != "hidden" else getattr(default, s.name)
            try:
                value = s.parse_text(raw)
                if s.per_layer and s.name != "hidden" and len(value) != n:
                    plural = "s" * (n != 1)
                    raise ValueError(f"the network has {n} hidden layer{plural}, so it needs {n} {s.what} "
                                     f"value{plural}, not {len(value)}")
                if s.name == "dataset" and value == CSV:
                    raise ValueError("uploaded data is not kept in links")
            except ValueError as error:
                notices.append(f"ignored {key}={written(raw)}: {error}; using {s.link(fallback) or 'none'}")
                continue
            value, renewed = s.renew(value)  # an old link's retired value: its successor, said so
            if renewed:
                notices.append(f"read {key}={written(raw)} as {show(value)}: {'; '.join(renewed)}")
            values[s.name] = value
            if s.name == "hidden":
                n = len(value)
        for s in LAYER_SETTINGS:  # layers the link does not describe get the defaults
            if s.name not in values and len(getattr(default, s.name)) != n:
                values[s.name] = (LAYER_DEFAULTS[s.name],) * n
        return cls(**values), notices

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": 1,
                           "config": {s.name: s.to_json(getattr(self, s.name)) for s in SETTINGS}}, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes):
        """Parse a whole configuration file, or raise one ValueError that lists
        every problem, each naming the setting and its value."""
        if len(text) > MAX_JSON_BYTES:
            raise ValueError(f"configuration file is too large (over {MAX_JSON_BYTES // 1000} kB)")
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
            raise ValueError("configuration file's lists are nested too deeply") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT \
                or not isinstance(payload.get("config"), dict):
            raise ValueError("not a playground configuration file (missing format tag)")
        version = payload.get("version", 1)
        if type(version) is not int or version != 1:
            raise ValueError(f"unsupported configuration file version {quoted(version)} (this app reads version 1)")
        data = payload["config"]
        unknown = sorted(str(key) for key in data if key not in BY_NAME)
        if unknown:
            raise ValueError(f"configuration has unknown settings: {', '.join(unknown)[:200]}")
        values, problems = {}, []
        for name, value in data.items():
            try:
                values[name] = BY_NAME[name].parse_json(value)
            except ValueError as error:
                shown = value if isinstance(value, _LongNumber) else json.dumps(value)
                problems.append(f"{name} {quoted(shown)}: {error}")
        if problems:
            raise ValueError("configuration is invalid: " + "; ".join(problems))
        try:
            return cls(**values)
        except ValueError as error:
            raise ValueError(f"configuration is invalid: {error}") from None


class _LongNumber(str):
    """A whole number too long to be any setting (Python will not even read one of 4,300 digits)."""


def _whole_number(text: str):
    return int(text) if len(text) <= 40 else _LongNumber(f"(a number of {len(text.lstrip('-'))} digits)")


def checked(cfg) -> tuple[dict, list[str]]:
    """Each setting's value in its one spelling, and the problems, each naming
    the setting and its value (the layer lists must agree in length)."""
    values, problems = {}, []
    for s in SETTINGS:
        value = getattr(cfg, s.name)
        try:
            values[s.name] = s.parse_json(s.to_json(value))
        except ValueError as error:
            problems.append(f"{s.name} {quoted(value)}: {error}")
    if "hidden" in values:
        n = len(values["hidden"])
        for s in LAYER_SETTINGS:
            if s.name in values and len(values[s.name]) != n:
                problems.append(f"{s.name} {quoted(values[s.name])}: one value per hidden layer ({n})")
    return values, problems


Config = make_dataclass(
    "Config", [(s.name, object, field(default=s.default)) for s in SETTINGS], bases=(_ConfigMethods,),
    frozen=True, namespace={"__doc__": "A whole playground setup: one field per row of settings.SETTINGS.",
                            "__module__": __name__})
